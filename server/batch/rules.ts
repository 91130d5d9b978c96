// Rules a JSON Schema cannot express: they look across requests or compare a request to the job.
import { Finding } from '../analysis/findings';
import type { FirstUses } from '../analysis/idTable';
import { ItemResult } from '../analysis/items';
import { JsonPath } from '../schema/types';

/** The span of a path inside item `index`, in offsets relative to that item. */
export type ItemSpanOf = (index: number, path: JsonPath, on: 'key' | 'value') => { start: number; end: number };

export interface JobFacts {
  /** False when the root is not an object: its shape error says it all. */
  isObject: boolean;
  model: string | undefined;
  /** Where the job's `model` value is written, when it is a string. */
  modelSpan: { start: number; end: number } | undefined;
  hasInputFiles: boolean;
  hasRequests: boolean;
  /** Where to report job-level rules: the root's opening brace and the keys, when present. */
  rootSpan: { start: number; end: number };
  inputFilesKey: { start: number; end: number } | undefined;
  /** Set when the job's only input is an empty list: a job with nothing to run. */
  emptyInput: { name: 'requests' | 'input_files'; key: { start: number; end: number } } | undefined;
}

/** Job-level rules, in document offsets. */
export function jobRules(job: JobFacts): Finding[] {
  if (!job.isObject) return [];
  if (!job.hasInputFiles && !job.hasRequests) {
    return [{
      ...job.rootSpan,
      severity: 'error',
      code: 'no-input',
      message: 'the job has no input: add inline "requests", or "input_files" with file ids or .jsonl paths',
    }];
  }
  if (job.emptyInput) {
    const { name, key } = job.emptyInput;
    return [{
      ...key,
      severity: 'error',
      code: 'no-input',
      message: name === 'requests'
        ? '"requests" is empty: a job needs at least one request to run'
        : '"input_files" is empty: list at least one file id or .jsonl path',
    }];
  }
  if (job.hasInputFiles && job.hasRequests && job.inputFilesKey) {
    return [{
      ...job.inputFilesKey,
      severity: 'warning',
      code: 'both-inputs',
      message: 'both "input_files" and "requests" are set; use one of them, since a job takes its requests from a single source',
    }];
  }
  return [];
}

/** A per-request rule that fired; where to underline it is worked out only when it is shown. */
export type RuleHit =
  | { kind: 'missing-custom-id'; unused: string }
  | { kind: 'duplicate-custom-id'; customId: string; first: number; unused: string }
  | { kind: 'model-mismatch'; model: string; jobModel: string };

/** The rules that fire for each request, by index. */
export function requestRules(items: readonly ItemResult[], jobModel: string | undefined): Map<number, RuleHit[]> {
  const out = new Map<number, RuleHit[]>();
  const firstUse = new Map<string, number>();
  // Ids offered by the quick fixes: unused by any request and by each other.
  const taken = new Set<string>();
  for (const item of items) if (item.customId !== undefined) taken.add(item.customId);
  const unused = unusedIds(taken);
  for (let i = 0; i < items.length; i++) {
    const hits = rulesOf(items[i], i, firstUse, jobModel, unused);
    if (hits.length > 0) out.set(i, hits);
  }
  return out;
}

/** Ids for the quick fixes to offer: `base` + a number, unused by `taken` and by each other. */
export function unusedIds(taken: { has(id: string): boolean }): UnusedId {
  const offered = new Set<string>();
  // Where each base's search goes on from, so 10,000 copies of one id cost 10,000 steps, not 10,000².
  const next = new Map<string, number>();
  return (base, from) => {
    let n = Math.max(from, next.get(base) ?? from);
    while (taken.has(`${base}${n}`) || offered.has(`${base}${n}`)) n++;
    offered.add(`${base}${n}`);
    next.set(base, n + 1);
    return `${base}${n}`;
  };
}

export type UnusedId = (base: string, from: number) => string;

/**
 * The rules that fire for one request, given the `custom_id`s of the requests before it (mapped to
 * where each was first used); a first use is added to `firstUse` under `index`.
 */
export function rulesOf(item: ItemResult, index: number, firstUse: FirstUses, jobModel: string | undefined, unused: UnusedId): RuleHit[] {
  const hits: RuleHit[] = [];
  if (item.isObject && !item.hasCustomId) {
    hits.push({ kind: 'missing-custom-id', unused: unused('request-', index + 1) });
  } else if (item.customId !== undefined) {
    const first = firstUse.get(item.customId);
    if (first === undefined) firstUse.set(item.customId, index);
    else hits.push({ kind: 'duplicate-custom-id', customId: item.customId, first, unused: unused(`${item.customId}-`, 2) });
  }
  if (jobModel !== undefined && item.bodyModel !== undefined && item.bodyModel !== jobModel) {
    hits.push({ kind: 'model-mismatch', model: item.bodyModel, jobModel });
  }
  return hits;
}

/**
 * The finding for a rule hit on item `index`, in offsets relative to that item. `nameOf` says how
 * another item is named to the user: "request 3" in a batch file, "line 7" in a .jsonl input.
 */
export function ruleFinding(
  hit: RuleHit,
  index: number,
  spanOf: ItemSpanOf,
  itemStart: (index: number) => number,
  nameOf: (index: number) => string = (i) => `request ${i + 1}`,
): Finding {
  switch (hit.kind) {
    case 'missing-custom-id':
      return {
        start: 0,
        end: 1,
        severity: 'warning',
        code: hit.kind,
        message: 'this request has no "custom_id", so its result cannot be matched back to it',
      };
    case 'duplicate-custom-id': {
      const first = spanOf(hit.first, ['custom_id'], 'value');
      const delta = itemStart(hit.first) - itemStart(index);
      return {
        ...spanOf(index, ['custom_id'], 'value'),
        severity: 'warning',
        code: hit.kind,
        message: `duplicate "custom_id" "${hit.customId}": ${nameOf(hit.first)} already uses it, so their results cannot be told apart`,
        related: [{ start: first.start + delta, end: first.end + delta, message: `first use of "${hit.customId}"` }],
        suggestion: hit.unused,
      };
    }
    case 'model-mismatch':
      return {
        ...spanOf(index, ['body', 'model'], 'value'),
        severity: 'warning',
        code: hit.kind,
        message: `this request asks for "${hit.model}" but the job runs "${hit.jobModel}"; a batch job runs a single model`,
        suggestion: hit.jobModel,
      };
  }
}
