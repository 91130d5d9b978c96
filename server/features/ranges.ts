// Folding ranges (every object and array that spans lines) and selection ranges (expand selection:
// string contents, value, property, its object, … up to the whole job).
import { FoldingRange, Position, SelectionRange } from 'vscode-languageserver-types';
import { Node, findNodeAtLocation, findNodeAtOffset } from 'jsonc-parser';
import { BatchAnalysis } from '../analysis/analysis';
import { safeParseTree } from '../analysis/parse';
import { Span, skipString } from '../json/segment';
import { cursorAt } from './context';
import { BatchDocument } from '../text/document';

/** Anything but a quote or a bracket: jumped over in one step. */
const PLAIN = /[^"{}[\]]*/y;

/**
 * One pass over the text, brackets matched on a stack; strings are skipped whole. `limit` is the
 * client's cap: the outermost ranges are kept first, as VS Code's own JSON service does.
 */
export function foldingRanges(doc: BatchDocument, limit: number | undefined): FoldingRange[] {
  const text = doc.getText();
  const open: number[] = [];
  const found: { range: FoldingRange; depth: number }[] = [];
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
    else if (open.length > 0) {
      const start = open.pop() as number;
      const startLine = doc.positionAt(start).line;
      const endLine = doc.positionAt(pos).line - 1;
      if (endLine > startLine) found.push({ range: { startLine, endLine }, depth: open.length });
    }
    pos++;
  }
  const kept = limit !== undefined && found.length > limit ? [...found].sort((a, b) => a.depth - b.depth).slice(0, Math.max(0, limit)) : found;
  return kept.map((f) => f.range).sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
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
    const outer = analysis.pieceAt(0);
    const tree = safeParseTree(outer.text);
    const array = tree ? findNodeAtLocation(tree, ['requests']) : undefined;
    if (array) spans.push(...chain(array, array.offset).map((s) => mapSpan(s, outer.toDocument)));
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
