// A local .jsonl input checked from disk for `validate` and `submit`: streamed through the line engine
// (bounded memory, whatever its size), its problems printed as they are found, at most `cap` of them
// unless --all, then one line saying how many more there were.
import { FileIdentity, LocalFileError, openRegularFile } from '../core/submit/localFile';
import { inferEndpoint, InferredEndpoint } from '../server/analysis/inferEndpoint';
import type { ModelContext } from '../server/models/checks';
import { JsonlChecker, LineFinding } from '../server/analysis/jsonlChecker';
import { checkJsonlFile, readLines } from '../server/analysis/jsonlFile';
import { batchSchemas } from '../server/schema/load';
import { JsonValue } from '../server/schema/types';
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
    const summary = await checkJsonlFile(path, checker, {
      emit,
      onProgress: (bytes, lines) => {
        const now = Date.now();
        if (now - lastNote < PROGRESS_EVERY_MS) return;
        lastNote = now;
        opts.note(`Checking ${shownAs}: ${lines.toLocaleString('en-US')} lines, ${Math.round(bytes / (1024 * 1024))} MB...`);
      },
    });
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

/**
 * The endpoint the first request of a file is written for, read from the start of the file only (the
 * first lines up to the first one with a `body`).
 */
export async function inferFileEndpoint(path: string): Promise<InferredEndpoint | undefined> {
  let found: InferredEndpoint | undefined;
  let tried = 0;
  const { handle, identity } = await openRegularFile(path);
  try {
    await readLines(handle, identity, {
      line: (text) => {
        let value: JsonValue;
        try {
          value = JSON.parse(text) as JsonValue;
        } catch {
          return ++tried >= 100;
        }
        const body = typeof value === 'object' && value !== null && !Array.isArray(value) ? value.body : undefined;
        if (body === undefined) return ++tried >= 100;
        found = inferEndpoint(body);
        return true;
      },
      skipped: () => undefined,
    });
  } finally {
    await handle.close();
  }
  return found;
}
