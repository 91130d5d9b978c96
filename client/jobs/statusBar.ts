// The status bar item for unfinished jobs ("$(sync~spin) 2 batch jobs 45%"); hidden when there are
// none, one click from the Jobs view.
import * as vscode from 'vscode';
import { statusBarText } from './format';
import { JobsModel } from './model';
import { JOBS_VIEW_ID } from './view';

export function registerJobsStatusBar(model: JobsModel): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('mistralBatch.jobs', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Mistral Batch Jobs';
  item.command = `${JOBS_VIEW_ID}.focus`;
  const update = (): void => {
    const shown = statusBarText(model.unfinished());
    if (!shown) {
      item.hide();
      return;
    }
    item.text = shown.text;
    item.tooltip = shown.tooltip;
    item.show();
  };
  update();
  return vscode.Disposable.from(item, model.onDidChange(update));
}
