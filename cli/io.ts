// What a command may touch of its process, passed in so commands stay testable and never exit by themselves.
export interface Io {
  /** Results: ids, problems, file paths. */
  out(line: string): void;
  /** Progress and errors. */
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Fires on Ctrl-C. */
  signal: AbortSignal;
}
