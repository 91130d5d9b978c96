// Open documents and their analyses. Changes are applied one by one so that an edit inside a
// single request is re-checked alone, whatever the file's size.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { BatchAnalysis } from './analysis/analysis';
import { BatchSchemas } from './schema/load';

export interface OpenDocument {
  doc: TextDocument;
  analysis: BatchAnalysis;
}

export class Documents {
  private readonly open = new Map<string, OpenDocument>();

  constructor(private readonly schemas: () => BatchSchemas) {}

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  didOpen(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const entry = { doc: TextDocument.create(uri, languageId, version, text), analysis: new BatchAnalysis(this.schemas(), text) };
    this.open.set(uri, entry);
    return entry;
  }

  didChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const entry = this.open.get(uri);
    if (!entry) return undefined;
    for (const change of changes) {
      const before = entry.doc;
      let offset: number;
      let length: number;
      if ('range' in change) {
        offset = before.offsetAt(change.range.start);
        length = before.offsetAt(change.range.end) - offset;
        entry.doc = TextDocument.update(before, [change], version);
      } else {
        // A whole-text change (some clients send only those): find the edited middle.
        ({ offset, length } = changedRegion(before.getText(), change.text));
        entry.doc = TextDocument.update(before, [change], version);
      }
      entry.analysis.update(offset, length, entry.doc.getText());
    }
    return entry;
  }

  didClose(uri: string): void {
    this.open.delete(uri);
  }
}

/** The part of `before` that differs from `after`, as offset and length in `before`. */
export function changedRegion(before: string, after: string): { offset: number; length: number } {
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
