// Results onto the requests that made them, by custom_id. Any list of requests works: the inline
// `requests` of a batch file or the lines of a .jsonl input; each kind finds its requests, then joins here.
import { createHash } from 'node:crypto';
import { LineHashes } from './lineHashes';
import { Brief, ResultIndex } from './resultIndex';

/**
 * What was submitted, to compare requests with: custom_id → hash for inline requests (see
 * `requestHash`), the set of line hashes for the lines of .jsonl inputs (see lineHashes.ts).
 */
export type Submitted = Readonly<Record<string, string>> | LineHashes;

export interface JoinedRequest {
  customId: string | undefined;
  /** This request's hash now (see `requestHash`), to compare with the one recorded at submission. */
  hash?: string;
}

export type RequestState =
  | { kind: 'result'; brief: Brief; stale: boolean }
  | { kind: 'missing' }
  /** No custom_id: nothing to join on. */
  | { kind: 'unjoinable' };

export interface Join {
  states: RequestState[];
  /** custom_ids with a line but no request, in file order of first sight. */
  orphans: string[];
}

/**
 * `submitted`: custom_id → hash of the request as it was sent. A request whose hash differs has been
 * edited since, so its result answers an older version of it.
 */
export function joinResults(requests: readonly JoinedRequest[], index: ResultIndex, submitted?: Submitted): Join {
  const asked = new Set<string>();
  const states = requests.map((r) => {
    if (r.customId !== undefined) asked.add(r.customId);
    return requestState(r, index, submitted);
  });
  const orphans: string[] = [];
  for (const id of index.ids()) if (!asked.has(id)) orphans.push(id);
  return { states, orphans };
}

/** One request's state (see `joinResults`). */
export function requestState(r: JoinedRequest, index: ResultIndex, submitted?: Submitted): RequestState {
  if (r.customId === undefined) return { kind: 'unjoinable' };
  const brief = index.brief(r.customId);
  if (!brief) return { kind: 'missing' };
  if (submitted instanceof LineHashes) return { kind: 'result', brief, stale: r.hash !== undefined && !submitted.has(r.hash) };
  const then = submitted?.[r.customId];
  return { kind: 'result', brief, stale: then !== undefined && r.hash !== undefined && then !== r.hash };
}

/**
 * A short fingerprint of one request as JSON (key order kept, whitespace not): what submission
 * records and what the editor compares. 16 hex digits are plenty to notice an edit.
 */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request) ?? 'undefined').digest('hex').slice(0, 16);
}

/** Hashes by custom_id of requests as sent (requests without a custom_id cannot be joined, so are left out). */
export function requestHashes(requests: readonly unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of requests) {
    const id = typeof r === 'object' && r !== null ? (r as { custom_id?: unknown }).custom_id : undefined;
    if (typeof id === 'string' && !(id in out)) out[id] = requestHash(r);
  }
  return out;
}

/** The text an inlay hint shows for a request's state. */
export function hintLabel(state: RequestState): string | undefined {
  if (state.kind === 'unjoinable') return undefined;
  if (state.kind === 'missing') return '— no result';
  const { brief, stale } = state;
  const mark = stale ? ' (stale: edited since submitted)' : '';
  if (!brief.ok) return `✗ ${brief.statusCode ?? 'error'}: ${brief.message ?? 'failed'}${mark}`;
  return `✓ ${brief.totalTokens === undefined ? 'done' : `${brief.totalTokens} tokens`}${mark}`;
}
