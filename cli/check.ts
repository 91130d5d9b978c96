// The CLI's checks: the language server's analysis run in-process on the batch file, and the lines
// of its local .jsonl inputs checked from disk like inline requests, all printed the way compilers print.
import { dirname, resolve } from 'node:path';
import type { BatchChecker } from '../core/submit';
import { checkBatch } from '../server/analysis/check';
import { checkBatchInputs, PrintOptions } from './inputs';
import { formatDiagnostic } from './problems';

/**
 * The submission checker for the CLI: the language server's rules, run in-process. Every problem goes
 * to `print`, warnings too, as `validate` would show them: a job that runs anyway should not hide them.
 */
export function cliChecker(displayPath: string, print: (line: string) => void, opts: PrintOptions): BatchChecker {
  return {
    check: async (text, batchFile) => {
      const { diagnostics, errors, warnings, job } = checkBatch(text, { maxProblems: Number.POSITIVE_INFINITY, folder: dirname(resolve(batchFile)) });
      for (const d of diagnostics) print(formatDiagnostic(displayPath, d));
      const inputs = await checkBatchInputs(batchFile, displayPath, job, print, opts);
      return { errors: errors + inputs.errors, warnings: warnings + inputs.warnings, inputs: inputs.identities };
    },
  };
}
