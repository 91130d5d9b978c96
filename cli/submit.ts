// `mistral-batch submit FILE [--wait] [--poll-interval SECONDS] [--base-url URL] [--timeout SECONDS]`
// Prints the job id on stdout (and, with --wait, the paths of the files written); progress on stderr.
// Exit code: 0 submitted (with --wait: finished with SUCCESS), 1 refused or failed, 2 usage or setup
// problem (no key, bad base URL, unreadable file), 3 an earlier attempt may have created the job
// (--force submits anyway), 130 interrupted.
import { ApiError, BatchApi } from '../core/api';
import {
  describeProgress, findPreviousSubmission, findUncertainAttempt, fingerprintBatchFile, followJob, JsonFileStore,
  locateJsonPath, readText, resultPathsFor, submitBatchFile, SubmitError, SubmitProgress, UncertainAttempt,
} from '../core/submit';
import { relativeTime } from '../core/time';
import { ApiArgs, connect, exitCodeFor, FAILED, INTERRUPTED, SETUP_PROBLEM } from './api';
import type { Io } from './io';
import { jobErrorLines, saveJobOutputs } from './jobs';
import { cliChecker } from './check';
import { formatProblem } from './problems';
import { stateFile } from './state';

export interface SubmitArgs extends ApiArgs {
  file: string;
  wait: boolean;
  /** Submit even though an earlier attempt of the same content may have created the job. */
  force: boolean;
  pollIntervalSeconds: number;
  /** Print every problem of the inputs, not the first thousand. */
  all: boolean;
}

/** Refused because an earlier attempt with the same content may have created the job. */
const MAYBE_SUBMITTED = 3;


function progressPrinter(io: Io): (p: SubmitProgress) => void {
  let lastPrint = 0;
  return (p) => {
    if (p.stage === 'checking') io.err('Checking the batch file...');
    else if (p.stage === 'creating') io.err('Creating the batch job...');
    else if (p.stage === 'uploaded') io.err(p.reused ? `Reusing the earlier upload of ${p.file} (${p.fileId}).` : `Uploaded ${p.file} as ${p.fileId}.`);
    else {
      // Throttled: a large file reports every 64 KiB.
      const done = p.sentBytes === p.totalBytes;
      if (p.sentBytes !== 0 && !done && Date.now() - lastPrint < 500) return;
      lastPrint = Date.now();
      const pct = p.totalBytes === 0 ? 100 : Math.floor((p.sentBytes / p.totalBytes) * 100);
      io.err(`Uploading ${p.file}: ${pct}% (${p.sentBytes}/${p.totalBytes} bytes)`);
    }
  };
}

/** Prints why submission failed; returns the exit code. */
async function reportFailure(err: unknown, file: string, io: Io): Promise<number> {
  if (err instanceof SubmitError) {
    if (err.kind === 'cancelled') {
      io.err(err.message);
      return INTERRUPTED;
    }
    const path = err.details.jsonPath;
    if (path) {
      const text = await readText(file).catch(() => '');
      const at = locateJsonPath(text, path).start;
      io.err(formatProblem(file, at.line, at.character, 'error', err.message));
    } else io.err(`mistral-batch: ${err.message}`);
    return err.kind === 'unreadable' ? SETUP_PROBLEM : FAILED;
  }
  if (err instanceof ApiError) {
    if (err.problems.length > 0) {
      const text = await readText(file).catch(() => '');
      for (const p of err.problems) {
        const at = locateJsonPath(text, p.path).start;
        const where = p.path.length > 0 ? ` (at ${p.path.join('.')})` : '';
        io.err(formatProblem(file, at.line, at.character, 'error', `the API says: ${p.message}${where}`));
      }
    }
    io.err(`mistral-batch: ${err.message}`);
    if (err.mayHaveSucceeded) io.err('This attempt was noted: running the same command again stops unless you add --force.');
    return exitCodeFor(err);
  }
  io.err(`mistral-batch: unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
  return FAILED;
}

/** Says when the uncertain attempt was, which jobs to look at, and how to go on. */
async function refuseUncertain(attempt: UncertainAttempt, api: BatchApi, io: Io): Promise<void> {
  const when = relativeTime(attempt.attemptedAt, Date.now());
  io.err(`mistral-batch: not submitted: an attempt to submit this unchanged file ${when} (${new Date(attempt.attemptedAt).toISOString()}) ended without knowing whether the job was created:`);
  io.err(`  ${attempt.reason}`);
  // Jobs created from a minute before the attempt on are the candidates.
  const since = await api.listJobs({ createdAfter: new Date(attempt.attemptedAt - 60_000), pageSize: 10 }).catch(() => undefined);
  if (since && since.jobs.length > 0) {
    io.err('Jobs created since then (check them with `mistral-batch status JOB_ID`):');
    for (const job of since.jobs) io.err(`  ${job.id} ${describeProgress(job)} ${job.model ?? job.agentId ?? ''} ${job.endpoint}`);
  } else if (since) io.err('No job has been created on this server since then, so it most likely was not.');
  io.err('If none of them is this file\'s job, submit again with --force.');
}

export async function submitCommand(args: SubmitArgs, io: Io): Promise<number> {
  const api = connect(args, io);
  if (typeof api === 'number') return api;

  const store = await JsonFileStore.open(stateFile(io.env));
  const text = await readText(args.file).catch(() => undefined);
  const print = text === undefined ? undefined : await fingerprintBatchFile(args.file, text);
  const uncertain = print && findUncertainAttempt(store, args.file, print, api.baseUrl);
  if (uncertain && !args.force) {
    await refuseUncertain(uncertain, api, io);
    return MAYBE_SUBMITTED;
  }
  const previous = print && findPreviousSubmission(store, args.file, print, api.baseUrl);
  if (previous) {
    // The CLI runs unattended, so it notes the repeat instead of asking.
    io.err(`Note: this unchanged file was already submitted as job ${previous.jobId} ${relativeTime(previous.submittedAt, Date.now())}; submitting again.`);
  }

  let result;
  let creating = false;
  const printProgress = progressPrinter(io);
  try {
    result = await submitBatchFile(args.file, {
      api, checker: cliChecker(args.file, io.err, { all: args.all, note: io.err }), uploadCache: store, submissions: store, signal: io.signal,
      onProgress: (p) => {
        creating ||= p.stage === 'creating';
        printProgress(p);
      },
    });
  } catch (err) {
    const code = await reportFailure(err, args.file, io);
    // An upload that failed, say, does not tell by itself that the job was never asked for.
    if (err instanceof ApiError && !creating && err.kind !== 'cancelled') io.err('No job was created.');
    return code;
  }
  const { job } = result;
  io.out(job.id);
  io.err(`Submitted job ${job.id} (${describeProgress(job)}).`);
  if (result.cancelledAfterCreate) {
    io.err(`Interrupted, but job ${job.id} had already been created and will run; cancel it from the editor's Batch Jobs view if it should not.`);
    return INTERRUPTED;
  }
  if (!args.wait) return 0;

  let final;
  let last = '';
  try {
    final = await followJob(api, job.id, {
      intervalMs: args.pollIntervalSeconds * 1000,
      signal: io.signal,
      onUpdate: (j) => {
        const line = describeProgress(j);
        if (line !== last) io.err(`Job ${j.id}: ${line}`);
        last = line;
      },
      onError: (e, retryInMs) => io.err(`${e.message} Retrying in ${Math.round(retryInMs / 1000)} s.`),
    });
  } catch (err) {
    if (io.signal.aborted) {
      io.err(`Stopped waiting; job ${job.id} keeps running on the server.`);
      return INTERRUPTED;
    }
    return reportFailure(err, args.file, io);
  }

  try {
    await saveJobOutputs(api, final, resultPathsFor(args.file), io);
  } catch (err) {
    return reportFailure(err, args.file, io);
  }
  const failed = final.failedRequests > 0 ? ` ${final.failedRequests} of ${final.totalRequests} requests failed.` : '';
  io.err(`Job ${final.id} finished: ${final.status}.${failed}`);
  // The counts do not say why a job FAILED or ran out of time; its own messages do.
  if (final.errors.length > 0) io.err(['The job reports:', ...jobErrorLines(final)].join('\n'));
  return final.status === 'SUCCESS' ? 0 : FAILED;
}
