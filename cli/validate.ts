// `mistral-batch validate FILE...`: every problem of every file, then a summary.
// Exit code: 0 clean (warnings allowed), 1 when any file has an error, 2 when a file cannot be read.
import { dirname, resolve } from 'node:path';
import { describeReadError, readText } from '../core/submit';
import { checkBatch } from '../server/analysis/check';
import { describeJobTokens, jobTokens } from '../server/models/tokens';
import { checkLocalInputs } from './check';
import { CatalogueArgs, cliCatalogue } from './models';
import { formatDiagnostic, plural } from './problems';
import type { Io } from './io';

export interface ValidateArgs extends CatalogueArgs {
  /** Also print each file's token totals. */
  stats: boolean;
}

export async function validateCommand(files: string[], io: Io, args: ValidateArgs = { offline: true, stats: false }): Promise<number> {
  const catalogue = await cliCatalogue(args, io);
  let errors = 0;
  let warnings = 0;
  let unreadable = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readText(file);
    } catch (e) {
      unreadable++;
      io.err(`${file}: error: ${describeReadError(e)}`);
      continue;
    }
    // A terminal or a CI log has room for every problem, and a cap could hide errors behind warnings.
    const result = checkBatch(text, { maxProblems: Number.POSITIVE_INFINITY, folder: dirname(resolve(file)), catalogue });
    for (const d of result.diagnostics) io.out(formatDiagnostic(file, d));
    const totals = args.stats ? await jobTokens(result.analysis) : undefined;
    if (totals) io.out(`${file}: ${describeJobTokens(totals)}`);
    const inputs = await checkLocalInputs(file, file, result.job, io.out);
    errors += result.errors + inputs.errors;
    warnings += result.warnings + inputs.warnings;
  }
  const checked = files.length - unreadable;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  const unread = unreadable > 0 ? `, ${plural(unreadable, 'file')} could not be read` : '';
  io.out(`${parts.join(', ')} in ${plural(checked, 'file')} checked${unread}`);
  if (unreadable > 0) return 2;
  return errors > 0 ? 1 : 0;
}
