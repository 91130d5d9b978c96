// Open documents and their analyses. Changes are applied one by one so that an edit inside a
// single request is re-checked alone, whatever the file's size.
import { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { BatchAnalysis } from './analysis/analysis';
import { DocumentAnalysis, DocumentKind } from './kinds/kind';
import { BatchSchemas } from './schema/load';
import { BatchDocument } from './text/document';

export interface OpenDocument {
  doc: BatchDocument;
  analysis: DocumentAnalysis;
}

export class Documents {
  private readonly open = new Map<string, OpenDocument>();

  /** `kinds`: the other kinds of document, each asked at open whether it owns one; else it is a batch file. */
  constructor(private readonly schemas: () => BatchSchemas, private readonly kinds: readonly DocumentKind[] = []) {}

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  didOpen(uri: string, version: number, text: string, languageId?: string): OpenDocument {
    const doc = new BatchDocument(uri, version, text);
    const kind = this.kinds.find((k) => k.owns(uri, languageId));
    const entry = { doc, analysis: kind ? kind.open(doc) : new BatchAnalysis(this.schemas(), doc) };
    this.open.set(uri, entry);
    return entry;
  }

  didChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    const { doc, analysis } = entry;
    for (const change of changes) {
      let offset: number;
      let length: number;
      if ('range' in change) {
        // A range given end first is read the other way round, as other LSP servers do.
        const [a, b] = [doc.offsetAt(change.range.start), doc.offsetAt(change.range.end)];
        offset = Math.min(a, b);
        length = Math.abs(b - a);
      } else {
        // A whole-text change (some clients send only those): find the edited middle.
        const region = changedRegion(doc.getText(), change.text);
        offset = region.offset;
        length = region.length;
      }
      const inserted = 'range' in change ? change.text : change.text.slice(offset, change.text.length - (doc.length - offset - length));
      doc.edit(offset, length, inserted);
      analysis.update(offset, length, doc);
    }
    doc.version = version;
    return entry;
  }

  didClose(uri: string): void {
    this.open.delete(uri);
    for (const kind of this.kinds) kind.closed(uri);
  }
}

/** The part of `before` that differs from `after`, as offset and length in `before`. */
function changedRegion(before: string, after: string): { offset: number; length: number } {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < max - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) suffix++;
  return { offset: prefix, length: before.length - prefix - suffix };
}
