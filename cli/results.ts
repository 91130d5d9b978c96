// `mistral-batch retry JOB_ID|FILE`, and the per-request outcome `status` prints: both read the
// results and errors files beside the batch file, through core/results.
import { existsSync } from 'node:fs';
import { RetryError, summarizeBatchFile, summaryLines, writeRetry } from '../core/results';
import { findSubmissionForJob, JsonFileStore } from '../core/submit';
import { FAILED } from './api';
import type { Io } from './io';
import { stateFile } from './state';

/** The outcome lines of a job submitted from `batchFile`, or a note that its results are not here. */
export async function outcomeLines(batchFile: string): Promise<string[]> {
  const summary = await summarizeBatchFile(batchFile);
  return summary ? summaryLines(summary) : [`no results beside ${batchFile} yet (\`mistral-batch download JOB_ID\` writes them)`];
}

export async function retryCommand(target: string, io: Io): Promise<number> {
  let batchFile = target;
  if (!/\.json$/i.test(target) || !existsSync(target)) {
    const record = findSubmissionForJob(await JsonFileStore.open(stateFile(io.env)), target);
    if (!record) {
      io.err(`mistral-batch: ${target} is neither a batch file nor a job submitted from this machine. Give the batch file's path.`);
      return 2;
    }
    batchFile = record.batchFile;
  }
  try {
    const retry = await writeRetry(batchFile);
    io.out(retry.batchFile);
    for (const input of retry.inputs) io.out(input);
    io.err(`${retry.failed.length} failed and ${retry.missing.length} missing request${retry.failed.length + retry.missing.length === 1 ? '' : 's'} written; submit them with: mistral-batch submit ${retry.batchFile}`);
    return 0;
  } catch (err) {
    if (!(err instanceof RetryError)) throw err;
    io.err(`mistral-batch: ${err.message}`);
    return FAILED;
  }
}
