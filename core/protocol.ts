// The contract between the extension and the language server beyond standard LSP, imported by
// both sides so they cannot drift apart.
import { RequestType } from 'vscode-languageserver-protocol';

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
