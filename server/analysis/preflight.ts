// The pre-flight check of a batch file before it is sent, one function for every host: the CLI's
// `validate` and `submit` print its problems, the language server's CheckFileRequest (the editor's
// Submit) counts them. The batch file's own findings, its missing or unreadable local inputs, and each
// line of its readable local `.jsonl` inputs, checked like inline requests: nothing can pass one and
// fail the other.
import { dirname, resolve } from 'node:path';
import { readText } from '../../core/submit/readText';
import type { ModelContext } from '../models/checks';
import { BatchSchemas } from '../schema/load';
import { checkJsonl, LineFinding } from './jsonl';

export interface InputLineProblem extends LineFinding {
  /** The input as written in `input_files`. */
  input: string;
}

/**
 * The problems in the lines of each local input that can be read (one that cannot is already an
 * error on its `input_files` entry, see inputs.ts), in `input_files` order, each input once.
 */
export async function checkInputLines(
  schemas: BatchSchemas,
  batchFile: string,
  job: { bodyUri: string | undefined; model: string | undefined; localInputs: readonly string[]; modelContext?: ModelContext },
): Promise<InputLineProblem[]> {
  const out: InputLineProblem[] = [];
  for (const written of new Set(job.localInputs)) {
    const text = await readText(resolve(dirname(resolve(batchFile)), written)).catch(() => undefined);
    if (text === undefined) continue;
    for (const f of checkJsonl(schemas, text, job.bodyUri, job.model, job.modelContext)) out.push({ ...f, input: written });
  }
  return out;
}
