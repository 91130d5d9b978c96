// "Mistral: Submit Batch Job": the editor's face of the core's submission flow (core/submit). This
// module decides what to ask and what to show; checking, uploading, creating and recording are the
// core's. Its result is returned to the caller, so tests (and other commands) can see what happened.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { ApiError, ApiErrorKind, BatchApi, BatchJob, describeRetry } from '../../core/api';
import {
  describeProgress, fingerprintBatchFile, jobsCreatedSince, readText, submitBatchFile, SubmitError, SubmitProgress, SubmitResult, SubmissionRecord, UncertainAttempt,
} from '../../core/submit';
import { ApiAccess } from '../apiAccess';
import { ApiDiagnostics } from '../apiDiagnostics';
import { Config } from '../config';
import { Ctx } from '../ctx';
import { showFailure } from '../errors';
import { relativeTime } from '../../core/time';
import { formatBytes, shortJobId, submittedMessage } from '../jobs/format';
import { Jobs } from '../jobs';
import { LANGUAGE_ID } from '../languageClient';
import { Submissions } from '../submissions';

export interface SubmitCommandOptions {
  /** Answers "submitted as job X … — submit again?" without asking: true submits again, false stops. */
  resubmit?: boolean;
}

export type SubmitOutcome =
  | { outcome: 'submitted'; jobId: string; cancelledAfterCreate: boolean }
  /** Nothing was sent: the file has errors, is not a batch file, names a missing input, … */
  | { outcome: 'refused'; message: string }
  /** The user chose not to go on (no key entered, no second submission). */
  | { outcome: 'declined'; message: string }
  /** Cancelled before the job was created. */
  | { outcome: 'cancelled'; message: string }
  | { outcome: 'failed'; message: string; kind?: ApiErrorKind };

export interface SubmitDeps {
  ctx: Ctx;
  config: Config;
  access: ApiAccess;
  submissions: Submissions;
  diagnostics: ApiDiagnostics;
  jobs: Jobs;
}

export function registerSubmitCommand(deps: SubmitDeps): vscode.Disposable {
  // From the explorer the second argument is the selection, from the editor title an editor
  // reference: only a `resubmit` boolean is taken from it.
  return vscode.commands.registerCommand('mistralBatch.submit', (target?: unknown, options?: unknown) => {
    const resubmit = typeof options === 'object' && options !== null && typeof (options as SubmitCommandOptions).resubmit === 'boolean'
      ? (options as SubmitCommandOptions).resubmit
      : undefined;
    return submit(deps, target instanceof vscode.Uri ? target : undefined, { resubmit });
  });
}

function refuse(message: string): SubmitOutcome {
  void vscode.window.showWarningMessage(message);
  return { outcome: 'refused', message };
}

async function submit(deps: SubmitDeps, target: vscode.Uri | undefined, options: SubmitCommandOptions): Promise<SubmitOutcome> {
  const { ctx, access, submissions, diagnostics } = deps;
  const log = ctx.log;
  if (!vscode.workspace.isTrusted) {
    return refuse('Submitting batch jobs is disabled in an untrusted workspace, because its settings decide where the API key is sent. Trust the workspace ("Workspaces: Manage Workspace Trust") to submit; checking and editing work without it.');
  }
  const uri = target ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) return refuse('Open a .batch.json file (or pick one in the explorer), then run "Mistral: Submit Batch Job".');
  const name = basename(uri.path);
  if (uri.scheme !== 'file') return refuse(`${name} is not a file on disk (${uri.scheme}:), and only files on disk can be submitted. Save a copy locally and submit that.`);
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!/\.batch\.json$/i.test(uri.path) && doc?.languageId !== LANGUAGE_ID) {
    return refuse(`${name} is not a batch file: "Submit Batch Job" takes a *.batch.json file.`);
  }
  if (doc?.isDirty && !(await doc.save())) return refuse(`${name} could not be saved, so it was not submitted: what is on disk is what gets sent. Save it and try again.`);
  diagnostics.clear(uri);

  // The key is asked for by the first request, after the check: an invalid file is refused first.
  let client: { api: BatchApi; declined(): boolean };
  try {
    client = access.promptingClient();
  } catch (err) {
    showFailure(err, log);
    return { outcome: 'failed', message: err instanceof Error ? err.message : String(err), kind: err instanceof ApiError ? err.kind : undefined };
  }
  const { api } = client;

  // What is on disk is what the core reads, checks and sends.
  const text = await readText(uri.fsPath).catch(() => undefined);
  const print = text === undefined ? undefined : await fingerprintBatchFile(uri.fsPath, text);
  const previous = print && submissions.previous(uri.fsPath, print, api.baseUrl);
  const uncertain = print && submissions.uncertain(uri.fsPath, print, api.baseUrl);
  if ((previous || uncertain) && !(await confirmResubmit({ previous, uncertain }, api, name, options, deps))) {
    const message = previous
      ? `${name} was not submitted again; job ${previous.jobId} is its latest submission.`
      : `${name} was not submitted again: an earlier attempt may have created its job.`;
    log.info(message);
    return { outcome: 'declined', message };
  }

  log.info(`Submitting ${uri.fsPath} to ${api.baseUrl}.`);
  let result: SubmitResult;
  try {
    result = await withSubmitProgress(name, (signal, onProgress) =>
      submitBatchFile(uri.fsPath, {
        api,
        checker: {
          check: async (t) => {
            const checked = await ctx.checkFile(uri, t);
            return { ...checked, inputs: new Map(checked.inputs?.map((i) => [i.path, i.identity])) };
          },
        },
        uploadCache: submissions.store,
        submissions: submissions.store,
        signal,
        onProgress: (p) => {
          if (p.stage === 'uploaded') log.info(p.reused ? `Reusing the earlier upload of ${p.file} (${p.fileId}).` : `Uploaded ${p.file} as ${p.fileId}.`);
          onProgress(p);
        },
      }),
    );
  } catch (err) {
    if (client.declined()) {
      const message = 'No Mistral API key was given, so nothing was submitted. "Mistral: Set API Key" stores one.';
      void vscode.window.showInformationMessage(message);
      return { outcome: 'declined', message };
    }
    return reportFailure(err, uri, text, deps);
  }
  return reportSuccess(result, name, deps);
}

async function confirmResubmit(
  earlier: { previous?: SubmissionRecord; uncertain?: UncertainAttempt },
  api: BatchApi,
  name: string,
  options: SubmitCommandOptions,
  deps: SubmitDeps,
): Promise<boolean> {
  if (options.resubmit !== undefined) return options.resubmit;
  const { previous, uncertain } = earlier;
  // An attempt that may have created a job is asked about even with the setting off: nobody saw that job's id.
  if (!uncertain && !deps.config.confirmResubmit) return true;
  const now = Date.now();
  const lines = [
    previous ? `${name} was submitted unchanged as job ${previous.jobId} ${relativeTime(previous.submittedAt, now)}.` : '',
    uncertain && (!previous || uncertain.attemptedAt > previous.submittedAt)
      ? `An attempt to submit it unchanged ${relativeTime(uncertain.attemptedAt, now)} ended without knowing whether the job was created: look for it in the Jobs view first.`
      : '',
  ].filter((l) => l !== '');
  const again = 'Submit Again';
  const show = 'Show Job';
  // The same list `mistral-batch submit` prints before refusing with exit code 3.
  const since = uncertain ? await jobsCreatedSince(api, uncertain) : undefined;
  const candidates = !uncertain ? '' : since === undefined
    ? 'The jobs created since then could not be listed. '
    : since.length === 0 ? 'No job has been created on this server since then. '
      : `Jobs created since then: ${since.map((j) => `${j.id} (${describeProgress(j)})`).join(', ')}. `;
  const choice = await vscode.window.showWarningMessage(
    `${lines.join(' ')} Submit it again?`,
    { modal: true, detail: `${candidates}A second job runs, and is billed, like the first. (The setting mistralBatch.confirmResubmit turns this question off for files submitted before.)` },
    again,
    ...(previous ? [show] : []),
  );
  if (choice === show && previous) void vscode.commands.executeCommand('mistralBatch.revealJob', previous.jobId);
  return choice === again;
}

/** Runs the submission under a cancellable notification showing its stage and upload bytes. */
function withSubmitProgress(
  name: string,
  run: (signal: AbortSignal, onProgress: (p: SubmitProgress) => void) => Promise<SubmitResult>,
): Thenable<SubmitResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Submitting ${name}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      // Cancelling stops the create call too: its attempt was noted before it was sent, so a job it
      // may have made is asked about at the next submission.
      const sub = token.onCancellationRequested(() => abort.abort());
      let lastPct = -1;
      const onProgress = (p: SubmitProgress): void => {
        if (p.stage === 'checking') progress.report({ message: 'checking…' });
        else if (p.stage === 'creating') progress.report({ message: 'creating the batch job…' });
        else if (p.stage === 'uploaded') progress.report({ message: p.reused ? `reusing the earlier upload of ${p.file}` : `uploaded ${p.file}` });
        else if (p.stage === 'retrying') progress.report({ message: describeRetry(p) });
        else {
          const pct = p.totalBytes === 0 ? 100 : Math.floor((p.sentBytes / p.totalBytes) * 100);
          if (pct === lastPct) return;
          lastPct = pct;
          progress.report({ message: `uploading ${p.file}: ${pct}% (${formatBytes(p.sentBytes)} of ${formatBytes(p.totalBytes)})` });
        }
      };
      try {
        return await run(abort.signal, onProgress);
      } finally {
        sub.dispose();
      }
    },
  );
}

function reportSuccess(result: SubmitResult, name: string, deps: SubmitDeps): SubmitOutcome {
  const { job, record } = result;
  const { jobs, submissions, ctx } = deps;
  jobs.model.upsert(job);
  submissions.noteSubmitted(record);
  ctx.log.info(`Created batch job ${job.id} from ${record.batchFile} (${describeProgress(job)}).`);
  if (!result.recorded) {
    ctx.log.warn(`Job ${job.id} could not be recorded in the workspace state: submitting ${name} again will not ask first.`);
  }
  if (result.cancelledAfterCreate) offerToCancel(job);
  else {
    // The short id keeps the message on one line; Copy Job ID (in the Jobs view) copies the full one.
    // "Notify When Done" follows the job and announces its end (with Download Results on success).
    void vscode.window.showInformationMessage(submittedMessage(job, name), 'Notify When Done', 'Show in Jobs View').then((choice) => {
      if (choice === 'Notify When Done') void vscode.commands.executeCommand('mistralBatch.watchJob', job.id);
      else if (choice === 'Show in Jobs View') void vscode.commands.executeCommand('mistralBatch.revealJob', job.id);
    });
  }
  return { outcome: 'submitted', jobId: job.id, cancelledAfterCreate: result.cancelledAfterCreate };
}

function offerToCancel(job: BatchJob): void {
  void vscode.window
    .showWarningMessage(`The submission was cancelled after job ${shortJobId(job.id)} had been created, so the job exists and will run. Cancel the job?`, 'Cancel Job', 'Keep Running')
    .then((choice) => {
      if (choice === 'Cancel Job') void vscode.commands.executeCommand('mistralBatch.cancelJob', job.id, { confirmed: true });
    });
}

function reportFailure(err: unknown, uri: vscode.Uri, text: string | undefined, deps: SubmitDeps): SubmitOutcome {
  const { diagnostics, ctx } = deps;
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof SubmitError) {
    ctx.log.info(message);
    if (err.kind === 'cancelled') {
      void vscode.window.showInformationMessage(message);
      return { outcome: 'cancelled', message };
    }
    if (err.kind === 'has-errors') {
      void vscode.window.showErrorMessage(message);
      void vscode.commands.executeCommand('workbench.actions.view.problems');
      return { outcome: 'refused', message };
    }
    if (err.details.jsonPath && text !== undefined) diagnostics.showAt(uri, text, err.details.jsonPath, message);
    void vscode.window.showErrorMessage(message);
    return { outcome: 'refused', message };
  }
  if (err instanceof ApiError && err.problems.length > 0 && text !== undefined) {
    // A 422: its messages go on the lines they name, and in the notification.
    diagnostics.showApiProblems(uri, text, err.problems);
    ctx.log.error(message, false);
    void vscode.window.showErrorMessage(message, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { outcome: 'failed', message, kind: err.kind };
  }
  showFailure(err, ctx.log);
  return { outcome: 'failed', message, kind: err instanceof ApiError ? err.kind : undefined };
}
