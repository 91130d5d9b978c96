// The CLI's checks: the language server's analysis run in-process on the batch file, and the lines
// of its local .jsonl inputs checked like inline requests, all printed the way compilers print.
import { dirname, join, resolve } from 'node:path';
import { readText, type BatchChecker } from '../core/submit';
import { checkBatch, CheckResult } from '../server/analysis/check';
import { checkJsonl } from '../server/analysis/jsonl';
import { batchSchemas } from '../server/schema/load';
import { formatDiagnostic, formatProblem } from './problems';

/**
 * The submission checker for the CLI: the language server's rules, run in-process. Every problem goes
 * to `print`, warnings too, as `validate` would show them: a job that runs anyway should not hide them.
 */
export function cliChecker(displayPath: string, print: (line: string) => void): BatchChecker {
  return {
    check: async (text, batchFile) => {
      const { diagnostics, errors, warnings, job } = checkBatch(text, { maxProblems: Number.POSITIVE_INFINITY, folder: dirname(resolve(batchFile)) });
      for (const d of diagnostics) print(formatDiagnostic(displayPath, d));
      const inputs = await checkLocalInputs(batchFile, displayPath, job, print);
      return { errors: errors + inputs.errors, warnings: warnings + inputs.warnings };
    },
  };
}

/**
 * Prints the problems of each local input that can be read, named after the batch file as it is
 * shown (`<its folder>/<path>`); one that cannot be read is already an error of the batch file.
 */
export async function checkLocalInputs(batchFile: string, shownAs: string, job: CheckResult['job'], print: (line: string) => void): Promise<{ errors: number; warnings: number }> {
  let errors = 0;
  let warnings = 0;
  for (const written of new Set(job.localInputs)) {
    const text = await readText(resolve(dirname(resolve(batchFile)), written)).catch(() => undefined);
    if (text === undefined) continue;
    const shown = join(dirname(shownAs), written);
    for (const f of checkJsonl(batchSchemas(), text, job.bodyUri, job.model)) {
      print(formatProblem(shown, f.line, f.start, f.severity, f.message));
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
    }
  }
  return { errors, warnings };
}
