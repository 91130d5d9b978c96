// `mistral-batch validate FILE... [--endpoint E] [--model M] [--all] [--stats] [--offline]`: every
// problem of every file, then a summary. A .jsonl file is checked on its own as a batch input, against
// the endpoint given or the one its bodies show.
// Exit code: 0 clean (warnings allowed), 1 when any file has an error, 2 when a file cannot be read.
import { dirname, resolve } from 'node:path';
import { describeReadError, readText } from '../core/submit';
import { LocalFileError } from '../core/submit/localFile';
import { Catalogue } from '../core/models/catalogue';
import { checkBatch } from '../server/analysis/check';
import { modelContext } from '../server/models/checks';
import { describeJobTokens, jobTokens } from '../server/models/tokens';
import { batchSchemas } from '../server/schema/load';
import { inferFileEndpoint } from '../server/jsonl/endpoint';
import { checkBatchInputs, checkInputFile } from './inputs';
import { CatalogueArgs, cliCatalogue } from './models';
import { formatDiagnostic, plural } from './problems';
import type { Io } from './io';

export interface ValidateArgs extends CatalogueArgs {
  files: string[];
  /** For .jsonl files: the endpoint their bodies are for, and the job's model. */
  endpoint?: string;
  model?: string;
  all: boolean;
  /** Also print each batch file's token totals. */
  stats: boolean;
}

interface Tally {
  errors: number;
  warnings: number;
}

export async function validateCommand(args: ValidateArgs, io: Io): Promise<number> {
  const catalogue = await cliCatalogue(args, io);
  const total: Tally = { errors: 0, warnings: 0 };
  let unreadable = 0;
  for (const file of args.files) {
    const result = file.endsWith('.jsonl') ? await validateInput(file, args, catalogue, io) : await validateBatch(file, args, catalogue, io);
    if (!result) {
      unreadable++;
      continue;
    }
    total.errors += result.errors;
    total.warnings += result.warnings;
  }
  const checked = args.files.length - unreadable;
  const parts = [plural(total.errors, 'error'), plural(total.warnings, 'warning')];
  const unread = unreadable > 0 ? `, ${plural(unreadable, 'file')} could not be read` : '';
  io.out(`${parts.join(', ')} in ${plural(checked, 'file')} checked${unread}`);
  if (unreadable > 0) return 2;
  return total.errors > 0 ? 1 : 0;
}

async function validateBatch(file: string, args: ValidateArgs, catalogue: Catalogue, io: Io): Promise<Tally | undefined> {
  let text: string;
  try {
    text = await readText(file);
  } catch (e) {
    io.err(`${file}: error: ${describeReadError(e)}`);
    return undefined;
  }
  // A terminal or a CI log has room for every problem of a batch file, and a cap could hide errors
  // behind warnings; its inputs, which may hold a million lines, are capped unless --all.
  const result = checkBatch(text, { maxProblems: Number.POSITIVE_INFINITY, folder: dirname(resolve(file)), catalogue });
  for (const d of result.diagnostics) io.out(formatDiagnostic(file, d));
  const totals = args.stats ? await jobTokens(result.analysis) : undefined;
  if (totals) io.out(`${file}: ${describeJobTokens(totals)}`);
  const inputs = await checkBatchInputs(file, file, result.job, io.out, { all: args.all, note: io.err });
  return { errors: result.errors + inputs.errors, warnings: result.warnings + inputs.warnings };
}

/** A .jsonl batch input on its own: the endpoint from --endpoint, else inferred from its bodies. */
async function validateInput(file: string, args: ValidateArgs, catalogue: Catalogue, io: Io): Promise<Tally | undefined> {
  const schemas = batchSchemas();
  let endpoint = args.endpoint;
  if (endpoint === undefined) {
    let inferred;
    try {
      inferred = await inferFileEndpoint(file);
    } catch (e) {
      if (!(e instanceof LocalFileError)) throw e;
      io.err(`${file}: error: ${e.message}`);
      return undefined;
    }
    if (inferred) {
      endpoint = inferred.endpoint;
      io.err(`${file}: checked as ${endpoint} requests, inferred: ${inferred.because} (--endpoint chooses another)`);
    } else {
      io.err(`${file}: no endpoint given and none can be told from its bodies, so bodies are only checked to be objects (--endpoint chooses one)`);
    }
  }
  const job = { bodyUri: endpoint && schemas.bodyUris.get(endpoint), model: args.model, modelContext: modelContext(catalogue, args.model) };
  const checked = await checkInputFile(file, file, { ...job, all: args.all, note: io.err }, io.out);
  if ('unreadable' in checked) {
    io.err(`${file}: error: ${checked.unreadable}`);
    return undefined;
  }
  return checked;
}
