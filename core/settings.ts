// The settings the language server reads, declared once for the extension, the server and the
// command line (which takes the same problem cap). Apart from protocol.ts so the CLI, which speaks
// no LSP, does not load the protocol library to read a default.

/** The settings section the server reads through `workspace/configuration`. */
export const SETTINGS_SECTION = 'mistralBatch';

/** Server-side settings, read per document. */
export interface ServerSettings {
  maxProblems: number;
  /** Inlay hints with each request's outcome, when its job's results are beside the file. */
  resultHints: boolean;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { maxProblems: 1000, resultHints: true };

/** What a client may pass as `initializationOptions`: initial settings, and what it answers. */
export interface InitializationOptions extends Partial<ServerSettings> {
  /** The client answers SubmittedRequestsRequest. */
  submittedRequests?: boolean;
}

/** Every key of ServerSettings, once: the settings the server is sent, and nothing else. */
const SERVER_SETTING_KEYS = ['maxProblems', 'resultHints'] as const satisfies readonly (keyof ServerSettings)[];

/** The settings the server is sent, as dotted sections: nothing else of `mistralBatch` (the base URL, say) goes over the wire or into its trace. */
export const SERVER_SETTING_SECTIONS = SERVER_SETTING_KEYS.map((key) => `${SETTINGS_SECTION}.${key}`);

/** Of a `mistralBatch` settings object, only what the server reads (the server checks the values). */
export function serverSettingsOf(raw: unknown): Partial<Record<keyof ServerSettings, unknown>> {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return Object.fromEntries(SERVER_SETTING_KEYS.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}
