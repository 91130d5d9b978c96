// Folding ranges (every object and array that spans lines) and selection ranges (expand selection:
// string contents, value, property, its object, … up to the whole job).
import { FoldingRange, Position, SelectionRange } from 'vscode-languageserver-types';
import { Node, findNodeAtOffset } from 'jsonc-parser';
import { BatchAnalysis, RequestSpans } from '../analysis/analysis';
import { Span } from '../json/segment';
import { cursorAt } from './context';
import { BatchDocument } from '../text/document';
import { requestLayout, scanFolds } from './requestLayout';

type Found = { range: FoldingRange; depth: number };

/**
 * Every object and array that spans lines. `limit` is the client's cap: the outermost ranges are
 * kept first (the first to close among equals), as VS Code's own JSON service does. With the
 * requests delimited, each request's ranges come from its kept layout, so only the requests an edit
 * changed are read again, and only the ranges kept are made.
 */
export function foldingRanges(analysis: BatchAnalysis, doc: BatchDocument, limit: number | undefined): FoldingRange[] {
  const spans = analysis.requestSpans();
  const kept = spans ? delimitedFolds(analysis, doc, spans, limit) : outermost(textFolds(doc), limit);
  return kept.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** From one pass over the whole text: the ranges in the order they close. */
export function textFolds(doc: BatchDocument): Found[] {
  return scanFolds(doc.getText()).flatMap((p) => foldAt(doc, p.open, p.close, p.depth));
}

function outermost(found: Found[], limit: number | undefined): FoldingRange[] {
  const kept = limit !== undefined && found.length > limit ? [...found].sort((a, b) => a.depth - b.depth).slice(0, Math.max(0, limit)) : found;
  return kept.map((f) => f.range);
}

/** The same ranges as `outermost(textFolds(doc), limit)`, from the job around the requests and each request's layout. */
function delimitedFolds(analysis: BatchAnalysis, doc: BatchDocument, { array, requests }: RequestSpans, limit: number | undefined): FoldingRange[] {
  const outer = analysis.pieceAt(0);
  // The job's ranges that close before the requests, and those from the requests' array on.
  const before: Found[] = [];
  const after: Found[] = [];
  let base = 2;
  for (const p of scanFolds(outer.text)) {
    // The requests stand in the job as `[]` at the array's start.
    if (p.open === array.start) {
      base = p.depth + 1;
      after.push(...foldAt(doc, array.start, array.end - 1, p.depth));
    } else (p.close < array.start ? before : after).push(...foldAt(doc, outer.toDocument(p.open), outer.toDocument(p.close), p.depth));
  }
  const layouts = requests.map((r, i) => requestLayout(analysis, i, r.start, r.end).folds());
  const keep = keeper(limit, [...before, ...after].map((f) => f.depth), layouts, base);
  const kept = before.filter((f) => keep(f.depth)).map((f) => f.range);
  requests.forEach((r, i) => {
    const folds = layouts[i];
    if (folds.length === 0) return;
    const { line } = doc.positionAt(r.start);
    for (let k = 0; k < folds.length; k += 3) if (keep(base + folds[k + 2])) kept.push({ startLine: line + folds[k], endLine: line + folds[k + 1] });
  });
  for (const f of after) if (keep(f.depth)) kept.push(f.range);
  return kept;
}

/**
 * Asked of each range in the order they close, whether it is among the `limit` outermost: every
 * range above the depth where the limit falls, and at that depth the first ones until it is reached.
 */
function keeper(limit: number | undefined, jobDepths: number[], layouts: Int32Array[], base: number): (depth: number) => boolean {
  if (limit === undefined) return () => true;
  const byDepth: number[] = [];
  const add = (d: number) => (byDepth[d] = (byDepth[d] ?? 0) + 1);
  jobDepths.forEach(add);
  for (const folds of layouts) for (let k = 2; k < folds.length; k += 3) add(base + folds[k]);
  let room = Math.max(0, limit);
  let cut = byDepth.length;
  for (let d = 0; d < byDepth.length; d++) {
    const n = byDepth[d] ?? 0;
    if (n > room) {
      cut = d;
      break;
    }
    room -= n;
  }
  return (depth) => depth < cut || (depth === cut && room-- > 0);
}

function foldAt(doc: BatchDocument, open: number, close: number, depth: number): Found[] {
  const startLine = doc.positionAt(open).line;
  const endLine = doc.positionAt(close).line - 1;
  return endLine > startLine ? [{ range: { startLine, endLine }, depth }] : [];
}

export function selectionRanges(analysis: BatchAnalysis, doc: BatchDocument, positions: Position[]): SelectionRange[] {
  return positions.map((p) => selectionAt(analysis, doc, doc.offsetAt(p)));
}

function selectionAt(analysis: BatchAnalysis, doc: BatchDocument, offset: number): SelectionRange {
  const spans: Span[] = [];
  const cursor = cursorAt(analysis, offset);
  const { prefix } = cursor.piece;
  // Between two requests the piece is a stand-in `[]` with nothing of the document in it.
  const standIn = prefix.length === 1;
  if (cursor.tree && !standIn) {
    const node = findNodeAtOffset(cursor.tree, cursor.offset, true);
    if (node) spans.push(...chain(node, cursor.offset).map((s) => mapSpan(s, cursor.piece.toDocument)));
  }
  if (prefix.length > 0) {
    // Inside `requests`: go on from the array, in the job around it.
    const inJob = analysis.requestsInJob();
    if (inJob) spans.push(...chain(inJob.array, inJob.array.offset).map((s) => mapSpan(s, inJob.toDocument)));
  }
  spans.push({ start: 0, end: doc.length });
  // From the innermost out, each range strictly larger than the one before and holding the cursor.
  let result: SelectionRange | undefined;
  const kept: Span[] = [];
  for (const s of spans) {
    const last = kept[kept.length - 1];
    if (s.start > offset || s.end < offset) continue;
    if (last && !(s.start <= last.start && s.end >= last.end && s.end - s.start > last.end - last.start)) continue;
    kept.push(s);
  }
  for (let i = kept.length - 1; i >= 0; i--) {
    result = { range: { start: doc.positionAt(kept[i].start), end: doc.positionAt(kept[i].end) }, parent: result };
  }
  return result ?? { range: { start: doc.positionAt(offset), end: doc.positionAt(offset) } };
}

/** The spans from `node` up to the root of its tree, innermost first. */
function chain(node: Node, offset: number): Span[] {
  const out: Span[] = [];
  for (let n: Node | undefined = node; n; n = n.parent) {
    // Inside a string, its contents first, then the string with its quotes.
    if (n.type === 'string' && n.length >= 2 && offset > n.offset && offset < n.offset + n.length) out.push({ start: n.offset + 1, end: n.offset + n.length - 1 });
    out.push({ start: n.offset, end: n.offset + n.length });
  }
  return out;
}

function mapSpan(s: Span, toDocument: (o: number) => number): Span {
  return { start: toDocument(s.start), end: toDocument(s.end) };
}
