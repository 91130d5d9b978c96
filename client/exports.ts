// What activate() returns. Only the integration tests use it: they read the Batch Jobs view's rows
// as data, since VS Code offers no API to read another extension's tree, and report activation times.
import * as vscode from 'vscode';
import { BatchInputStatus } from './batchInputs';
import { Jobs } from './jobs';
import { JobsViewRow } from './jobs/view';

export interface ActivationTimes {
  /** From activate() being called to every command, view and provider being registered. */
  readonly wiringMs: number;
  /** From activate() being called to the language server answering `initialize`. */
  readonly serverReadyMs: number;
}

export interface MistralBatchExports {
  readonly activation: ActivationTimes;
  readonly jobsView: {
    readonly visible: boolean;
    /** Fires when the rows may have changed. */
    readonly onDidChange: vscode.Event<void>;
    rows(): JobsViewRow[];
  };
  /** The batch-input status item, as it shows for the active editor. */
  readonly batchInputStatus: {
    readonly onDidChange: vscode.Event<void>;
    current(): BatchInputStatus;
  };
  /** The file the "Check Batch Input" status bar item offers to check (an unsynced large .jsonl), as a URI. */
  readonly largeInputOffer: {
    readonly onDidChange: vscode.Event<void>;
    current(): string | undefined;
  };
}

export function createExports(
  jobs: Jobs,
  activation: ActivationTimes,
  inputs: { status: () => BatchInputStatus; onDidChange: vscode.Event<void> },
  large: { offered: () => string | undefined; onDidChange: vscode.Event<void> },
): MistralBatchExports {
  return {
    activation,
    batchInputStatus: { onDidChange: inputs.onDidChange, current: inputs.status },
    largeInputOffer: { onDidChange: large.onDidChange, current: large.offered },
    jobsView: {
      get visible() {
        return jobs.view.visible;
      },
      onDidChange: jobs.view.onDidChangeTreeData,
      rows: () => jobs.view.rows(),
    },
  };
}
