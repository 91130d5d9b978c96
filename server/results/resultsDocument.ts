// The results and errors files as documents of their own kind: the server keeps their text (to know
// which line the cursor is on) and leads from a line's custom_id to the request that made it.
import { basename, dirname, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { Position } from 'vscode-languageserver-types';

const RESULTS_NAME = /^(.+)\.(results|errors)\.jsonl$/i;

/** True for `<name>.results.jsonl` and `<name>.errors.jsonl`, the names the project saves. */
export function isResultsPath(path: string): boolean {
  return RESULTS_NAME.test(basename(path));
}

/** The batch file a results or errors file belongs to: `<name>.batch.json` beside it. */
export function batchFileOf(resultsPath: string): string | undefined {
  const m = RESULTS_NAME.exec(basename(resultsPath));
  return m ? join(dirname(resultsPath), `${m[1]}.batch.json`) : undefined;
}

/** Where a line's custom_id value is, in UTF-16 columns (quotes included); undefined without one. */
export function customIdColumn(line: string): { start: number; end: number; id: string } | undefined {
  const m = /"custom_id"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(line);
  if (!m) return undefined;
  const start = m.index + m[0].length - m[1].length;
  try {
    return { start, end: start + m[1].length, id: JSON.parse(m[1]) as string };
  } catch {
    return undefined;
  }
}

export class ResultsDocuments {
  private readonly open = new Map<string, TextDocument>();

  has(uri: string): boolean {
    return this.open.has(uri);
  }

  didOpen(uri: string, version: number, text: string): void {
    this.open.set(uri, TextDocument.create(uri, 'jsonl', version, text));
  }

  didChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void {
    const doc = this.open.get(uri);
    if (doc) this.open.set(uri, TextDocument.update(doc, changes, version));
  }

  didClose(uri: string): void {
    this.open.delete(uri);
  }

  /** The custom_id on the cursor's line, when the cursor is on that line's custom_id value. */
  customIdAt(uri: string, position: Position): string | undefined {
    const doc = this.open.get(uri);
    if (!doc) return undefined;
    const text = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
    const at = customIdColumn(text);
    return at && position.character >= at.start && position.character <= at.end ? at.id : undefined;
  }
}
