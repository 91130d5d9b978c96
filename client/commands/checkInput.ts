// "Mistral: Check Batch Input File": the language server checks a .jsonl input from disk (the
// streaming checker the CLI's validate uses) and publishes its problems for the file, open or not.
// This module picks the file, shows the lines done with a Cancel button, and says the outcome.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { CheckInputFileResult } from '../../core/protocol';
import { sourceWords } from '../batchInputs';
import { Ctx } from '../ctx';

export const CHECK_INPUT_COMMAND = 'mistralBatch.checkInputFile';

/** What the command did, returned to its caller (the integration tests read it). */
export type CheckInputOutcome = CheckInputFileResult | { outcome: 'failed'; message: string } | { outcome: 'none' };

export function registerCheckInputCommand(ctx: Ctx): vscode.Disposable {
  // From the explorer or an editor tab the first argument is the file's URI.
  return vscode.commands.registerCommand(CHECK_INPUT_COMMAND, async (target?: unknown): Promise<CheckInputOutcome> => {
    const uri = target instanceof vscode.Uri ? target : activeInput() ?? (await pickInput());
    return uri ? checkInput(ctx, uri) : { outcome: 'none' };
  });
}

/**
 * The .jsonl file of the active editor tab. Its tab, not its text editor: a file over 50 MB has a tab
 * but no document the extension can see.
 */
export function activeInput(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputText ? input.uri : vscode.window.activeTextEditor?.document.uri;
  return uri && /\.jsonl$/i.test(uri.path) ? uri : undefined;
}

async function pickInput(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { 'Batch inputs': ['jsonl'] },
    openLabel: 'Check',
    title: 'Check Batch Input File',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}

async function checkInput(ctx: Ctx, uri: vscode.Uri): Promise<CheckInputOutcome> {
  const name = basename(uri.path);
  let result: CheckInputFileResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking ${name}`, cancellable: true },
      (progress, token) => {
        let done = 0;
        return ctx.checkInputFile(uri, (value) => {
          if (value.kind === 'end') return;
          const pct = value.percentage;
          progress.report({ message: value.message, increment: pct === undefined ? undefined : pct - done });
          if (pct !== undefined) done = pct;
        }, token);
      },
    );
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    ctx.log.warn(`Checking ${uri.toString()}: ${message}`);
    void vscode.window.showErrorMessage(message);
    return { outcome: 'failed', message };
  }
  report(name, result);
  return result;
}

function report(name: string, r: CheckInputFileResult): void {
  const lines = `${r.lines.toLocaleString('en-US')} line${r.lines === 1 ? '' : 's'}`;
  if (r.outcome === 'cancelled') {
    void vscode.window.showInformationMessage(`The check of "${name}" was cancelled after ${lines}; its problems were not updated.`);
    return;
  }
  const against = !r.endpoint || r.endpoint.endpoint === undefined
    ? 'against no endpoint (the bodies do not show one), so only the lines\' form was checked'
    : `against ${r.endpoint.endpoint} (${sourceWords(r.endpoint)})`;
  const found = [count(r.errors, 'error'), count(r.warnings, 'warning'), ...(r.notes > 0 ? [count(r.notes, 'note')] : [])].join(', ');
  if (r.outcome === 'open') {
    void vscode.window.showInformationMessage(`"${name}" is open in the editor, so its problems are the ones shown as you edit it (${found}), not a copy read from disk.`);
    return;
  }
  if (r.errors + r.warnings + r.notes === 0) {
    void vscode.window.showInformationMessage(`"${name}": no problems in ${lines}, checked ${against}.`);
    return;
  }
  const listed = r.shown < r.errors + r.warnings + r.notes ? `the first ${r.shown.toLocaleString('en-US')} are in the Problems view (setting mistralBatch.maxProblems)` : 'the Problems view lists them';
  const show = r.errors > 0 ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  void show(`"${name}": ${found} in ${lines}, checked ${against}; ${listed}.`, 'Show Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

function count(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
