// Local .jsonl inputs checked from disk for `validate` and `submit`: streamed through the line engine
// (bounded memory, whatever its size), each input's problems printed as they are found, at most `cap`
// of them unless --all, then one line saying how many more there were. A batch file's inputs go
// through the pre-flight core the editor's Submit uses (server/analysis/preflight.ts).
import { dirname, join } from 'node:path';
import { FileIdentity, LocalFileError } from '../core/submit/localFile';
import type { ModelContext } from '../server/models/checks';
import { JsonlChecker, LineFinding } from '../server/analysis/jsonlChecker';
import { checkJsonlFile } from '../server/analysis/jsonlFile';
import { withCheckThreads } from '../server/analysis/parallelCheck';
import { checkInputLines, InputsJob } from '../server/analysis/preflight';
import { batchSchemas } from '../server/schema/load';
import { DEFAULT_SERVER_SETTINGS } from '../core/settings';
import { formatProblem, plural } from './problems';

export interface PrintOptions {
  /** Print every problem of an input instead of the first `DEFAULT_SERVER_SETTINGS.maxProblems`. */
  all: boolean;
  /** Progress and notes (stderr). */
  note: (line: string) => void;
}

export interface InputCheckOptions extends PrintOptions {
  bodyUri: string | undefined;
  model: string | undefined;
  /** The job's model as the catalogue knows it, for the per-request model checks. */
  modelContext?: ModelContext;
}

export type InputCheck =
  | { errors: number; warnings: number; requests: number; identity: FileIdentity }
  | { unreadable: string; kind: LocalFileError['kind'] };

const SEVERITY_WORD = { error: 'error', warning: 'warning', information: 'info' } as const;
/** How often a long check says how far it got. */
const PROGRESS_EVERY_MS = 2000;

/** Prints one input's problems up to the cap and counts them all. */
class InputPrinter {
  errors = 0;
  warnings = 0;
  private shown = 0;
  private readonly hidden = { errors: 0, warnings: 0, infos: 0 };

  constructor(private readonly shownAs: string, readonly cap: number, private readonly print: (line: string) => void) {}

  add(findings: LineFinding[]): void {
    for (const f of findings) {
      const kind = f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos';
      if (kind === 'errors') this.errors++;
      else if (kind === 'warnings') this.warnings++;
      if (this.shown < this.cap) {
        this.shown++;
        this.print(formatProblem(this.shownAs, f.line, f.start, SEVERITY_WORD[f.severity], f.message));
      } else this.hidden[kind]++;
    }
  }

  /** The line saying how many were not printed, if any. */
  finish(): void {
    const { errors, warnings, infos } = this.hidden;
    const more = errors + warnings + infos;
    if (more === 0) return;
    const parts = [plural(errors, 'error'), plural(warnings, 'warning'), ...(infos > 0 ? [plural(infos, 'note')] : [])];
    this.print(`${this.shownAs}: ${more.toLocaleString('en-US')} more problems not shown (${parts.join(', ')}); --all prints every one`);
  }
}

/** Says how far a long check got, every PROGRESS_EVERY_MS. */
function progressNotes(note: (line: string) => void): (shownAs: string, bytes: number, lines: number) => void {
  let last = Date.now();
  return (shownAs, bytes, lines) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    note(`Checking ${shownAs}: ${lines.toLocaleString('en-US')} lines, ${Math.round(bytes / (1024 * 1024))} MB...`);
  };
}

const capOf = (opts: PrintOptions) => (opts.all ? Number.POSITIVE_INFINITY : DEFAULT_SERVER_SETTINGS.maxProblems);

/** A .jsonl input on its own (`validate FILE.jsonl`). */
export async function checkInputFile(path: string, shownAs: string, opts: InputCheckOptions, print: (line: string) => void): Promise<InputCheck> {
  const printer = new InputPrinter(shownAs, capOf(opts), print);
  const progress = progressNotes(opts.note);
  try {
    // Only the problems printed are placed in the text; the rest are counted.
    const checker = new JsonlChecker(batchSchemas(), opts.bodyUri, opts.model, opts.modelContext, printer.cap);
    const summary = await withCheckThreads((threads) => checkJsonlFile(path, checker, {
      emit: (found) => printer.add(found),
      threads,
      onProgress: (bytes, lines) => progress(shownAs, bytes, lines),
    }), opts.note);
    printer.finish();
    return { errors: printer.errors, warnings: printer.warnings, requests: summary.requests, identity: summary.identity };
  } catch (e) {
    if (e instanceof LocalFileError) return { unreadable: e.message, kind: e.kind };
    throw e;
  }
}

/**
 * Prints the problems of each local input of a batch file, named after the batch file as it is shown
 * (`<its folder>/<path>`), then the rule over all of them; an input that is missing or not a file is
 * already an error of the batch file. Returns the counts and each input as it was read.
 */
export async function checkBatchInputs(
  batchFile: string, shownAs: string, job: InputsJob, print: (line: string) => void, opts: PrintOptions,
): Promise<{ errors: number; warnings: number; identities: Map<string, FileIdentity> }> {
  const cap = capOf(opts);
  const printers = new Map<string, InputPrinter>();
  const shown = (written: string) => join(dirname(shownAs), written);
  const printerOf = (written: string) => {
    let printer = printers.get(written);
    if (!printer) printers.set(written, (printer = new InputPrinter(shown(written), cap, print)));
    return printer;
  };
  const progress = progressNotes(opts.note);
  const checked = await checkInputLines(batchSchemas(), batchFile, job, (written, found) => printerOf(written).add(found), {
    placed: cap,
    onProgress: (written, bytes, lines) => progress(shown(written), bytes, lines),
    onThreadFailure: opts.note,
  });
  let errors = 0;
  let warnings = 0;
  const identities = new Map<string, FileIdentity>();
  for (const input of checked.inputs) {
    const printer = printers.get(input.written);
    printer?.finish();
    errors += printer?.errors ?? 0;
    warnings += printer?.warnings ?? 0;
    if (input.identity) identities.set(input.path, input.identity);
  }
  if (checked.tooMany) {
    print(`${shownAs}: error: ${checked.tooMany}`);
    errors++;
  }
  return { errors, warnings, identities };
}
