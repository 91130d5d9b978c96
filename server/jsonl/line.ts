// Lines of a batch input through the line engine (analysis/jsonlChecker.ts), a run of lines at a
// time: a run starts and ends where the engine holds nothing open, so checking it afresh gives the
// same findings as checking the whole file. Only the rule across distant lines (a `custom_id` used
// before) is left out here: the analysis applies it over every line's `custom_id`, and is told
// whether the run had a duplicate of its own (for a run over the whole file, whether there is one).
import { Finding } from '../analysis/findings';
import { JsonlChecker, LineFinding } from '../analysis/jsonlChecker';
import type { ModelContext } from '../models/checks';
import { BatchSchemas } from '../schema/load';
import { isObject } from '../schema/node';
import { JsonValue } from '../schema/types';

export interface LineState {
  /** The engine's findings for this line but the duplicate `custom_id`, relative to the line's start. */
  findings: Finding[];
  /** The `custom_id` the line's request uses, for the rule across lines, and where its value is. */
  customId: string | undefined;
  idStart: number;
  idEnd: number;
}

/** Whole-file findings the analysis places itself (see JsonlAnalysis). */
export const FILE_CODES = new Set(['empty-input', 'too-many-lines', 'file-too-large']);
const DUPLICATE = 'duplicate-custom-id';
/** Shared by the lines without findings, most of them: no array each. */
const NONE: Finding[] = [];

/**
 * Checks lines `from` to `to` with a fresh engine, `model` being the job's model as the catalogue
 * knows it (the per-request model checks). `atEnd`: `to` is the file's last line, so what
 * the engine holds open at the end is settled too.
 */
export function checkRun(
  schemas: BatchSchemas, job: { bodyUri: string | undefined; model: string | undefined }, model: ModelContext | undefined,
  contentOf: (line: number) => string, from: number, to: number, atEnd: boolean,
): { states: LineState[]; duplicated: boolean } {
  const checker = new JsonlChecker(schemas, job.bodyUri, job.model, model);
  const states: LineState[] = [];
  let duplicated = false;
  // A line the engine read as part of another (a pretty-printed object) or as no request has no custom_id of its own.
  checker.onCustomId = (n, customId, idStart, idEnd) => Object.assign(states[n - from], { customId, idStart, idEnd });
  for (let n = from; n <= to; n++) {
    states.push({ findings: NONE, customId: undefined, idStart: 0, idEnd: 0 });
    if (place(checker.line(contentOf(n), n), states, from)) duplicated = true;
  }
  if (atEnd) place(checker.finish({ bytes: 0 }).filter((f) => !FILE_CODES.has(f.code)), states, from);
  return { states, duplicated };
}

/** Puts each finding in its line's state; says whether the engine found a `custom_id` used before in the run. */
function place(found: LineFinding[], states: LineState[], from: number): boolean {
  let duplicated = false;
  for (const f of found) {
    if (f.code === DUPLICATE) {
      duplicated = true;
      continue;
    }
    const { line, related, ...rest } = f;
    const state = states[line - from];
    if (state.findings === NONE) state.findings = [];
    // Related places of a line's own findings are in that same line.
    state.findings.push({ ...rest, related: related?.filter((r) => r.line === line).map(({ line: _l, ...r }) => r) });
  }
  return duplicated;
}

/**
 * True when, after this line, the engine holds nothing open: a line that is one whole request,
 * which starts a new request whatever came before it.
 */
export function endsRun(text: string): boolean {
  if (text.charCodeAt(0) !== 123 /* { */ || !text.trimEnd().endsWith('}')) return false;
  try {
    const value = JSON.parse(text) as JsonValue;
    return isObject(value) && ('custom_id' in value || 'body' in value);
  } catch {
    return false;
  }
}

/** The text of a line without its line break. */
export function lineContent(raw: string): string {
  const n = raw.length;
  if (n > 0 && raw.charCodeAt(n - 1) === 10) return raw.charCodeAt(n - 2) === 13 ? raw.slice(0, n - 2) : raw.slice(0, n - 1);
  if (n > 0 && raw.charCodeAt(n - 1) === 13) return raw.slice(0, n - 1);
  return raw;
}
