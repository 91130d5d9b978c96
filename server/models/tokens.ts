// Token counts for hover, the CodeLens and `validate --stats`: each request counted on first ask,
// one at a time, and remembered while its text is unchanged.
import { PromptParts, countPromptTokensCached, maxOutputTokens, promptParts } from '../../core/tokens/prompt';
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

export function requestTokens(analysis: BatchAnalysis, index: number): RequestTokens | undefined {
  const key = analysis.requestKey(index);
  if (!key) return undefined;
  return countFor(analysis, index, key);
}

function countFor(analysis: BatchAnalysis, index: number, key: object): RequestTokens {
  let counted = memo.get(key);
  if (!counted) {
    const value = analysis.requestValue(index);
    const body = isObject(value) ? value.body : undefined;
    const parts: PromptParts = promptParts(body);
    counted = { prompt: countPromptTokensCached(parts), maxOutput: maxOutputTokens(body), media: parts.media };
    memo.set(key, counted);
  }
  return counted;
}

/**
 * The job's totals. After counting for `sliceMs` it awaits `pause` (the server lets other messages in
 * between, so a first count of a large file holds up neither typing nor the other lenses: a slice
 * counted in requests would take ten times as long on a loaded machine); `isCancelled` stops early.
 */
export async function jobTokens(
  analysis: BatchAnalysis,
  options: { pause?: () => Promise<void>; sliceMs?: number; isCancelled?: () => boolean } = {},
): Promise<JobTokens | undefined> {
  const totals: JobTokens = { requests: analysis.requestCount(), prompt: 0, maxOutput: 0, unbounded: 0, media: 0 };
  const sliceMs = options.sliceMs ?? 10;
  let sliceStart = performance.now();
  const last = lastTotals.get(analysis) ?? { keys: [], counts: [] };
  const keys: Array<object | undefined> = new Array(totals.requests);
  const counts: Array<RequestTokens | undefined> = new Array(totals.requests);
  for (let i = 0; i < totals.requests; i++) {
    const key = analysis.requestKey(i);
    let t = key !== undefined && last.keys[i] === key ? last.counts[i] : undefined;
    if (t === undefined && key !== undefined) {
      // Only a first count yields: a request already counted costs next to nothing.
      if (options.pause && !memo.has(key) && performance.now() - sliceStart > sliceMs) {
        await options.pause();
        sliceStart = performance.now();
        if (options.isCancelled?.()) return undefined;
        if (analysis.requestKey(i) !== key) return jobTokens(analysis, options);
      }
      t = countFor(analysis, i, key);
    }
    keys[i] = key;
    counts[i] = t;
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
