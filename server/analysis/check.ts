// Checks a whole batch file's text and returns its problems as LSP diagnostics.
// The CLI and the submission core call this; the language server uses the same analysis incrementally.
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseTree, ParseError, printParseErrorCode } from 'jsonc-parser';

export interface CheckOptions {
  /** The most problems returned; a final one says how many more were left out. */
  maxProblems?: number;
}

export function checkBatchText(text: string, _options: CheckOptions = {}): Diagnostic[] {
  const doc = TextDocument.create('file:///batch.json', 'mistral-batch', 0, text);
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  return errors.map((e) => ({
    range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) },
    severity: DiagnosticSeverity.Error,
    source: 'mistral-batch',
    message: printParseErrorCode(e.error),
  }));
}
