// The results join as editor features on any document that lists requests (the inline `requests` of
// a batch file, the lines of a .jsonl input): inlay hints (or CodeLens), hover on a custom_id,
// information diagnostics, and definition to the result line.
import { CodeLens, Diagnostic, DiagnosticSeverity, Hover, InlayHint, Location, MarkupKind } from 'vscode-languageserver-types';
import { hintLabel, joinResults, Outcome, requestState, ResultIndex, Submitted } from '../../core/results';
import type { RequestRef } from '../analysis/analysis';
import { PositionMap } from '../text/document';
import { customIdColumn } from './resultsDocument';
import { pathToFileURL } from 'node:url';

export interface JoinableRequests {
  requestCount(): number;
  requestId(i: number): string | undefined;
  requestAt(offset: number): number;
  requestRef(i: number): RequestRef;
}

export interface JoinContext {
  requests: JoinableRequests;
  doc: PositionMap;
  index: ResultIndex;
  /** The requests as submitted, when the client knows the submission. */
  submitted: Submitted | undefined;
  /**
   * Whether result lines that match no request here are worth saying: not when the job's other inputs
   * may hold their requests (a batch file with input_files, one of several inputs).
   */
  orphans: boolean;
}

/** Information diagnostics one by one up to this many, then one that counts the rest. */
const MAX_MISSING = 200;
const ORPHAN_IDS = 5;
/** Outcome lenses (for clients without inlay hints) for the first this many requests: a lens is sent for the whole file. */
export const MAX_OUTCOME_LENSES = 1000;

export function joinHints(c: JoinContext, start: number, end: number): InlayHint[] {
  return outcomesIn(c, start, end, Number.POSITIVE_INFINITY).map(({ at, label }) => ({ position: c.doc.positionAt(at), label, paddingLeft: true }));
}

/** The outcomes as CodeLens, one above each request's custom_id, for the first MAX_OUTCOME_LENSES requests. */
export function joinLenses(c: JoinContext): CodeLens[] {
  return outcomesIn(c, 0, Number.POSITIVE_INFINITY, MAX_OUTCOME_LENSES).map(({ start, label }) => {
    const at = c.doc.positionAt(start);
    return { range: { start: at, end: at }, command: { title: label, command: '' } };
  });
}

/** The labels of the requests between two offsets, at most `max` of them. */
function outcomesIn(c: JoinContext, start: number, end: number, max: number): Array<{ start: number; at: number; label: string }> {
  const out: Array<{ start: number; at: number; label: string }> = [];
  const n = c.requests.requestCount();
  // Requests are in text order: the first one on screen is found by halves, then only those on screen are read.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.requests.requestRef(mid).span.end < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < n && out.length < max; i++) {
    if (c.requests.requestId(i) === undefined) continue;
    const ref = c.requests.requestRef(i);
    if (ref.span.start > end) break;
    if (!ref.idSpan) continue;
    const label = hintLabel(requestState(ref, c.index, c.submitted));
    if (label) out.push({ start: ref.idSpan.start, at: ref.idSpan.end, label });
  }
  return out;
}

export async function joinHover(c: JoinContext, offset: number): Promise<Hover | null> {
  const i = c.requests.requestAt(offset);
  if (i < 0 || c.requests.requestId(i) === undefined) return null;
  const ref = c.requests.requestRef(i);
  if (!ref.idSpan || offset < ref.idSpan.start || offset > ref.idSpan.end || ref.customId === undefined) return null;
  const state = requestState(ref, c.index, c.submitted);
  const outcome = state.kind === 'result' ? await c.index.outcome(ref.customId) : undefined;
  const value = outcome
    ? describeOutcome(outcome, state.kind === 'result' && state.stale)
    : `**— no result** for "${ref.customId}" in ${filesNamed(c.index)}.`;
  return { contents: { kind: MarkupKind.Markdown, value }, range: { start: c.doc.positionAt(ref.idSpan.start), end: c.doc.positionAt(ref.idSpan.end) } };
}

export function joinDiagnostics(c: JoinContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Staleness does not matter here, so requests are joined by id alone (no hashing).
  const ids = Array.from({ length: c.requests.requestCount() }, (_, i) => ({ customId: c.requests.requestId(i) }));
  const { states, orphans } = joinResults(ids, c.index);
  let missing = 0;
  states.forEach((state, i) => {
    if (state.kind !== 'missing' || ++missing > MAX_MISSING) return;
    const span = c.requests.requestRef(i).idSpan ?? { start: 0, end: 0 };
    out.push(info(c.doc, span.start, span.end, `no result for "${ids[i].customId}" in ${filesNamed(c.index)}`));
  });
  if (missing > MAX_MISSING) out.push(info(c.doc, 0, 0, `${missing - MAX_MISSING} more requests have no result line`));
  if (c.orphans && orphans.length > 0) {
    const shown = orphans.slice(0, ORPHAN_IDS).map((id) => `"${id}"`).join(', ');
    const more = orphans.length > ORPHAN_IDS ? ` and ${orphans.length - ORPHAN_IDS} more` : '';
    out.push(info(c.doc, 0, 0, `${orphans.length} result line${orphans.length === 1 ? '' : 's'} match${orphans.length === 1 ? 'es' : ''} no request here: ${shown}${more}`));
  }
  return out;
}

/** From a request's custom_id to its line in the results or errors file. */
export async function joinDefinition(c: JoinContext, offset: number): Promise<Location | null> {
  const i = c.requests.requestAt(offset);
  if (i < 0 || c.requests.requestId(i) === undefined) return null;
  const ref = c.requests.requestRef(i);
  if (!ref.idSpan || offset < ref.idSpan.start || offset > ref.idSpan.end || ref.customId === undefined) return null;
  const where = c.index.where(ref.customId);
  const text = where && (await c.index.lineText(ref.customId));
  if (!where || text === undefined) return null;
  const at = customIdColumn(text) ?? { start: 0, end: 0 };
  return { uri: pathToFileURL(where.path).href, range: { start: { line: where.line, character: at.start }, end: { line: where.line, character: at.end } } };
}

function describeOutcome(o: Outcome, stale: boolean): string {
  const head = o.ok ? `**✓ ${o.statusCode ?? 'done'}**` : `**✗ ${o.statusCode ?? 'error'}**`;
  const facts = [head];
  if (o.finishReason) facts.push(`finish_reason "${o.finishReason}"`);
  if (o.usage) facts.push(`${o.usage.prompt} prompt + ${o.usage.completion} completion = ${o.usage.total} tokens`);
  const parts = [facts.join(' · ')];
  if (stale) parts.push('⚠ *Stale:* this request was edited after it was submitted; the result answers the earlier version.');
  if (o.error) parts.push(o.error);
  if (o.summary) parts.push(o.summary);
  if (o.answer !== undefined) parts.push(fence(o.answer) + (o.answerCut ? '\n\n*(first lines only)*' : ''));
  return parts.join('\n\n');
}

function fence(text: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}text\n${text}\n${ticks}`;
}

function filesNamed(index: ResultIndex): string {
  const names = [index.sources.results?.path, index.sources.errors?.path].filter((p): p is string => p !== undefined).map((p) => `"${p.split(/[\\/]/).pop()}"`);
  return names.join(' and ');
}

function info(doc: PositionMap, start: number, end: number, message: string): Diagnostic {
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, severity: DiagnosticSeverity.Information, source: 'mistral-batch results', message };
}
