// "Retry Failed Requests": the core writes the retry file; this command finds the batch file (a job
// row, a job id, a batch file's URI or the active editor), then offers to submit or open it.
import * as vscode from 'vscode';
import { RetryError, writeRetry } from '../../core/results';
import { showFailure } from '../errors';
import { Log } from '../log';
import { Submissions } from '../submissions';
import { revealRequest } from './outcomes';

export function registerResultCommands(submissions: Submissions, log: Log): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mistralBatch.retryFailed', (arg?: unknown) => retryFailed(submissions, log, arg)),
    vscode.commands.registerCommand('mistralBatch.revealRequest', (uri: vscode.Uri, customId: string) => revealRequest(uri, customId)),
  ];
}

/** Resolves with the new batch file's URI, or undefined when nothing was written. */
async function retryFailed(submissions: Submissions, log: Log, arg: unknown): Promise<vscode.Uri | undefined> {
  const batchFile = batchFileFrom(submissions, arg);
  if (!batchFile) {
    void vscode.window.showErrorMessage('Retry Failed Requests needs a batch file: open one, or run it on a job of the Jobs view that was submitted from this workspace.');
    return undefined;
  }
  try {
    const retry = await writeRetry(batchFile);
    const uri = vscode.Uri.file(retry.batchFile);
    log.info(`Wrote ${retry.batchFile}: ${retry.failed.length} failed and ${retry.missing.length} missing requests.`);
    const count = retry.failed.length + retry.missing.length;
    void vscode.window
      .showInformationMessage(`Wrote ${vscode.workspace.asRelativePath(uri)} with ${count} request${count === 1 ? '' : 's'} (${retry.failed.length} failed, ${retry.missing.length} without a result).`, 'Submit', 'Open')
      .then((choice) => {
        if (choice === 'Submit') void vscode.commands.executeCommand('mistralBatch.submit', uri);
        else if (choice === 'Open') void vscode.window.showTextDocument(uri);
      });
    return uri;
  } catch (err) {
    if (err instanceof RetryError) void vscode.window.showWarningMessage(err.message);
    else showFailure(err, log);
    return undefined;
  }
}

function batchFileFrom(submissions: Submissions, arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? arg.fsPath : undefined;
  const jobId = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'job' ? (arg as { id?: unknown }).id : undefined;
  if (typeof jobId === 'string') return submissions.forJob(jobId)?.batchFile;
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.uri.scheme === 'file' && /\.batch\.json$/i.test(doc.uri.fsPath) ? doc.uri.fsPath : undefined;
}
