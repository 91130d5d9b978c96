// A local .jsonl input checked from disk for `validate` and `submit`: streamed through the line engine
// (bounded memory, whatever its size), its problems printed as they are found, at most `cap` of them
// unless --all, then one line saying how many more there were.
import { FileIdentity, LocalFileError } from '../core/submit/localFile';
import type { ModelContext } from '../server/models/checks';
import { JsonlChecker, LineFinding } from '../server/analysis/jsonlChecker';
import { checkJsonlFile } from '../server/analysis/jsonlFile';
import { withCheckThreads } from '../server/analysis/parallelCheck';
import { batchSchemas } from '../server/schema/load';
import { DEFAULT_SERVER_SETTINGS } from '../core/protocol';
import { formatProblem, plural } from './problems';

export interface InputCheckOptions {
  bodyUri: string | undefined;
  model: string | undefined;
  /** The job's model as the catalogue knows it, for the per-request model checks. */
  modelContext?: ModelContext;
  /** Print every problem instead of the first `DEFAULT_SERVER_SETTINGS.maxProblems`. */
  all: boolean;
  /** Progress and notes (stderr). */
  note: (line: string) => void;
}

export type InputCheck =
  | { errors: number; warnings: number; requests: number; identity: FileIdentity }
  | { unreadable: string; kind: LocalFileError['kind'] };

const SEVERITY_WORD = { error: 'error', warning: 'warning', information: 'info' } as const;
/** How often a long check says how far it got. */
const PROGRESS_EVERY_MS = 2000;

export async function checkInputFile(path: string, shownAs: string, opts: InputCheckOptions, print: (line: string) => void): Promise<InputCheck> {
  const cap = opts.all ? Number.POSITIVE_INFINITY : DEFAULT_SERVER_SETTINGS.maxProblems;
  const counts = { errors: 0, warnings: 0, infos: 0, shown: 0 };
  const hidden = { errors: 0, warnings: 0, infos: 0 };
  const emit = (findings: LineFinding[]) => {
    for (const f of findings) {
      const kind = f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos';
      counts[kind]++;
      if (counts.shown < cap) {
        counts.shown++;
        print(formatProblem(shownAs, f.line, f.start, SEVERITY_WORD[f.severity], f.message));
      } else hidden[kind]++;
    }
  };
  const started = Date.now();
  let lastNote = started;
  try {
    // Only the problems printed are placed in the text; the rest are counted.
    const checker = new JsonlChecker(batchSchemas(), opts.bodyUri, opts.model, opts.modelContext, cap);
    const summary = await withCheckThreads((threads) => checkJsonlFile(path, checker, {
      emit,
      threads,
      onProgress: (bytes, lines) => {
        const now = Date.now();
        if (now - lastNote < PROGRESS_EVERY_MS) return;
        lastNote = now;
        opts.note(`Checking ${shownAs}: ${lines.toLocaleString('en-US')} lines, ${Math.round(bytes / (1024 * 1024))} MB...`);
      },
    }));
    const more = hidden.errors + hidden.warnings + hidden.infos;
    if (more > 0) {
      const parts = [plural(hidden.errors, 'error'), plural(hidden.warnings, 'warning'), ...(hidden.infos > 0 ? [plural(hidden.infos, 'note')] : [])];
      print(`${shownAs}: ${more.toLocaleString('en-US')} more problems not shown (${parts.join(', ')}); --all prints every one`);
    }
    return { errors: counts.errors, warnings: counts.warnings, requests: summary.requests, identity: summary.identity };
  } catch (e) {
    if (e instanceof LocalFileError) return { unreadable: e.message, kind: e.kind };
    throw e;
  }
}
