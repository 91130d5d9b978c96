// "Notify When Done" (the mistralBatch.watchJob command): the user asked to follow a job. A watched
// job is polled even with the view closed (its progress shows in the status bar), and its end is
// announced with the next useful actions.
import * as vscode from 'vscode';
import type { BatchJob } from '../../core/api';
import { describeProgress, isTerminalStatus } from '../../core/submit';
import { Log } from '../log';
import { finishedMessage } from './format';
import { JobsModel } from './model';

export class Watches implements vscode.Disposable {
  private readonly ids = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  /** `batchFileName` names the file a job was submitted from, when that is known. */
  constructor(private readonly model: JobsModel, private readonly log: Log, private readonly batchFileName: (jobId: string) => string | undefined) {
    this.subscription = model.onDidChange(() => this.checkFinished());
  }

  list(): string[] {
    return [...this.ids];
  }

  /** Starts watching; a job already finished is announced at once. */
  watch(job: BatchJob): void {
    if (isTerminalStatus(job.status)) {
      announce(job, this.batchFileName(job.id));
      return;
    }
    this.ids.add(job.id);
    this.log.info(`Watching batch job ${job.id} (${describeProgress(job)}).`);
    this.changed.fire();
  }

  private checkFinished(): void {
    let removed = false;
    for (const id of this.ids) {
      const job = this.model.job(id);
      if (job && isTerminalStatus(job.status)) {
        this.ids.delete(id);
        removed = true;
        this.log.info(`Batch job ${id} finished: ${describeProgress(job)}.`);
        announce(job, this.batchFileName(id));
      }
    }
    if (removed) this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function announce(job: BatchJob, batchFileName: string | undefined): void {
  const actions = [job.outputFile ? 'Download Results' : undefined, job.errorFile ? 'Open Errors' : undefined, 'Show in Jobs View']
    .filter((a): a is string => a !== undefined);
  const text = finishedMessage(job, batchFileName);
  const show = job.status === 'SUCCESS' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(text, ...actions).then((choice) => {
    if (choice === 'Download Results') void vscode.commands.executeCommand('mistralBatch.downloadResults', job.id);
    else if (choice === 'Open Errors') void vscode.commands.executeCommand('mistralBatch.openErrors', job.id);
    else if (choice === 'Show in Jobs View') void vscode.commands.executeCommand('mistralBatch.revealJob', job.id);
  });
}
