// The contract between the extension and the language server beyond standard LSP, imported by
// both sides so they cannot drift apart.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Catalogue } from './models/catalogue';

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
