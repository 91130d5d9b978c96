// The outline (document symbols): the job's keys, and under `requests` each request named by its
// custom_id. Requests come from the scanner's spans, not from a tree, so 10,000 of them stay cheap.
import { DocumentSymbol, Range, SymbolKind } from 'vscode-languageserver-types';
import { Node, findNodeAtLocation } from 'jsonc-parser';
import { BatchAnalysis } from '../analysis/analysis';
import { safeParseTree } from '../analysis/parse';
import { PositionMap } from '../text/document';
import { placeIn, requestLayout } from './requestLayout';

/** Nested objects of the job (metadata) are listed to this depth; requests have their own entries. */
const MAX_DEPTH = 3;
const DETAIL_LENGTH = 60;

export function documentSymbols(analysis: BatchAnalysis, doc: PositionMap): DocumentSymbol[] {
  // Away from the requests, the piece is the job with `requests` emptied to `[]` (or the whole text).
  const outer = analysis.pieceAt(0);
  const tree = safeParseTree(outer.text);
  if (!tree || tree.type !== 'object') return [];
  const range = (start: number, end: number): Range => ({ start: doc.positionAt(start), end: doc.positionAt(end) });
  const inOuter = (n: Node): Range => range(outer.toDocument(n.offset), outer.toDocument(n.offset + n.length));
  const requests = (array: Node): DocumentSymbol[] => {
    const spans = analysis.requestSpans();
    if (spans) return spans.requests.map((r, i) => requestSymbol(analysis, doc, i, r.start, r.end, r.customId));
    return (array.children ?? []).map((item, i) => {
      const id = findNodeAtLocation(item, ['custom_id']);
      return requestSymbol(analysis, doc, i, item.offset, item.offset + item.length, typeof id?.value === 'string' ? id.value : undefined);
    });
  };
  const properties = (object: Node, depth: number): DocumentSymbol[] =>
    (object.children ?? []).flatMap((property) => {
      const [key, value] = property.children ?? [];
      if (!key || typeof key.value !== 'string') return [];
      const symbol: DocumentSymbol = {
        name: key.value || '""',
        kind: kindOf(value),
        range: inOuter(property),
        selectionRange: inOuter(key),
      };
      if (value && depth === 0 && key.value === 'requests' && value.type === 'array') {
        symbol.children = requests(value);
        symbol.detail = `${symbol.children.length} request${symbol.children.length === 1 ? '' : 's'}`;
      } else if (value?.type === 'object' && depth < MAX_DEPTH) {
        symbol.children = properties(value, depth + 1);
      } else if (value && value.type !== 'array' && value.type !== 'object') {
        symbol.detail = truncate(outer.text.slice(value.offset, value.offset + value.length));
      }
      return [symbol];
    });
  return properties(tree, 0);
}

function requestSymbol(analysis: BatchAnalysis, doc: PositionMap, index: number, start: number, end: number, customId: string | undefined): DocumentSymbol {
  const from = doc.positionAt(start);
  const layout = requestLayout(analysis, index, start, end);
  const range = { start: from, end: placeIn(from, layout.end) };
  // The id's own text, so the outline and breadcrumbs select what names the request.
  const id = customId !== undefined ? layout.id : undefined;
  const selection = id ? { start: placeIn(from, id.start), end: placeIn(from, id.end) } : { start: from, end: { line: from.line, character: from.character + 1 } };
  return {
    // An empty name is refused by editors: an unnamed request goes by its place.
    name: customId || `request ${index + 1}`,
    detail: customId ? `request ${index + 1}` : customId === undefined ? 'no custom_id' : 'empty custom_id',
    kind: SymbolKind.Object,
    range,
    selectionRange: selection,
  };
}

function kindOf(value: Node | undefined): SymbolKind {
  switch (value?.type) {
    case 'object':
      return SymbolKind.Module;
    case 'array':
      return SymbolKind.Array;
    case 'string':
      return SymbolKind.String;
    case 'number':
      return SymbolKind.Number;
    case 'boolean':
      return SymbolKind.Boolean;
    case 'null':
      return SymbolKind.Null;
    default:
      return SymbolKind.Property;
  }
}

function truncate(text: string): string {
  return text.length > DETAIL_LENGTH ? `${text.slice(0, DETAIL_LENGTH - 1)}…` : text;
}
