// CodeLenses of a batch document, from a list of sources so another kind of lens is one more entry.
import { CodeLens } from 'vscode-languageserver/node';
import { LineSpan, TRY_REQUEST_COMMAND, TryRequestArgs } from '../../core/protocol';
import { tryEndpoint } from '../../core/try/endpoints';
import type { BatchAnalysis } from '../analysis/analysis';
import type { BatchDocument } from '../text/document';
import { perVersion } from './perVersion';
import { placeIn, requestLayout } from './requestLayout';

/** A batch file open in the server. */
export interface BatchEntry {
  doc: BatchDocument;
  analysis: BatchAnalysis;
}

export type Lines = readonly LineSpan[];

/** The lenses of a document, or only those starting on `lines` when given. */
export type LensSource = (entry: BatchEntry, lines?: Lines) => CodeLens[];

export function onLines(line: number, lines: Lines): boolean {
  return lines.some((s) => line >= s.start && line <= s.end);
}

/**
 * Short numbers for document URIs: a Try lens's `data` names its document by one, not by a URI
 * repeated 10,000 times in a large file. One per server, as lenses are resolved by any handler.
 */
class DocumentKeys {
  private readonly keys = new Map<string, number>();
  private readonly uris: string[] = [];

  keyOf(uri: string): number {
    let key = this.keys.get(uri);
    if (key === undefined) {
      key = this.uris.push(uri) - 1;
      this.keys.set(uri, key);
    }
    return key;
  }

  uriOf(key: unknown): string | undefined {
    return typeof key === 'number' ? this.uris[key] : undefined;
  }
}

const keys = new DocumentKeys();

/** A Try lens's `data`: its document's key and the request's index. */
type TryData = [number, number];

const allTryLenses = perVersion((entry: BatchEntry) => someTryLenses(entry, undefined));

/**
 * "Try" above each request, when the job's endpoint is one a request can be tried against. The range
 * spans the whole request. The lenses go out unresolved, with a tiny `data`: an editor resolves only
 * those on screen (resolveTryLens), so a 10,000-request file does not send 10,000 commands per edit.
 * For some lines, only their requests are measured: the lenses near a screen cost the same in any file.
 */
export const tryLenses: LensSource = (entry, lines) => (lines ? someTryLenses(entry, lines) : allTryLenses(entry));

function someTryLenses({ doc, analysis }: BatchEntry, lines: Lines | undefined): CodeLens[] {
  if (!tryEndpoint(analysis.job.endpoint)) return [];
  const key = keys.keyOf(doc.uri);
  const lenses: CodeLens[] = [];
  // Requests come in document order: none after the last line asked about is placed.
  const last = lines ? Math.max(-1, ...lines.map((s) => s.end)) : Infinity;
  for (const r of analysis.requests()) {
    const start = doc.positionAt(r.start);
    if (start.line > last) break;
    if (lines && !onLines(start.line, lines)) continue;
    lenses.push({ range: { start, end: placeIn(start, requestLayout(analysis, r.index, r.start, r.end).end) }, data: [key, r.index] satisfies TryData });
  }
  return lenses;
}

/** The document a Try lens is for, or undefined for another lens. */
export function tryLensUri(lens: CodeLens): string | undefined {
  const data = lens.data as unknown;
  return Array.isArray(data) && data.length === 2 && Number.isInteger(data[1]) ? keys.uriOf(data[0]) : undefined;
}

/** A Try lens resolved: its command, naming the request as the document is now. */
export function resolveTryLens(lens: CodeLens, entry: BatchEntry): CodeLens {
  const index = (lens.data as TryData)[1];
  const args = tryArgs(entry, index);
  return args ? { ...lens, command: { title: '▷ Try', command: TRY_REQUEST_COMMAND, arguments: [args] } } : lens;
}

/** What Try is given for request `index`; undefined when there is no such request or the endpoint cannot be tried. */
export function tryArgs({ doc, analysis }: BatchEntry, index: number): TryRequestArgs | undefined {
  if (!tryEndpoint(analysis.job.endpoint) || index < 0 || index >= analysis.requestCount()) return undefined;
  const customId = analysis.requestId(index);
  return { uri: doc.uri, index, ...(customId !== undefined ? { customId } : {}) };
}

const SOURCES: LensSource[] = [tryLenses];

export function codeLenses(entry: BatchEntry, lines?: Lines, sources: readonly LensSource[] = SOURCES): CodeLens[] {
  return sources.flatMap((source) => source(entry, lines));
}
