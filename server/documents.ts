// Open documents and their analyses. Changes are applied one by one so that an edit inside a
// single request is re-checked alone, whatever the file's size.
import { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { Catalogue, bundledCatalogue } from '../core/models/catalogue';
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

  /**
   * `kinds`: the other kinds of document, each asked at open whether it owns one; else it is a batch file.
   * `lost` hears of a change that cannot be applied to the copy held here (a version that does not
   * move forward, a range past the end): the copy is dropped rather than left differing from the
   * editor's, until the document is opened again or a change gives its whole text.
   */
  constructor(
    private readonly schemas: () => BatchSchemas,
    private readonly kinds: readonly DocumentKind[] = [],
    private readonly lost: (uri: string, reason: string) => void = () => undefined,
    private catalogue: () => Catalogue = bundledCatalogue,
  ) {}

  get(uri: string): OpenDocument | undefined {
    return this.open.get(uri);
  }

  /** The open document at `uri` when it is a batch file, for the features only batch files have. */
  batch(uri: string): { doc: BatchDocument; analysis: BatchAnalysis } | undefined {
    const entry = this.open.get(uri);
    return entry && entry.analysis instanceof BatchAnalysis ? { doc: entry.doc, analysis: entry.analysis } : undefined;
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  didOpen(uri: string, version: number, text: string, languageId?: string): OpenDocument {
    const doc = new BatchDocument(uri, version, text);
    const kind = this.kinds.find((k) => k.owns(uri, languageId));
    const entry = { doc, analysis: kind ? kind.open(doc, this.catalogue()) : new BatchAnalysis(this.schemas(), doc, this.catalogue()) };
    this.open.set(uri, entry);
    return entry;
  }

  didChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    // A malformed change is refused whole, before any of it is applied: a half-applied notification
    // would leave the server's copy differing from the editor's for good.
    const problem = Array.isArray(changes) ? changes.map(malformed).find((p) => p !== undefined) : 'the changes are not a list';
    if (problem !== undefined) throw new Error(`a change to ${uri} was refused (${problem}); the document is kept as it was`);
    let entry = this.open.get(uri);
    if (!entry) {
      let whole = changes.length - 1;
      while (whole >= 0 && 'range' in changes[whole]) whole--;
      if (whole < 0) return undefined;
      entry = this.didOpen(uri, version, changes[whole].text);
      changes = changes.slice(whole + 1);
    } else if (changes.length > 0 && 'range' in changes[0] && version <= entry.doc.version) {
      return this.drop(uri, `its version went from ${entry.doc.version} to ${version}`);
    }
    const { doc, analysis } = entry;
    for (const change of changes) {
      if ('range' in change && (pastEnd(doc, change.range.start) || pastEnd(doc, change.range.end))) {
        return this.drop(uri, `a change at line ${change.range.start.line + 1} is past its end (${doc.lineCount} lines)`);
      }
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

  private drop(uri: string, reason: string): undefined {
    this.open.delete(uri);
    this.lost(uri, reason);
    return undefined;
  }

  /** Every open document is checked again against the new catalogue. */
  setCatalogue(catalogue: Catalogue): void {
    this.catalogue = () => catalogue;
    for (const { analysis } of this.open.values()) analysis.setCatalogue(catalogue);
  }

  didClose(uri: string): void {
    this.open.delete(uri);
    for (const kind of this.kinds) kind.closed(uri);
  }
}

/** A position after the end of the document: a change made to some other text. */
function pastEnd(doc: BatchDocument, p: Position): boolean {
  return p.line > doc.lineCount || (p.line === doc.lineCount && p.character > 0);
}

const isPosition = (p: unknown): boolean => {
  const { line, character } = (p ?? {}) as { line?: unknown; character?: unknown };
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
};

/** What is wrong with a change event from the client, or undefined when it is well formed. */
function malformed(change: unknown): string | undefined {
  if (typeof change !== 'object' || change === null) return 'a change is not an object';
  const { text, range } = change as { text?: unknown; range?: { start?: unknown; end?: unknown } };
  if (typeof text !== 'string') return `its text is ${text === null ? 'null' : typeof text}, not a string`;
  if ('range' in change && (typeof range !== 'object' || range === null || !isPosition(range.start) || !isPosition(range.end))) {
    return 'its range is not two positions of whole, non-negative numbers';
  }
  return undefined;
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
