// The results join as editor features on any document that lists requests (the inline `requests` of
// a batch file today; the lines of a .jsonl input expose the same three methods): inlay hints, hover
// on a custom_id, information diagnostics, and definition to the result line.
import { Diagnostic, DiagnosticSeverity, Hover, InlayHint, Location, MarkupKind } from 'vscode-languageserver-types';
import { hintLabel, joinResults, Outcome, requestState, ResultIndex } from '../../core/results';
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
  /** custom_id → hash of the request as submitted, when the client knows the submission. */
  submitted: Readonly<Record<string, string>> | undefined;
}

/** Information diagnostics one by one up to this many, then one that counts the rest. */
const MAX_MISSING = 200;
const ORPHAN_IDS = 5;

export function joinHints(c: JoinContext, start: number, end: number): InlayHint[] {
  const hints: InlayHint[] = [];
  const n = c.requests.requestCount();
  // Requests are in text order: the first one on screen is found by halves, then only those on screen are read.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.requests.requestRef(mid).span.end < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < n; i++) {
    if (c.requests.requestId(i) === undefined) continue;
    const ref = c.requests.requestRef(i);
    if (ref.span.start > end) break;
    if (!ref.idSpan) continue;
    const label = hintLabel(requestState(ref, c.index, c.submitted));
    if (label) hints.push({ position: c.doc.positionAt(ref.idSpan.end), label, paddingLeft: true });
  }
  return hints;
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
    : `**— no result** for \`${ref.customId}\` in ${filesNamed(c.index)}.`;
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
    out.push(info(c.doc, span.start, span.end, `no result for \`${ids[i].customId}\` in ${filesNamed(c.index)}`));
  });
  if (missing > MAX_MISSING) out.push(info(c.doc, 0, 0, `${missing - MAX_MISSING} more requests have no result line`));
  if (orphans.length > 0) {
    const shown = orphans.slice(0, ORPHAN_IDS).map((id) => `\`${id}\``).join(', ');
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
  if (o.finishReason) facts.push(`finish_reason \`${o.finishReason}\``);
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
  const names = [index.sources.results?.path, index.sources.errors?.path].filter((p): p is string => p !== undefined).map((p) => `\`${p.split(/[\\/]/).pop()}\``);
  return names.join(' and ');
}

function info(doc: PositionMap, start: number, end: number, message: string): Diagnostic {
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, severity: DiagnosticSeverity.Information, source: 'mistral-batch results', message };
}
