// The Jobs view's commands. Each takes the job as a view row, a job id (from notifications,
// CodeLenses and tests), or nothing (from the palette: a quick pick).
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { BatchApi, BatchJob } from '../../core/api';
import { basename } from 'node:path';
import { describeProgress, isTerminalStatus } from '../../core/submit';
import { ApiAccess } from '../apiAccess';
import { showFailure } from '../errors';
import { Jobs } from '../jobs';
import { jobDescription, jobLabel, progressText, shortJobId, statusText } from '../jobs/format';
import { downloadJobFile, JobFileKind, targetFor } from '../jobs/jobFiles';
import { Log } from '../log';
import { Submissions } from '../submissions';

export interface JobCommandDeps {
  log: Log;
  access: ApiAccess;
  submissions: Submissions;
  jobs: Jobs;
}

export interface CancelJobOptions {
  /** The user has already said yes (e.g. to "cancel the job just created?"). */
  confirmed?: boolean;
}

export function registerJobCommands(deps: JobCommandDeps): vscode.Disposable[] {
  const { jobs, log } = deps;
  return [
    vscode.commands.registerCommand('mistralBatch.refreshJobs', () => refresh(deps)),
    vscode.commands.registerCommand('mistralBatch.loadMoreJobs', () => jobs.model.loadMore().catch((e: unknown) => showFailure(e, log))),
    vscode.commands.registerCommand('mistralBatch.cancelJob', (arg?: unknown, options?: unknown) => cancel(deps, arg, isCancelOptions(options) ? options : {})),
    vscode.commands.registerCommand('mistralBatch.downloadResults', (arg?: unknown) => saveJobFile(deps, arg, 'results')),
    vscode.commands.registerCommand('mistralBatch.openErrors', (arg?: unknown) => saveJobFile(deps, arg, 'errors')),
    vscode.commands.registerCommand('mistralBatch.copyJobId', (arg?: unknown) => copyId(deps, arg)),
    vscode.commands.registerCommand('mistralBatch.openBatchFile', (arg?: unknown) => openBatchFile(deps, arg)),
    vscode.commands.registerCommand('mistralBatch.watchJob', (arg?: unknown) => watch(deps, arg)),
    vscode.commands.registerCommand('mistralBatch.revealJob', (arg?: unknown) => reveal(deps, arg)),
  ];
}

function isCancelOptions(v: unknown): v is CancelJobOptions {
  return typeof v === 'object' && v !== null && typeof (v as CancelJobOptions).confirmed === 'boolean';
}

/** A view row ({ kind: 'job', id }) or a job id. */
function idFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg !== '') return arg;
  if (typeof arg === 'object' && arg !== null && (arg as { kind?: unknown }).kind === 'job') {
    const id = (arg as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/** The job the command is about; from the palette, picked among the listed jobs that fit. */
async function jobIdFor(deps: JobCommandDeps, arg: unknown, fits: (job: BatchJob) => boolean, what: string): Promise<string | undefined> {
  const given = idFrom(arg);
  if (given) return given;
  const { model } = deps.jobs;
  if (model.state !== 'loaded') {
    try {
      await model.refresh();
    } catch (err) {
      showFailure(err, deps.log);
      return undefined;
    }
  }
  const candidates = model.jobs.filter(fits);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(model.state === 'no-key' ? 'No Mistral API key is set, so no job can be listed. Run "Mistral: Set API Key".' : `No listed batch job to ${what}.`);
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    candidates.map((j) => {
      const record = deps.submissions.forJob(j.id);
      return { label: jobLabel(j, record ? basename(record.batchFile) : undefined), description: jobDescription(j, now), detail: j.id, id: j.id };
    }),
    { title: `Batch job to ${what}`, matchOnDescription: true },
  );
  return picked?.id;
}

async function requireApi(deps: JobCommandDeps): Promise<BatchApi | undefined> {
  try {
    const api = await deps.access.client({ interactive: true });
    if (!api) void vscode.window.showInformationMessage('No Mistral API key was given. "Mistral: Set API Key" stores one.');
    return api;
  } catch (err) {
    showFailure(err, deps.log);
    return undefined;
  }
}

/** The job in its current state, from the server. */
async function freshJob(deps: JobCommandDeps, id: string): Promise<BatchJob | undefined> {
  try {
    const job = await deps.jobs.model.fetch(id);
    if (!job) void vscode.window.showInformationMessage('No Mistral API key is set. Run "Mistral: Set API Key".');
    return job;
  } catch (err) {
    showFailure(err, deps.log);
    return undefined;
  }
}

async function refresh(deps: JobCommandDeps): Promise<void> {
  deps.jobs.poller.unblock();
  try {
    await deps.jobs.model.refresh();
  } catch (err) {
    showFailure(err, deps.log);
  }
}

async function cancel(deps: JobCommandDeps, arg: unknown, options: CancelJobOptions): Promise<BatchJob | undefined> {
  const id = await jobIdFor(deps, arg, (j) => !isTerminalStatus(j.status), 'cancel');
  if (!id) return undefined;
  const api = await requireApi(deps);
  if (!api) return undefined;
  const job = deps.jobs.model.job(id) ?? (await freshJob(deps, id));
  if (!job) return undefined;
  if (isTerminalStatus(job.status)) {
    void vscode.window.showInformationMessage(`Job ${shortJobId(id)} has already finished (${progressText(job)}); there is nothing to cancel.`);
    return job;
  }
  if (!options.confirmed) {
    // "Keep Running" replaces the dialog's own "Cancel", which next to "Cancel Job" would read as its twin.
    const choice = await vscode.window.showWarningMessage(
      `Cancel job ${shortJobId(id)} (${progressText(job)})?`,
      { modal: true, detail: `Job ID: ${id}\n\nRequests that have not run yet will not run. This cannot be undone.` },
      { title: 'Cancel Job' },
      { title: 'Keep Running', isCloseAffordance: true },
    );
    if (choice?.title !== 'Cancel Job') return undefined;
  }
  try {
    const cancelled = await api.cancelJob(id);
    deps.jobs.model.upsert(cancelled);
    deps.jobs.poller.kick();
    deps.log.info(`Cancellation of batch job ${id} requested: ${describeProgress(cancelled)}.`);
    void vscode.window.showInformationMessage(`Cancellation of job ${shortJobId(id)} requested (${statusText(cancelled).toLowerCase()}).`);
    return cancelled;
  } catch (err) {
    showFailure(err, deps.log);
    return undefined;
  }
}

/** Saves the job's results or errors file (see jobs/jobFiles.ts) and opens it; returns its path. */
async function saveJobFile(deps: JobCommandDeps, arg: unknown, kind: JobFileKind): Promise<string | undefined> {
  const has = (j: BatchJob): boolean => Boolean(kind === 'results' ? j.outputFile : j.errorFile);
  const id = await jobIdFor(deps, arg, has, kind === 'results' ? 'download the results of' : 'open the errors of');
  if (!id) return undefined;
  const api = await requireApi(deps);
  if (!api) return undefined;
  const job = await freshJob(deps, id);
  if (!job) return undefined;
  const fileId = kind === 'results' ? job.outputFile : job.errorFile;
  if (!fileId) {
    const finished = isTerminalStatus(job.status);
    const why = kind === 'results'
      ? (finished ? `it ended without an output file (${progressText(job)})` : `it is ${statusText(job).toLowerCase()}; results come when it ends`)
      : (finished ? 'no request failed' : `it is ${statusText(job).toLowerCase()}; an error file comes when it ends, if a request fails`);
    const text = `Job ${shortJobId(id)} has no ${kind === 'results' ? 'results' : 'error file'}${finished ? '' : ' yet'}: ${why}.`;
    if (finished) void vscode.window.showInformationMessage(text);
    else {
      const notify = 'Notify When Done';
      void vscode.window.showInformationMessage(text, notify).then((choice) => (choice === notify ? watch(deps, id) : undefined));
    }
    return undefined;
  }
  const path = await targetFor(job, kind, deps.submissions);
  if (!path) return undefined;
  try {
    const saved = await downloadJobFile(api, fileId, path, `the ${kind} of job ${shortJobId(id)}`);
    if (!saved) {
      void vscode.window.showInformationMessage(`Download cancelled; ${path} was left as it was.`);
      return undefined;
    }
    if (saved.kept) void vscode.window.showInformationMessage(`The earlier ${kind} file was kept as ${saved.kept}.`);
  } catch (err) {
    showFailure(err, deps.log);
    return undefined;
  }
  deps.log.info(`Saved the ${kind} of batch job ${id} to ${path}.`);
  await vscode.window.showTextDocument(vscode.Uri.file(path), { preview: false });
  return path;
}

async function copyId(deps: JobCommandDeps, arg: unknown): Promise<void> {
  const id = await jobIdFor(deps, arg, () => true, 'copy the id of');
  if (!id) return;
  await vscode.env.clipboard.writeText(id);
  vscode.window.setStatusBarMessage(`Copied batch job id ${id}`, 3000);
}

async function openBatchFile(deps: JobCommandDeps, arg: unknown): Promise<void> {
  const id = await jobIdFor(deps, arg, (j) => deps.submissions.forJob(j.id) !== undefined, 'open the batch file of');
  if (!id) return;
  const record = deps.submissions.forJob(id);
  if (!record) {
    void vscode.window.showInformationMessage(`Job ${shortJobId(id)} was not submitted from this workspace, so its batch file is not known.`);
    return;
  }
  if (!existsSync(record.batchFile)) {
    void vscode.window.showWarningMessage(`Job ${shortJobId(id)} was submitted from ${record.batchFile}, which no longer exists.`);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(record.batchFile), { preview: false });
}

async function watch(deps: JobCommandDeps, arg: unknown): Promise<void> {
  const id = await jobIdFor(deps, arg, (j) => !isTerminalStatus(j.status), 'watch');
  if (!id) return;
  const job = deps.jobs.model.job(id) ?? (await freshJob(deps, id));
  if (!job) return;
  deps.jobs.watches.watch(job);
  deps.jobs.poller.kick();
}

async function reveal(deps: JobCommandDeps, arg: unknown): Promise<void> {
  const id = idFrom(arg);
  if (!id) {
    await vscode.commands.executeCommand('mistralBatch.jobs.focus');
    return;
  }
  try {
    if (!(await deps.jobs.view.reveal(id))) {
      void vscode.window.showInformationMessage(`Job ${shortJobId(id)} is older than the jobs the view has loaded: use "Load more…" at the end of the list.`);
    }
  } catch (err) {
    showFailure(err, deps.log);
  }
}
