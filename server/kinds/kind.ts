// What every kind of document offers the server, so handlers never ask which kind they hold: the
// kind is picked once, when the document opens (see Documents), and answers these few verbs.
import type { DocumentSymbol } from 'vscode-languageserver-types';
import type { Catalogue } from '../../core/models/catalogue';
import { FindingsPage, Piece } from '../analysis/analysis';
import { LocalInputRef } from '../analysis/top';
import { BatchDocument, TextSource } from '../text/document';

export interface DocumentAnalysis {
  /** Applies one edit: `length` characters at `offset` were replaced, giving `text`. */
  update(offset: number, length: number, text: TextSource | string): void;
  /** Findings in document offsets and order, at most `maxProblems`. */
  findings(maxProblems?: number): FindingsPage;
  counts(): { errors: number; warnings: number };
  /** Local `input_files` entries, whose absence is an error (none for kinds without them). */
  localInputs(): LocalInputRef[];
  /** The request (or other self-contained piece) around an offset, for completion and hover. */
  pieceAt(offset: number): Piece;
  textAround(start: number, end: number): string;
  getText(): string;
  /** The endpoint, body schema and model the requests are checked against. */
  readonly job: { endpoint: string | undefined; bodyUri: string | undefined; model: string | undefined };
  /** The models known (the account's over the bundled ones), for completion and hover on a model. */
  readonly models: Catalogue;
  setCatalogue(catalogue: Catalogue): void;
  /** The outline, for a kind that has one of its own (the batch file's is in features/outline.ts). */
  outline?(): DocumentSymbol[];
  /** Where the requests are, where the kind keeps them in one array (the inline `requests`). */
  requestSpans?(): { array: { start: number; end: number }; requests: { start: number; end: number; customId: string | undefined }[] } | undefined;
}

/** A kind of document other than the batch file, which is the default. */
export interface DocumentKind {
  /** Asked once, at open. */
  owns(uri: string, languageId: string | undefined): boolean;
  /** `catalogue`: the models known now, for the kind's model checks. */
  open(doc: BatchDocument, catalogue: Catalogue): DocumentAnalysis;
  /** The document was closed. */
  closed(uri: string): void;
}
