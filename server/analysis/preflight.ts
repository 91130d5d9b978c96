// The lines of a batch file's local `.jsonl` inputs, checked before it is sent: each input streamed
// from disk through the line engine (checkJsonlFile), as `mistral-batch validate` and `submit` check
// them (cli/inputs.ts), so the editor's Submit and the CLI cannot disagree on a file.
import { dirname, resolve } from 'node:path';
import { LocalFileError } from '../../core/submit/localFile';
import type { ModelContext } from '../models/checks';
import { BatchSchemas } from '../schema/load';
import { JsonlChecker, LineFinding } from './jsonlChecker';
import { checkJsonlFile } from './jsonlFile';
import { CheckThreads, withCheckThreads } from './parallelCheck';

export interface InputsJob {
  bodyUri: string | undefined;
  model: string | undefined;
  localInputs: readonly string[];
  modelContext?: ModelContext;
}

/** Errors a missing input or a folder already is on its `input_files` entry (inputs.ts). */
const ON_ENTRY: ReadonlySet<LocalFileError['kind']> = new Set(['missing', 'dangling-link', 'not-a-file']);

/**
 * Every finding in the lines of each local input, in `input_files` order, each input once, handed to
 * `emit` with the input's path as they are found (never all held at once); returns the inputs
 * checked. An input that cannot be read for another reason (it changed while read, a read error) is
 * one error on its first line.
 */
export function checkInputLines(schemas: BatchSchemas, batchFile: string, job: InputsJob, emit: (input: string, findings: LineFinding[], path: string) => void): Promise<CheckedInput[]> {
  return withCheckThreads((threads) => checkEach(schemas, batchFile, job, emit, threads));
}

async function checkEach(
  schemas: BatchSchemas, batchFile: string, job: InputsJob, emit: (input: string, findings: LineFinding[], path: string) => void,
  threads: (bytes: number) => CheckThreads | undefined,
): Promise<CheckedInput[]> {
  const checked: CheckedInput[] = [];
  for (const written of new Set(job.localInputs)) {
    const checker = new JsonlChecker(schemas, job.bodyUri, job.model, job.modelContext);
    const path = resolve(dirname(resolve(batchFile)), written);
    checked.push({ written, path });
    try {
      await checkJsonlFile(path, checker, { emit: (found) => emit(written, found, path), threads });
    } catch (e) {
      if (!(e instanceof LocalFileError)) throw e;
      if (!ON_ENTRY.has(e.kind)) emit(written, [{ line: 0, start: 0, end: 0, severity: 'error', code: 'unreadable-input', message: e.message }], path);
    }
  }
  return checked;
}

/** An input as written in `input_files`, and the file it names. */
export interface CheckedInput {
  written: string;
  path: string;
}
