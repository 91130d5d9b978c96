// Token counts for hover, the CodeLens and `validate --stats`: each request counted on first ask
// and remembered while its text is unchanged.
import { CountTokens, PromptParts, countOnThisThread, maxOutputTokens, promptParts } from '../../core/tokens/prompt';
import { BatchAnalysis } from '../analysis/analysis';
import { isObject } from '../schema/node';

export interface RequestTokens {
  prompt: number;
  /** The body's `max_tokens`, when set. */
  maxOutput: number | undefined;
  /** Image and audio chunks, not counted. */
  media: number;
}

export interface JobTokens {
  requests: number;
  prompt: number;
  /** The sum of `max_tokens` over the requests that set it. */
  maxOutput: number;
  /** Requests without `max_tokens`: their output is bounded only by the context. */
  unbounded: number;
  media: number;
}

const memo = new WeakMap<object, RequestTokens>();
/** Per analysis, the request keys and counts of the last totals: after an edit only a changed key is looked up. */
const lastTotals = new WeakMap<BatchAnalysis, { keys: Array<object | undefined>; counts: Array<RequestTokens | undefined> }>();

/** How many of the job's requests have no count kept: what a first count has still to do. */
export function uncountedRequests(analysis: BatchAnalysis): number {
  return keptCounts(analysis).missing.length;
}

/** Each request's key and kept count, and the requests with a key but no count yet. */
function keptCounts(analysis: BatchAnalysis): { keys: Array<object | undefined>; counts: Array<RequestTokens | undefined>; missing: number[] } {
  const requests = analysis.requestCount();
  const last = lastTotals.get(analysis) ?? { keys: [], counts: [] };
  const keys: Array<object | undefined> = new Array(requests);
  const counts: Array<RequestTokens | undefined> = new Array(requests);
  const missing: number[] = [];
  for (let i = 0; i < requests; i++) {
    const key = analysis.requestKey(i);
    keys[i] = key;
    counts[i] = key === undefined ? undefined : last.keys[i] === key ? last.counts[i] : memo.get(key);
    if (key !== undefined && counts[i] === undefined) missing.push(i);
  }
  return { keys, counts, missing };
}

/** Request `index`'s tokens, counted by `count` unless its text was counted before. */
export async function requestTokens(analysis: BatchAnalysis, index: number, count: CountTokens = countOnThisThread): Promise<RequestTokens | undefined> {
  const key = analysis.requestKey(index);
  if (!key) return undefined;
  const kept = memo.get(key);
  if (kept) return kept;
  const todo = toCount(analysis, index);
  const [prompt] = await count([todo.parts]);
  return remember(key, todo, prompt);
}

/** What counting request `i` needs: its prompt's parts, and what else its body says. */
function toCount(analysis: BatchAnalysis, i: number): { parts: PromptParts; maxOutput: number | undefined } {
  const value = analysis.requestValue(i);
  const body = isObject(value) ? value.body : undefined;
  return { parts: promptParts(body), maxOutput: maxOutputTokens(body) };
}

function remember(key: object, { parts, maxOutput }: { parts: PromptParts; maxOutput: number | undefined }, prompt: number): RequestTokens {
  const counted = { prompt, maxOutput, media: parts.media };
  memo.set(key, counted);
  return counted;
}

/**
 * The job's totals. The requests not counted before are read in slices of `sliceMs` and each slice
 * is handed to `count` (in the server, another thread), so a first count of a large file holds up
 * neither typing nor the other lenses; `isCancelled` stops early, and an edit meanwhile starts over
 * with what was counted kept.
 */
export async function jobTokens(
  analysis: BatchAnalysis,
  options: { count?: CountTokens; sliceMs?: number; isCancelled?: () => boolean } = {},
): Promise<JobTokens | undefined> {
  const count = options.count ?? countOnThisThread;
  const sliceMs = options.sliceMs ?? 10;
  const { keys, counts, missing } = keptCounts(analysis);
  const requests = keys.length;
  for (let next = 0; next < missing.length;) {
    const sliceStart = performance.now();
    const slice: number[] = [];
    const todo: ReturnType<typeof toCount>[] = [];
    do {
      slice.push(missing[next]);
      todo.push(toCount(analysis, missing[next++]));
    } while (next < missing.length && performance.now() - sliceStart < sliceMs);
    const prompts = await count(todo.map((t) => t.parts));
    slice.forEach((i, k) => (counts[i] = remember(keys[i] as object, todo[k], prompts[k])));
    if (options.isCancelled?.()) return undefined;
    if (analysis.requestCount() !== requests || slice.some((i) => analysis.requestKey(i) !== keys[i])) return jobTokens(analysis, options);
  }
  const totals: JobTokens = { requests, prompt: 0, maxOutput: 0, unbounded: 0, media: 0 };
  for (const t of counts) {
    if (!t) continue;
    totals.prompt += t.prompt;
    totals.media += t.media;
    if (t.maxOutput === undefined) totals.unbounded++;
    else totals.maxOutput += t.maxOutput;
  }
  lastTotals.set(analysis, { keys, counts });
  return totals;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** One line, as the CodeLens and `validate --stats` show it. */
export function describeJobTokens(t: JobTokens): string {
  const output = t.unbounded === 0
    ? `at most ${fmt(t.maxOutput)} output tokens`
    : t.unbounded === t.requests
      ? 'output not bounded (no max_tokens)'
      : `at most ${fmt(t.maxOutput)} output tokens + ${fmt(t.unbounded)} request${t.unbounded === 1 ? '' : 's'} without max_tokens`;
  const media = t.media > 0 ? `, ${fmt(t.media)} image/audio chunk${t.media === 1 ? '' : 's'} not counted` : ', images and audio not counted';
  return `${fmt(t.requests)} request${t.requests === 1 ? '' : 's'} · ~${fmt(t.prompt)} prompt tokens · ${output}${media}`;
}
