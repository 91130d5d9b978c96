// The CLI's checks: the language server's analysis run in-process on the batch file, and the lines
// of its local .jsonl inputs checked from disk like inline requests, all printed the way compilers print.
import { dirname, join, resolve } from 'node:path';
import type { BatchChecker } from '../core/submit';
import type { FileIdentity } from '../core/submit/localFile';
import { checkBatch, CheckResult } from '../server/analysis/check';
import { MAX_LINES } from '../server/analysis/inputLimits';
import { checkInputFile } from './inputs';
import { formatDiagnostic } from './problems';

export interface PrintOptions {
  /** Every problem of an input, not the first thousand. */
  all: boolean;
  /** Progress and notes (stderr). */
  note: (line: string) => void;
}

/**
 * The submission checker for the CLI: the language server's rules, run in-process. Every problem goes
 * to `print`, warnings too, as `validate` would show them: a job that runs anyway should not hide them.
 */
export function cliChecker(displayPath: string, print: (line: string) => void, opts: PrintOptions): BatchChecker {
  return {
    check: async (text, batchFile) => {
      const { diagnostics, errors, warnings, job } = checkBatch(text, { maxProblems: Number.POSITIVE_INFINITY, folder: dirname(resolve(batchFile)) });
      for (const d of diagnostics) print(formatDiagnostic(displayPath, d));
      const inputs = await checkLocalInputs(batchFile, displayPath, job, print, opts);
      return { errors: errors + inputs.errors, warnings: warnings + inputs.warnings, inputs: inputs.identities };
    },
  };
}

/**
 * Prints the problems of each local input, named after the batch file as it is shown (`<its
 * folder>/<path>`); one that is missing or not a file is already an error of the batch file.
 */
export async function checkLocalInputs(
  batchFile: string, shownAs: string, job: CheckResult['job'], print: (line: string) => void, opts: PrintOptions,
): Promise<{ errors: number; warnings: number; identities: Map<string, FileIdentity> }> {
  let errors = 0;
  let warnings = 0;
  let requests = 0;
  const identities = new Map<string, FileIdentity>();
  for (const written of new Set(job.localInputs)) {
    const path = resolve(dirname(resolve(batchFile)), written);
    const shown = join(dirname(shownAs), written);
    const checked = await checkInputFile(path, shown, { bodyUri: job.bodyUri, model: job.model, modelContext: job.modelContext, ...opts }, print);
    if ('unreadable' in checked) {
      // Missing files and folders are the batch file's errors already; anything else is said here.
      if (checked.kind !== 'missing' && checked.kind !== 'not-a-file') {
        print(`${shown}: error: ${checked.unreadable}`);
        errors++;
      }
      continue;
    }
    errors += checked.errors;
    warnings += checked.warnings;
    requests += checked.requests;
    identities.set(path, checked.identity);
  }
  if (requests > MAX_LINES) {
    print(`${shownAs}: error: its input files hold ${requests.toLocaleString('en-US')} requests together, more than the ${MAX_LINES.toLocaleString('en-US')} a workspace may have pending at once: split the job into several`);
    errors++;
  }
  return { errors, warnings, identities };
}
