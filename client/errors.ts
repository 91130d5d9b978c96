// Failures shown to the user: the core's message (which names the cause and the fix) plus the one
// action that fixes it. Notifications are not awaited, so no command waits on the user to close one.
import * as vscode from 'vscode';
import { ApiError } from '../core/api';
import { Log } from './log';

interface Fix {
  title: string;
  run(): Thenable<unknown>;
}

function fixFor(err: ApiError): Fix | undefined {
  const openSetting = (key: string): Fix => ({ title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', key) });
  if (err.kind === 'unauthorized') return { title: 'Set API Key', run: () => vscode.commands.executeCommand('mistralBatch.setApiKey') };
  if (err.kind === 'config' || err.kind === 'bad-response') return openSetting('mistralBatch.baseUrl');
  if (err.mayHaveSucceeded) {
    return { title: 'Show Jobs', run: () => vscode.commands.executeCommand('mistralBatch.refreshJobs').then(() => vscode.commands.executeCommand('mistralBatch.jobs.focus')) };
  }
  if (err.kind === 'timeout') return openSetting('mistralBatch.requestTimeoutSeconds');
  if (err.kind === 'network') return openSetting('mistralBatch.baseUrl');
  return undefined;
}

/** Logs the failure and shows it with its fix; `prefix` says what was being done, when the message does not. */
export function showFailure(err: unknown, log: Log, prefix = ''): void {
  const message = `${prefix}${err instanceof Error ? err.message : String(err)}`;
  log.error(message, false);
  const fix = err instanceof ApiError ? fixFor(err) : undefined;
  const shown = fix ? vscode.window.showErrorMessage(message, fix.title) : vscode.window.showErrorMessage(message);
  void shown.then((choice) => (fix && choice === fix.title ? fix.run() : undefined));
}
