// The outline of a batch input: an entry for each line that holds a request, named by its custom_id,
// so the Outline, breadcrumbs and Go to Symbol reach a request by its id. An editor asks for it after
// every edit, and an 80,000-line input listed whole is 18 MB of symbols each time, so it stops where
// VS Code's own JSON outline stops (5,000 items); one entry then says how many lines are not listed.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { JsonlAnalysis } from './analysis';

export const MAX_LISTED = 5_000;

export function inputSymbols(analysis: JsonlAnalysis, max = MAX_LISTED): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  // The empty "line" after a final line break is not one.
  const lines = analysis.lineCount;
  const count = lines > 0 && analysis.lineText(lines - 1) === '' ? lines - 1 : lines;
  let i = 0;
  for (; i < count && out.length < max; i++) {
    const text = analysis.lineText(i);
    const request = analysis.lineRequest(i);
    const start = text.length - text.trimStart().length;
    // A line with a custom_id, or one that starts an object without one: both are what a reader looks for.
    if (!request && text.charCodeAt(start) !== 123 /* { */) continue;
    const range = { start: { line: i, character: 0 }, end: { line: i, character: text.length } };
    out.push({
      // An empty name is refused by editors: a line without an id goes by its number.
      name: request?.customId || `line ${i + 1}`,
      detail: request ? (request.customId ? `line ${i + 1}` : 'empty custom_id') : 'no custom_id',
      kind: SymbolKind.Object,
      range,
      selectionRange: request?.customId
        ? { start: { line: i, character: request.idStart }, end: { line: i, character: request.idEnd } }
        : { start: { line: i, character: start }, end: { line: i, character: start + 1 } },
    });
  }
  if (i < count) {
    const rest = count - i;
    const at = { start: { line: i, character: 0 }, end: { line: i, character: 0 } };
    out.push({ name: `${rest.toLocaleString('en-US')} more lines`, detail: `only the first ${max.toLocaleString('en-US')} requests are listed`, kind: SymbolKind.Array, range: at, selectionRange: at });
  }
  return out;
}
