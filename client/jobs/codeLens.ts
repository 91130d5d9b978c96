// The CodeLenses at the top of a batch file: "Submit Batch Job", and once the file has a job, that
// job's live state ("Job 3f2a1b2c · Running 120/1000"), which reveals it in the Jobs view, followed
// by "Download Results" once it has succeeded with an output file.
// It also tells the poller which jobs such lenses show in visible editors.
import * as vscode from 'vscode';
import { isTerminalStatus, SubmissionRecord, sha256Hex } from '../../core/submit';
import { ApiAccess } from '../apiAccess';
import { LANGUAGE_ID } from '../languageClient';
import { Submissions } from '../submissions';
import { lensTitle, pendingLensTitle } from './format';
import { JobsModel } from './model';

export class BatchCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly visibleChanged = new vscode.EventEmitter<void>();
  /** The jobs shown in visible editors may have changed. */
  readonly onDidChangeVisibleJobs = this.visibleChanged.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly hashes = new Map<string, { version: number; hash: string }>();
  private lastShown = '';

  constructor(private readonly model: JobsModel, private readonly submissions: Submissions, private readonly access: ApiAccess) {
    const refresh = (): void => {
      this.changed.fire();
      this.visibleChanged.fire();
    };
    this.subscriptions = [
      vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, this),
      // The model changes with every poll, mostly to no effect on a lens. An editor asks every
      // provider again on any change: the server's Try lenses of a large file with them, and a click
      // on a lens whose list was just replaced is lost. So only a change a lens shows is announced.
      model.onDidChange(() => {
        const shown = this.shownTitles();
        if (shown === this.lastShown) return;
        this.lastShown = shown;
        refresh();
      }),
      submissions.onDidChange(refresh),
      access.onDidChange(refresh),
      vscode.workspace.onDidGrantWorkspaceTrust(refresh),
      vscode.window.onDidChangeVisibleTextEditors(() => this.visibleChanged.fire()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.hashes.delete(doc.uri.toString())),
    ];
  }

  /** The submission a batch document's lens is about, if any. */
  recordFor(doc: vscode.TextDocument): SubmissionRecord | undefined {
    const baseUrl = this.access.baseUrl();
    if (doc.uri.scheme !== 'file' || !baseUrl) return undefined;
    return this.submissions.latestFor(doc.uri.fsPath, () => this.textHash(doc), baseUrl, this.model.jobs.map((j) => j.id));
  }

  /** The document's hash, once per version: lenses are asked again on every edit and every poll. */
  private textHash(doc: vscode.TextDocument): string {
    const key = doc.uri.toString();
    const known = this.hashes.get(key);
    if (known?.version === doc.version) return known.hash;
    const hash = sha256Hex(doc.getText());
    this.hashes.set(key, { version: doc.version, hash });
    return hash;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses: vscode.CodeLens[] = [];
    if (vscode.workspace.isTrusted && doc.uri.scheme === 'file') {
      lenses.push(new vscode.CodeLens(top, { title: '$(cloud-upload) Submit Batch Job', command: 'mistralBatch.submit', arguments: [doc.uri] }));
    }
    const record = this.recordFor(doc);
    if (record) {
      const job = this.model.job(record.jobId);
      lenses.push(new vscode.CodeLens(top, {
        title: job ? lensTitle(job) : pendingLensTitle(record.jobId),
        tooltip: 'Show this job in the Jobs view',
        command: 'mistralBatch.revealJob',
        arguments: [record.jobId],
      }));
      if (job?.status === 'SUCCESS' && job.outputFile) {
        lenses.push(new vscode.CodeLens(top, {
          title: 'Download Results',
          tooltip: 'Download this job\'s results and open them',
          command: 'mistralBatch.downloadResults',
          arguments: [job.id],
        }));
      }
      if (job && isTerminalStatus(job.status) && job.succeededRequests < job.totalRequests) {
        lenses.push(new vscode.CodeLens(top, {
          title: 'Retry Failed',
          tooltip: 'Write a new batch file with only the requests that failed or got no result (from the results beside this file)',
          command: 'mistralBatch.retryFailed',
          arguments: [doc.uri],
        }));
      }
    }
    return lenses;
  }

  /** What the lenses of the visible batch files say, to tell a change that shows from one that does not. */
  private shownTitles(): string {
    return JSON.stringify(vscode.window.visibleTextEditors
      .filter((e) => e.document.languageId === LANGUAGE_ID)
      .map((e) => [e.document.uri.toString(), ...this.provideCodeLenses(e.document).map((l) => l.command?.title)]));
  }

  /** Jobs whose lens is in a visible editor. */
  visibleJobIds(): string[] {
    const ids = vscode.window.visibleTextEditors
      .filter((e) => e.document.languageId === LANGUAGE_ID)
      .map((e) => this.recordFor(e.document)?.jobId)
      .filter((id): id is string => id !== undefined);
    return [...new Set(ids)];
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
    this.visibleChanged.dispose();
  }
}
