// What activate() returns. Only the integration tests use it: they read the Batch Jobs view's rows
// as data, since VS Code offers no API to read another extension's tree.
import * as vscode from 'vscode';
import { Jobs } from './jobs';
import { JobsViewRow } from './jobs/view';

export interface MistralBatchExports {
  readonly jobsView: {
    readonly visible: boolean;
    /** Fires when the rows may have changed. */
    readonly onDidChange: vscode.Event<void>;
    rows(): JobsViewRow[];
  };
}

export function createExports(jobs: Jobs): MistralBatchExports {
  return {
    jobsView: {
      get visible() {
        return jobs.view.visible;
      },
      onDidChange: jobs.view.onDidChangeTreeData,
      rows: () => jobs.view.rows(),
    },
  };
}
