// The contract between the extension and the language server beyond standard LSP, imported by
// both sides so they cannot drift apart. The settings the server reads are in settings.ts.
import { CodeLens, NotificationType, RequestType, TextDocumentIdentifier } from 'vscode-languageserver-protocol';
import type { Catalogue } from './models/catalogue';
import type { FileIdentity } from './submit/localFile';

export interface CheckFileParams {
  /** A document URI; names the file in messages and, without `text`, says what to read. */
  uri: string;
  /**
   * The exact text to check. Submission passes the text it is about to send, so the verdict cannot
   * be about another version (an unsaved edit, or a change on disk in between). Without it, the
   * open document's text is used when there is one, else the file on disk.
   */
  text?: string;
  /**
   * Counts only the job's own problems and those of this request (0-based index in `requests`), and
   * returns its errors: trying one request is not stopped by another request's problems.
   */
  request?: number;
}

export interface CheckFileResult {
  errors: number;
  warnings: number;
  /** With `request`: its errors (and the job's), first ones first, at most 20. */
  problems?: CheckedProblem[];
  /** The local inputs whose lines were checked, by absolute path, as they were read: Submit refuses one changed since. */
  inputs?: { path: string; identity: FileIdentity }[];
}

export interface CheckedProblem {
  /** 0-based, like LSP positions. */
  line: number;
  character: number;
  message: string;
}

/** Counts the problems of a batch file with the server's own analysis (used before submitting). */
export const CheckFileRequest = new RequestType<CheckFileParams, CheckFileResult, void>('mistralBatch/checkFile');

/** Lines from `start` to `end`, 0-based, both included. */
export interface LineSpan {
  start: number;
  end: number;
}

export interface CodeLensesOnLinesParams {
  textDocument: TextDocumentIdentifier;
  lines: LineSpan[];
}

/**
 * The document's CodeLenses (as textDocument/codeLens gives them) that start on the lines asked
 * about. VS Code's client asks this for the lines near the screen of a large file, rather than
 * receiving a lens per request of it after every keystroke.
 */
export const CodeLensesOnLinesRequest = new RequestType<CodeLensesOnLinesParams, CodeLens[], void>('mistralBatch/codeLensesOnLines');

/** The command a "Try" CodeLens runs: one request of a batch file, sent as an ordinary call. */
export const TRY_REQUEST_COMMAND = 'mistralBatch.tryRequest';

/** The arguments of TRY_REQUEST_COMMAND, as the server's CodeLens gives them. */
export interface TryRequestArgs {
  uri: string;
  /** 0-based index in `requests`. */
  index: number;
  customId?: string;
}

export interface TryTargetParams {
  uri: string;
  position: { line: number; character: number };
}

/**
 * The request of a batch file at a position, as its Try lens would name it; null where no request can
 * be tried. The palette's "Try Request" asks this: the lenses themselves are resolved only on screen.
 */
export const TryTargetRequest = new RequestType<TryTargetParams, TryRequestArgs | null, void>('mistralBatch/tryTarget');

export interface SubmittedRequestsParams {
  /** A batch file's URI (for a .jsonl input, the batch file that names it). */
  uri: string;
}

export interface SubmittedRequestsResult {
  jobId: string;
  /** custom_id → hash of the request as it was sent (core/results `requestHash`). */
  requestHashes: Record<string, string>;
  /** The lines of its local .jsonl inputs as sent (core/results `LineHashes`), when they were few enough to keep. */
  lineHashes?: string;
}

/**
 * Server → client: the latest submission of a batch file, so results of requests edited since can be
 * marked stale. Asked only when the client says it answers (initializationOptions.submittedRequests).
 */
export const SubmittedRequestsRequest = new RequestType<SubmittedRequestsParams, SubmittedRequestsResult | null, void>('mistralBatch/submittedRequests');

export interface ModelCatalogueParams {
  /** The account's models laid over the bundled snapshot (see core/models). */
  catalogue: Catalogue;
}

/**
 * The extension tells the server which models the account has, after fetching or reading the cache,
 * and again after "Mistral: Refresh Models". Without it the server uses the cache file of
 * MISTRAL_BASE_URL (or the default API), else the bundled snapshot.
 */
export const ModelCatalogueNotification = new NotificationType<ModelCatalogueParams>('mistralBatch/modelCatalogue');

export interface BatchTemplate {
  endpoint: string;
  description: string | undefined;
  /** The model the template names, one that serves the endpoint (none when the catalogue has none). */
  model: string | undefined;
  /** A whole batch file as a snippet: the cursor's first stop is in the first message. */
  snippet: string;
}

/** A ready batch file per endpoint, written by the server from its schemas (for "New Batch File"). */
export const BatchTemplatesRequest = new RequestType<Record<string, never>, { templates: BatchTemplate[] }, void>('mistralBatch/templates');

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
  /** Why the endpoint was inferred, in words (source `inferred`): "the bodies have \"messages\"". */
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

export interface CheckInputFileParams {
  /** A `.jsonl` batch input, as a file: URI. */
  uri: string;
  /** Where the lines done are reported (LSP work-done progress); the client shows them with Cancel. */
  workDoneToken?: string;
}

export interface CheckInputFileResult {
  /**
   * `checked`: read from disk, its problems published for its URI. `open`: the editor has the file
   * open, so its problems are the ones already shown as it is edited. `cancelled`: stopped, nothing
   * new published.
   */
  outcome: 'checked' | 'open' | 'cancelled';
  /** Lines read (all of them when checked). */
  lines: number;
  errors: number;
  warnings: number;
  /** Informations: what is ignored rather than wrong. */
  notes: number;
  /** Problems published, the "more not shown" one left out. */
  shown: number;
  /** What the lines were checked against, and where that came from (as the status item says it); not when cancelled. */
  endpoint?: InputEndpointParams;
}

/**
 * Checks a `.jsonl` batch input from disk with the streaming checker, where the server runs (beside
 * the workspace's files, remote setups included), and publishes at most `mistralBatch.maxProblems`
 * of its problems for its URI: the file need not be open, and may be too large for the editor to sync.
 * A second check of the same file stops the first; a cancelled check publishes nothing. Refused with
 * a clear message for a non-file: URI, a missing file or a folder.
 */
export const CheckInputFileRequest = new RequestType<CheckInputFileParams, CheckInputFileResult, void>('mistralBatch/checkInputFile');
