// The jobs side of the extension, assembled: the model, the view, the CodeLenses, watches, the
// status bar and the poller that keeps them live.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { ApiAccess } from '../apiAccess';
import { Config } from '../config';
import { Log } from '../log';
import { Submissions } from '../submissions';
import { BatchCodeLenses } from './codeLens';
import { JobsModel } from './model';
import { Poller } from './poller';
import { registerJobsStatusBar } from './statusBar';
import { JobsView } from './view';
import { Watches } from './watches';

export interface Jobs {
  readonly model: JobsModel;
  readonly view: JobsView;
  readonly lenses: BatchCodeLenses;
  readonly watches: Watches;
  readonly poller: Poller;
}

export function createJobs(access: ApiAccess, submissions: Submissions, config: Config, log: Log): { jobs: Jobs; disposables: vscode.Disposable[] } {
  const model = new JobsModel(access, log);
  const view = new JobsView(model, submissions, config);
  const lenses = new BatchCodeLenses(model, submissions, access);
  const watches = new Watches(model, log, (id) => {
    const record = submissions.forJob(id);
    return record ? basename(record.batchFile) : undefined;
  });
  const sourcesChanged = new vscode.EventEmitter<void>();
  const fire = (): void => sourcesChanged.fire();
  const poller = new Poller(model, {
    viewVisible: () => view.visible,
    followed: () => [...lenses.visibleJobIds(), ...watches.list()],
    onDidChange: sourcesChanged.event,
  }, config, access, log);
  const disposables: vscode.Disposable[] = [
    model, view, lenses, watches, poller, sourcesChanged, registerJobsStatusBar(model),
    view.onDidChangeVisibility(fire), lenses.onDidChangeVisibleJobs(fire), watches.onDidChange(fire),
  ];
  return { jobs: { model, view, lenses, watches, poller }, disposables };
}
