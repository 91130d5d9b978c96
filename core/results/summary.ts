// A job's outcome in numbers, read from its results and errors files in one pass: counts by status,
// token totals, and the failures grouped by message with the first custom_ids of each group.
import { ResultIndex } from './resultIndex';

export interface FailureGroup {
  message: string;
  count: number;
  /** The first few custom_ids with this message. */
  customIds: string[];
}

export interface ResultSummary {
  lines: number;
  /** By status code ("error" for lines that give none). */
  byStatus: Record<string, number>;
  succeeded: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
  failures: FailureGroup[];
  /** Requests the job was given that have no line at all, when the requests are known. */
  missing?: string[];
  /** Lines that are not JSON or have no custom_id, and custom_ids given more than one line (the first counts). */
  unreadable: number;
  repeated: number;
}

const IDS_PER_GROUP = 5;

/**
 * Token totals need each line's usage, which the index does not keep: the lines are read back by
 * offset. `requestIds`, when known, names requests with no line.
 */
export async function summarize(index: ResultIndex, requestIds?: Iterable<string>): Promise<ResultSummary> {
  const summary: ResultSummary = {
    lines: 0, byStatus: {}, succeeded: 0, failed: 0, promptTokens: 0, completionTokens: 0, failures: [], unreadable: index.unreadable.length, repeated: index.repeated.size,
  };
  const groups = new Map<string, FailureGroup>();
  for (const id of index.ids()) {
    const outcome = await index.outcome(id);
    if (!outcome) continue;
    summary.lines++;
    const status = outcome.statusCode === undefined ? 'error' : String(outcome.statusCode);
    summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
    if (outcome.usage) {
      summary.promptTokens += outcome.usage.prompt;
      summary.completionTokens += outcome.usage.completion;
    }
    if (outcome.ok) {
      summary.succeeded++;
      continue;
    }
    summary.failed++;
    const message = outcome.error ?? 'failed';
    let group = groups.get(message);
    if (!group) groups.set(message, (group = { message, count: 0, customIds: [] }));
    group.count++;
    if (group.customIds.length < IDS_PER_GROUP) group.customIds.push(id);
  }
  summary.failures = [...groups.values()].sort((a, b) => b.count - a.count);
  if (requestIds) summary.missing = [...requestIds].filter((id) => !index.has(id));
  return summary;
}

/** The summary as plain lines, for a terminal or a tooltip. */
export function summaryLines(s: ResultSummary): string[] {
  const statuses = Object.entries(s.byStatus).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} × ${k}`).join(', ');
  const out = [
    `${s.lines} result line${s.lines === 1 ? '' : 's'}: ${s.succeeded} succeeded, ${s.failed} failed${statuses ? ` (${statuses})` : ''}`,
    `tokens: ${s.promptTokens} prompt, ${s.completionTokens} completion`,
  ];
  if (s.missing && s.missing.length > 0) out.push(`no result for ${s.missing.length} request${s.missing.length === 1 ? '' : 's'}: ${firstIds(s.missing, s.missing.length)}`);
  if (s.unreadable > 0) out.push(`${s.unreadable} line${s.unreadable === 1 ? ' is' : 's are'} not a result (not JSON, or no custom_id)`);
  if (s.repeated > 0) out.push(`${s.repeated} custom_id${s.repeated === 1 ? ' has' : 's have'} more than one line; the first is used`);
  for (const g of s.failures) out.push(`${g.count} × ${g.message} — ${firstIds(g.customIds, g.count)}`);
  return out;
}

function firstIds(ids: string[], total: number): string {
  const shown = ids.slice(0, IDS_PER_GROUP);
  return shown.join(', ') + (total > shown.length ? `, … (${total - shown.length} more)` : '');
}
