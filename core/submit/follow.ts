// Following a job to its end (CLI --wait, the jobs view, the CodeLens) and fetching what it produced.
import { ApiError, BatchApi, BatchJob, CallOptions } from '../api';
import { sleep } from '../time';
import { moveAside, SavedFile, saveKeepingEarlier } from './outputs';

export { sleep };

export const TERMINAL_STATUSES = ['SUCCESS', 'FAILED', 'TIMEOUT_EXCEEDED', 'CANCELLED'] as const;

export function isTerminalStatus(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

/** Failures worth waiting out; anything else (bad key, unknown job) will not fix itself. */
export function isTransientError(err: unknown): boolean {
  return err instanceof ApiError && ['network', 'connection-lost', 'timeout', 'rate-limited', 'server'].includes(err.kind);
}

/** The wait before the next poll: the interval, doubled for each failure in a row, capped. */
export function nextPollDelay(intervalMs: number, consecutiveErrors: number, maxMs = 5 * 60_000): number {
  return Math.min(maxMs, intervalMs * 2 ** Math.min(consecutiveErrors, 16));
}

export interface FollowOptions {
  intervalMs: number;
  /** Longest wait between polls while backing off; default 5 minutes. */
  maxIntervalMs?: number;
  /** Give up after this many failures in a row; default 10. */
  maxConsecutiveErrors?: number;
  signal?: AbortSignal;
  onUpdate?: (job: BatchJob) => void;
  /** A transient failure; polling goes on after `retryInMs`. */
  onError?: (err: ApiError, retryInMs: number) => void;
  /** Injectable for tests. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Polls until the job reaches a terminal status and returns it; stops (rejecting) when the signal fires. */
export async function followJob(api: BatchApi, jobId: string, opts: FollowOptions): Promise<BatchJob> {
  const wait = opts.wait ?? sleep;
  const maxErrors = opts.maxConsecutiveErrors ?? 10;
  let errors = 0;
  for (;;) {
    try {
      const job = await api.getJob(jobId, { signal: opts.signal });
      errors = 0;
      opts.onUpdate?.(job);
      if (isTerminalStatus(job.status)) return job;
    } catch (err) {
      if (!isTransientError(err) || ++errors >= maxErrors) throw err;
      opts.onError?.(err as ApiError, nextPollDelay(opts.intervalMs, errors, opts.maxIntervalMs));
    }
    await wait(nextPollDelay(opts.intervalMs, errors, opts.maxIntervalMs), opts.signal);
  }
}

export interface SavedJobFiles {
  results?: SavedFile;
  errors?: SavedFile;
  /** Files of an earlier job that this job does not replace, moved to a numbered name. */
  movedAside: { from: string; to: string }[];
}

/**
 * Saves the job's output file (and error file, when there is one) to the given paths, keeping any
 * earlier file there under a numbered name (see outputs.ts). For a finished job, a file at the other
 * path that this job does not produce came from an earlier job: it is moved aside the same way, so
 * the files under the usual names belong to one job and an earlier, paid-for result is not lost.
 */
export async function downloadJobFiles(
  api: BatchApi,
  job: BatchJob,
  target: { results: string; errors: string },
  options: CallOptions & { fallbackFolder?: string } = {},
): Promise<SavedJobFiles> {
  const saved: SavedJobFiles = { movedAside: [] };
  for (const kind of ['results', 'errors'] as const) {
    const fileId = kind === 'results' ? job.outputFile : job.errorFile;
    if (fileId) {
      saved[kind] = await saveKeepingEarlier(target[kind], await api.downloadFile(fileId, options), options);
    } else if (isTerminalStatus(job.status)) {
      const aside = await moveAside(target[kind]).catch(() => undefined);
      if (aside) saved.movedAside.push({ from: target[kind], to: aside });
    }
  }
  return saved;
}

/** "RUNNING 120/1000" style progress, for status bars, CodeLenses and the CLI. */
export function describeProgress(job: BatchJob): string {
  const failed = job.failedRequests > 0 ? `, ${job.failedRequests} failed` : '';
  return `${job.status} ${job.completedRequests}/${job.totalRequests}${failed}`;
}
