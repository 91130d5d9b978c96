// `mistral-batch status|download|cancel JOB_ID`: looking at a job and recovering what it produced,
// over the same core as `submit --wait` and the editor's Jobs view. Results on stdout, notes on stderr.
import { basename, join } from 'node:path';
import { ApiError, BatchApi, BatchJob } from '../core/api';
import {
  batchBaseName, describeProgress, downloadJobFiles, findSubmissionForJob, isTerminalStatus, JsonFileStore, resultPathsFor, resultPathsIn,
  safeSegment, StoreDamagedError,
} from '../core/submit';
import { relativeTime } from '../core/time';
import { ApiArgs, connect, exitCodeFor, FAILED, SETUP_PROBLEM } from './api';
import type { Io } from './io';
import { outcomeLines } from './results';
import { cacheDir, stateFile } from './state';

export interface JobArgs extends ApiArgs {
  jobId: string;
  /** For download: the folder to write to. */
  out?: string;
}

/** The job's own error messages (why it FAILED, for instance), one line each. */
export function jobErrorLines(job: BatchJob): string[] {
  return job.errors.map((e) => `  ${e.message}${e.count !== undefined && e.count !== null && e.count > 1 ? ` (×${e.count})` : ''}`);
}

/**
 * Writes the job's results and errors files, keeping earlier ones under numbered names, and says what
 * it did: written paths on stdout, what was kept or moved on stderr. A folder that cannot be written
 * to sends them to the cache folder instead, said so: the job itself did not fail.
 */
export async function saveJobOutputs(api: BatchApi, job: BatchJob, target: { results: string; errors: string }, io: Io): Promise<void> {
  const fallbackFolder = join(cacheDir(io.env), 'outputs', safeSegment(job.id));
  const saved = await downloadJobFiles(api, job, target, { signal: io.signal, fallbackFolder });
  for (const file of [saved.results, saved.errors]) {
    if (!file) continue;
    if (file.fallbackFrom) io.err(`Cannot write ${file.fallbackFrom.path} (${file.fallbackFrom.reason}): saved it as ${file.path} instead.`);
    if (file.kept) io.err(`Kept the earlier ${basename(file.path)} as ${file.kept}.`);
    io.out(file.path);
  }
  for (const { from, to } of saved.movedAside) io.err(`Moved ${from} to ${to}: it came from an earlier job, and job ${job.id} has no such file.`);
  if (!saved.results && !saved.errors) io.err(`Job ${job.id} produced no results or errors file.`);
}

async function withApi(args: JobArgs, io: Io, run: (api: BatchApi) => Promise<number>): Promise<number> {
  const api = connect(args, io);
  if (typeof api === 'number') return api;
  try {
    return await run(api);
  } catch (err) {
    if (err instanceof StoreDamagedError) {
      io.err(`mistral-batch: ${err.message}`);
      return SETUP_PROBLEM;
    }
    if (!(err instanceof ApiError)) throw err;
    io.err(`mistral-batch: ${err.message}`);
    return exitCodeFor(err);
  }
}

const time = (seconds: number | null | undefined): string | undefined =>
  seconds ? `${new Date(seconds * 1000).toISOString()} (${relativeTime(seconds * 1000, Date.now())})` : undefined;

export function statusCommand(args: JobArgs, io: Io): Promise<number> {
  return withApi(args, io, async (api) => {
    const job = await api.getJob(args.jobId, { signal: io.signal });
    const fields: Array<[string, string | null | undefined]> = [
      ['status', describeProgress(job)],
      ['requests', `${job.totalRequests} total, ${job.completedRequests} completed, ${job.succeededRequests} succeeded, ${job.failedRequests} failed`],
      ['model', job.model ?? (job.agentId ? `agent ${job.agentId}` : undefined)],
      ['endpoint', job.endpoint],
      ['created', time(job.createdAt)],
      ['started', time(job.startedAt)],
      ['completed', time(job.completedAt)],
      ['input files', job.inputFiles.length > 0 ? job.inputFiles.join(', ') : undefined],
      ['results file', job.outputFile],
      ['errors file', job.errorFile],
    ];
    io.out(`job ${job.id}`);
    for (const [name, value] of fields) if (value) io.out(`  ${name}: ${value}`);
    if (job.errors.length > 0) {
      io.out('  errors:');
      for (const line of jobErrorLines(job)) io.out(`  ${line}`);
    }
    const record = isTerminalStatus(job.status) ? findSubmissionForJob(await JsonFileStore.open(stateFile(io.env)), job.id) : undefined;
    if (record) {
      io.out('  outcome:');
      for (const line of await outcomeLines(record.batchFile)) io.out(`    ${line}`);
    }
    return 0;
  });
}

export function downloadCommand(args: JobArgs, io: Io): Promise<number> {
  return withApi(args, io, async (api) => {
    const job = await api.getJob(args.jobId, { signal: io.signal });
    if (!isTerminalStatus(job.status)) {
      io.err(`mistral-batch: job ${job.id} is ${describeProgress(job)}: it has nothing to download until it ends. "mistral-batch status ${job.id}" shows how far it is.`);
      return FAILED;
    }
    // Beside the batch file it was submitted from, as --wait does, when this machine submitted it.
    const record = findSubmissionForJob(await JsonFileStore.open(stateFile(io.env)), job.id);
    // Only local names make paths: an id from the server is one safe segment, whatever it holds.
    const name = record ? batchBaseName(record.batchFile) : safeSegment(job.id);
    const target = args.out !== undefined ? resultPathsIn(args.out, name) : record ? resultPathsFor(record.batchFile) : resultPathsIn('.', name);
    await saveJobOutputs(api, job, target, io);
    return 0;
  });
}

export function cancelCommand(args: JobArgs, io: Io): Promise<number> {
  return withApi(args, io, async (api) => {
    const before = await api.getJob(args.jobId, { signal: io.signal });
    if (isTerminalStatus(before.status)) {
      io.err(`mistral-batch: job ${before.id} already ended (${describeProgress(before)}); there is nothing to cancel.`);
      return FAILED;
    }
    const job = await api.cancelJob(args.jobId, { signal: io.signal });
    io.out(`${job.id} ${job.status}`);
    io.err(`Cancellation requested for job ${job.id}: requests already done are kept (and billed); "mistral-batch download ${job.id}" fetches them once it has stopped.`);
    return 0;
  });
}
