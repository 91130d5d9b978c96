// Document and range formatting with the editor's indentation. jsonc-parser's formatter changes
// white space only, so values never change; its many small edits are sent as one.
import { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { EditResult, format } from 'jsonc-parser';
import { BatchDocument } from '../text/document';

export function formatText(doc: BatchDocument, options: FormattingOptions, range?: Range): TextEdit[] {
  const text = doc.getText();
  let region: { offset: number; length: number } | undefined;
  if (range) {
    // From the end of the token before: a line's indentation lies in the white space before it.
    const end = doc.offsetAt(range.end);
    let start = doc.offsetAt(range.start);
    while (start > 0 && /\s/.test(text[start - 1])) start--;
    region = { offset: start, length: Math.max(0, end - start) };
  }
  const edits = format(text, region, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    // A final line break the file has is kept; one is added only when the editor asks.
    insertFinalNewline: range === undefined && (options.insertFinalNewline === true || /\r?\n$/.test(text)),
  });
  if (edits.length === 0) return [];
  const { start, end, newText } = joined(text, edits);
  if (newText === text.slice(start, end)) return [];
  return [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, newText }];
}

/** The edits applied in one pass (jsonc-parser's applyEdits copies the text once per edit). */
function joined(text: string, edits: EditResult): { start: number; end: number; newText: string } {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  const parts: string[] = [];
  let at = sorted[0].offset;
  for (const e of sorted) {
    if (e.offset < at) continue;
    parts.push(text.slice(at, e.offset), e.content);
    at = e.offset + e.length;
  }
  return { start: sorted[0].offset, end: at, newText: parts.join('') };
}
