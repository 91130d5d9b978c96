// The lines of a batch file's local `.jsonl` inputs, checked before it is sent: each input streamed
// from disk through the line engine (checkJsonlFile), then the rule over all of them together. The
// one loop behind the editor's Submit (server.ts) and the CLI's `validate` and `submit` (cli/check.ts),
// so the two cannot disagree on a file.
import { dirname, resolve } from 'node:path';
import { FileIdentity, LocalFileError } from '../../core/submit/localFile';
import type { ModelContext } from '../models/checks';
import { BatchSchemas } from '../schema/load';
import { MAX_LINES } from './inputLimits';
import { JsonlChecker, LineFinding } from './jsonlChecker';
import { checkJsonlFile } from './jsonlFile';
import { CheckThreads, withCheckThreads } from './parallelCheck';

export interface InputsJob {
  bodyUri: string | undefined;
  model: string | undefined;
  localInputs: readonly string[];
  modelContext?: ModelContext;
}

export interface InputLinesOptions {
  /** How many findings of each input are placed in its text (see JsonlChecker); the rest are counted. */
  placed?: number;
  /** After each chunk of an input: the bytes and lines read of it so far. */
  onProgress?: (input: string, bytes: number, lines: number) => void;
  /** Told when a checking thread stops (the check goes on, with the same findings). */
  onThreadFailure?: (why: string) => void;
}

/** An input as written in `input_files`, the file it names, and what the check read of it. */
export interface CheckedInput {
  written: string;
  path: string;
  requests: number;
  /** The file as it was read; undefined when it could not be. */
  identity: FileIdentity | undefined;
}

export interface InputsChecked {
  inputs: CheckedInput[];
  /** Said when the inputs together hold more requests than a workspace may have pending: an error of the job. */
  tooMany: string | undefined;
}

/** Errors a missing input or a folder already is on its `input_files` entry (inputs.ts). */
const ON_ENTRY: ReadonlySet<LocalFileError['kind']> = new Set(['missing', 'dangling-link', 'not-a-file']);

/**
 * Every finding in the lines of each local input, in `input_files` order, each input once, handed to
 * `emit` with the input's path as they are found (never all held at once). An input that cannot be
 * read for another reason (it changed while read, a read error) is one error on its first line.
 */
export function checkInputLines(
  schemas: BatchSchemas, batchFile: string, job: InputsJob, emit: (input: string, findings: LineFinding[], path: string) => void, opts: InputLinesOptions = {},
): Promise<InputsChecked> {
  return withCheckThreads((threads) => checkEach(schemas, batchFile, job, emit, opts, threads), opts.onThreadFailure);
}

async function checkEach(
  schemas: BatchSchemas, batchFile: string, job: InputsJob, emit: (input: string, findings: LineFinding[], path: string) => void,
  opts: InputLinesOptions, threads: (bytes: number) => CheckThreads | undefined,
): Promise<InputsChecked> {
  const inputs: CheckedInput[] = [];
  for (const written of new Set(job.localInputs)) {
    const checker = new JsonlChecker(schemas, job.bodyUri, job.model, job.modelContext, opts.placed);
    const path = resolve(dirname(resolve(batchFile)), written);
    const input: CheckedInput = { written, path, requests: 0, identity: undefined };
    inputs.push(input);
    try {
      const onProgress = opts.onProgress && ((bytes: number, lines: number) => opts.onProgress?.(written, bytes, lines));
      const summary = await checkJsonlFile(path, checker, { emit: (found) => emit(written, found, path), threads, onProgress });
      input.requests = summary.requests;
      input.identity = summary.identity;
    } catch (e) {
      if (!(e instanceof LocalFileError)) throw e;
      if (!ON_ENTRY.has(e.kind)) emit(written, [{ line: 0, start: 0, end: 0, severity: 'error', code: 'unreadable-input', message: e.message }], path);
    }
  }
  const requests = inputs.reduce((sum, input) => sum + input.requests, 0);
  const tooMany = requests > MAX_LINES
    ? `the input files of this job hold ${requests.toLocaleString('en-US')} requests together, more than the ${MAX_LINES.toLocaleString('en-US')} a workspace may have pending at once: split the job into several`
    : undefined;
  return { inputs, tooMany };
}
