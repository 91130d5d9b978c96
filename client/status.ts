// The language status item beside "Mistral Batch" in the status bar: the server's state, one click
// from its output.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { LANGUAGE_ID } from './languageClient';

export function registerLanguageStatus(ctx: Ctx): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('mistralBatch.server', { language: LANGUAGE_ID });
  item.name = 'Mistral Batch Language Server';
  item.command = { title: 'Show Output', command: 'mistralBatch.showOutput' };
  const update = () => {
    item.text = ctx.running ? 'Mistral Batch' : 'Mistral Batch: server stopped';
    item.detail = ctx.running ? 'checking with the bundled schemas' : 'run "Mistral: Restart Language Server"';
    item.severity = ctx.running ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Error;
  };
  update();
  const sub = ctx.onDidChangeState(update);
  return vscode.Disposable.from(item, sub);
}
