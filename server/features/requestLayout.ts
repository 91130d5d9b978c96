// Where things are inside one request, relative to its first character, worked out from the
// request's own text and kept while the request is unchanged (by its analysis key). The outline,
// folding and Try lenses of a 10,000-request file are asked for again after every edit: with this,
// an edit re-reads only the requests it changed, and each other request costs one position lookup.
import { Position } from 'vscode-languageserver-types';
import type { BatchAnalysis } from '../analysis/analysis';
import { untilNoMessageWaits } from '../background';
import { locateInText } from '../json/locate';
import { skipString } from '../json/segment';
import { LineTable } from '../text/lineTable';

/** A place in a request: lines after the request's first line, and the character in that line. */
interface RelativePosition {
  line: number;
  /** On the request's first line (`line` 0), counted from the request's start; else from its line's start. */
  character: number;
}

export interface RequestLayout {
  readonly length: number;
  /** The request's end. */
  readonly end: RelativePosition;
  /** The custom_id's value, quotes included, when the request has one. */
  readonly id: { start: RelativePosition; end: RelativePosition } | undefined;
  /**
   * The objects and arrays of the request that span lines, in the order they close, three numbers
   * each: first and last line (relative), and depth (0: the request itself). Worked out on first use.
   */
  folds(): Int32Array;
}

const kept = new WeakMap<object, RequestLayout>();

/** The layout of request `index`, which spans `start`–`end` of the document; its text is read only when not kept. */
export function requestLayout(analysis: BatchAnalysis, index: number, start: number, end: number): RequestLayout {
  const key = analysis.requestKey(index);
  let layout = key && kept.get(key);
  if (!layout || layout.length !== end - start) {
    layout = measure(analysis.textAround(start, end));
    if (key) kept.set(key, layout);
  }
  return layout;
}

/** How long measuring runs before the messages waiting are handled (untilNoMessageWaits). */
const SLICE_MS = 4;

/** The analyses measured ahead once, without and with folds. */
const aheadDone = { layouts: new WeakSet<BatchAnalysis>(), folds: new WeakSet<BatchAnalysis>() };
/** The measuring under way for an analysis: whoever asks meanwhile waits for it rather than measuring beside it. */
const underWay = new WeakMap<BatchAnalysis, Promise<void>>();

/**
 * Measures the layouts (and, with `folds`, the folds) not kept yet, a slice at a time between turns
 * of the event loop. The first outline or folding of a 10,000-request file measures every request,
 * 0.1–0.5 s; done in one go, it held every message queued behind it, the CodeLenses near the screen
 * and completion among them. One pass runs at a time for a document: the outline and two folding
 * requests arrive together after an open, and three passes side by side tripled each message's wait.
 * Stops when the document changes (its version) or `token` is cancelled: the answer then measures
 * what is left itself. Never throws. Done once per document: after that an edit leaves a request or
 * a few to measure, and a pass over 10,000 kept layouts costs 5 ms an answer.
 */
export async function measureAhead({ analysis, doc }: { analysis: BatchAnalysis; doc: { version: number } }, folds: boolean, token: { isCancellationRequested: boolean }): Promise<void> {
  const at = doc.version;
  for (let pass = underWay.get(analysis); pass; pass = underWay.get(analysis)) {
    // A pass without folds leaves them to this one; a pass that stopped early leaves the rest.
    await pass;
    if (token.isCancellationRequested || doc.version !== at) return;
  }
  const done = folds ? aheadDone.folds : aheadDone.layouts;
  const spans = done.has(analysis) ? undefined : analysis.requestSpans();
  if (!spans) return;
  const pass = measureAll(analysis, spans.requests, folds, () => token.isCancellationRequested || doc.version !== at);
  underWay.set(analysis, pass);
  try {
    await pass;
  } finally {
    underWay.delete(analysis);
  }
}

async function measureAll(analysis: BatchAnalysis, requests: readonly { start: number; end: number }[], folds: boolean, stopped: () => boolean): Promise<void> {
  let sliceStart = performance.now();
  for (let i = 0; i < requests.length; i++) {
    const { start, end } = requests[i];
    try {
      const layout = requestLayout(analysis, i, start, end);
      if (folds) layout.folds();
    } catch {
      // Left to the answer, which measures this request again and reports what went wrong.
      return;
    }
    if (performance.now() - sliceStart < SLICE_MS) continue;
    await untilNoMessageWaits();
    if (stopped()) return;
    sliceStart = performance.now();
  }
  aheadDone.layouts.add(analysis);
  if (folds) aheadDone.folds.add(analysis);
}

/** `at` in the document, for a request starting at `start`. */
export function placeIn(start: Position, at: RelativePosition): Position {
  return at.line === 0 ? { line: start.line, character: start.character + at.character } : { line: start.line + at.line, character: at.character };
}

function measure(text: string): RequestLayout {
  const lines = LineTable.of(text);
  const position = (offset: number): RelativePosition => {
    const line = lines.lineAt(offset);
    return { line, character: offset - lines.start(line) };
  };
  const at = locateInText(text, ['custom_id'], 'value');
  let folds: Int32Array | undefined;
  return {
    length: text.length,
    end: position(text.length),
    id: at.start > 0 && at.end > at.start && at.end <= text.length ? { start: position(at.start), end: position(at.end) } : undefined,
    folds: () => (folds ??= foldLines(scanFolds(text), lines)),
  };
}

/** The pairs that span lines, three numbers each (first line, last line, depth), without an array per pair. */
function foldLines(pairs: { open: number; close: number; depth: number }[], lines: LineTable): Int32Array {
  const out = new Int32Array(pairs.length * 3);
  let n = 0;
  for (const { open, close, depth } of pairs) {
    const startLine = lines.lineAt(open);
    const endLine = lines.lineAt(close) - 1;
    if (endLine <= startLine) continue;
    out[n++] = startLine;
    out[n++] = endLine;
    out[n++] = depth;
  }
  return out.slice(0, n);
}

/** Anything but a quote or a bracket: jumped over in one step. */
const PLAIN = /[^"{}[\]]*/y;

/**
 * Every bracket pair of `text`, in the order they close, strings skipped whole; `depth` counts the
 * brackets open around a pair. An unclosed bracket makes no pair.
 */
export function scanFolds(text: string): { open: number; close: number; depth: number }[] {
  const open: number[] = [];
  const pairs: { open: number; close: number; depth: number }[] = [];
  let pos = 0;
  while (pos < text.length) {
    PLAIN.lastIndex = pos;
    PLAIN.test(text);
    pos = PLAIN.lastIndex;
    if (pos >= text.length) break;
    const c = text.charCodeAt(pos);
    if (c === 34 /* " */) {
      const end = skipString(text, pos);
      // An unterminated string ends at its line, as the parser reads it.
      if (end > 0) pos = end;
      else {
        const eol = text.indexOf('\n', pos + 1);
        pos = eol < 0 ? text.length : eol;
      }
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) open.push(pos);
    else if (open.length > 0) pairs.push({ open: open.pop() as number, close: pos, depth: open.length });
    pos++;
  }
  return pairs;
}
