// The contract between the extension and the language server beyond standard LSP, imported by
// both sides so they cannot drift apart.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** The settings section the server reads through `workspace/configuration`. */
export const SETTINGS_SECTION = 'mistralBatch';

/** Server-side settings, read per document. */
export interface ServerSettings {
  maxProblems: number;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = { maxProblems: 1000 };

export interface CheckFileParams {
  /** A document URI; names the file in messages and, without `text`, says what to read. */
  uri: string;
  /**
   * The exact text to check. Submission passes the text it is about to send, so the verdict cannot
   * be about another version (an unsaved edit, or a change on disk in between). Without it, the
   * open document's text is used when there is one, else the file on disk.
   */
  text?: string;
}

export interface CheckFileResult {
  errors: number;
  warnings: number;
}

/** Counts the problems of a batch file with the server's own analysis (used before submitting). */
export const CheckFileRequest = new RequestType<CheckFileParams, CheckFileResult, void>('mistralBatch/checkFile');

/** The language of `.jsonl` batch inputs (a request per line). */
export const BATCH_INPUT_LANGUAGE_ID = 'mistral-batch-jsonl';

export interface InputKindParams {
  uri: string;
  /** The start of the document's text, enough to hold its first non-empty line (or a part of it). */
  head: string;
}

export interface InputKindResult {
  batchInput: boolean;
}

/** Whether a `.jsonl` document is a batch input, for the client to switch its language. */
export const InputKindRequest = new RequestType<InputKindParams, InputKindResult, void>('mistralBatch/inputKind');

export interface EndpointChoiceParams {
  uri: string;
  /** The endpoint the user chose for this input file; null forgets the choice. */
  endpoint: string | null;
}

/** The user's choice of endpoint for a batch input, remembered by the client per file. */
export const EndpointChoiceNotification = new NotificationType<EndpointChoiceParams>('mistralBatch/endpointChoice');

/** Where a batch input's endpoint comes from, in the order they are tried. */
export type EndpointSource = 'batch-file' | 'choice' | 'inferred' | 'none';

export interface InputEndpointParams {
  uri: string;
  endpoint: string | undefined;
  source: EndpointSource;
  /** Why the endpoint was inferred, in words (source `inferred`): "the bodies have `messages`". */
  because?: string;
  /** The batch file the endpoint was taken from (source `batch-file`). */
  batchFile?: string;
  /** Set when batch files naming this input disagree on the endpoint, in words. */
  conflict?: string;
  /** Every endpoint a line can be checked against, for the client's choice. */
  endpoints: string[];
}

/** Sent by the server when a batch input opens and whenever its endpoint changes. */
export const InputEndpointNotification = new NotificationType<InputEndpointParams>('mistralBatch/inputEndpoint');
