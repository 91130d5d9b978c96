// Document and range formatting with the editor's indentation. jsonc-parser's formatter changes
// white space only, so values never change; its many small edits are sent as one.
import { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { applyEdits, format } from 'jsonc-parser';
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
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const e of edits) {
    start = Math.min(start, e.offset);
    end = Math.max(end, e.offset + e.length);
  }
  const formatted = applyEdits(text, edits);
  const newText = formatted.slice(start, formatted.length - (text.length - end));
  if (newText === text.slice(start, end)) return [];
  return [{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, newText }];
}
