// Quick fixes for likely typos: an unknown property or an invalid value that is one small slip
// away from a valid one. The diagnostic carries the replacement, so no re-analysis is needed.
import { CodeActionParams } from 'vscode-languageserver-protocol';
import { CodeAction, CodeActionKind, Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, FixData } from '../analysis/check';

export function quickFixes(params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    const replacement = replacementOf(diagnostic);
    if (replacement === undefined) continue;
    actions.push({
      title: `Change to ${replacement}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [params.textDocument.uri]: [{ range: diagnostic.range, newText: replacement }] } },
    });
  }
  return actions;
}

function replacementOf(d: Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE || typeof d.data !== 'object' || d.data === null) return undefined;
  const { replacement } = d.data as Partial<FixData>;
  return typeof replacement === 'string' ? replacement : undefined;
}
