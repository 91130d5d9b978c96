// Rules a JSON Schema cannot express: they look across requests or compare a request to the job.
import { Finding } from '../analysis/findings';
import { ItemResult } from '../analysis/items';
import { JsonPath } from '../schema/types';

/** The span of a path inside item `index`, in offsets relative to that item. */
export type ItemSpanOf = (index: number, path: JsonPath, on: 'key' | 'value') => { start: number; end: number };

export interface JobFacts {
  /** False when the root is not an object: its shape error says it all. */
  isObject: boolean;
  model: string | undefined;
  hasInputFiles: boolean;
  hasRequests: boolean;
  /** Where to report job-level rules: the root's opening brace and the keys, when present. */
  rootSpan: { start: number; end: number };
  inputFilesKey: { start: number; end: number } | undefined;
}

/** Job-level rules, in document offsets. */
export function jobRules(job: JobFacts): Finding[] {
  if (!job.isObject) return [];
  if (!job.hasInputFiles && !job.hasRequests) {
    return [{
      ...job.rootSpan,
      severity: 'error',
      code: 'no-input',
      message: 'the job has no input: add inline `requests`, or `input_files` with file ids or .jsonl paths',
    }];
  }
  if (job.hasInputFiles && job.hasRequests && job.inputFilesKey) {
    return [{
      ...job.inputFilesKey,
      severity: 'warning',
      code: 'both-inputs',
      message: 'both `input_files` and `requests` are set; use one of them, since a job takes its requests from a single source',
    }];
  }
  return [];
}

/**
 * Per-request rules. Returns, for each item index that has any, findings in offsets relative to
 * that item; `itemStart(i)` converts another item's offsets for related information.
 */
export function requestRules(
  items: readonly ItemResult[],
  jobModel: string | undefined,
  itemStart: (index: number) => number,
  spanOf: ItemSpanOf,
): Map<number, Finding[]> {
  const out = new Map<number, Finding[]>();
  const add = (i: number, f: Finding) => {
    const list = out.get(i);
    if (list) list.push(f);
    else out.set(i, [f]);
  };
  const firstUse = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.isObject && !item.hasCustomId) {
      add(i, {
        start: 0,
        end: 1,
        severity: 'warning',
        code: 'missing-custom-id',
        message: 'this request has no `custom_id`, so its result cannot be matched back to it',
      });
    } else if (item.customId !== undefined) {
      const first = firstUse.get(item.customId);
      if (first === undefined) {
        firstUse.set(item.customId, i);
      } else {
        const firstSpan = spanOf(first, ['custom_id'], 'value');
        const delta = itemStart(first) - itemStart(i);
        add(i, {
          ...spanOf(i, ['custom_id'], 'value'),
          severity: 'warning',
          code: 'duplicate-custom-id',
          message: `duplicate \`custom_id\` "${item.customId}": requests[${first}] already uses it, so their results cannot be told apart`,
          related: [{ start: firstSpan.start + delta, end: firstSpan.end + delta, message: `first use of "${item.customId}"` }],
        });
      }
    }
    if (jobModel !== undefined && item.bodyModel !== undefined && item.bodyModel !== jobModel) {
      add(i, {
        ...spanOf(i, ['body', 'model'], 'value'),
        severity: 'warning',
        code: 'model-mismatch',
        message: `this request asks for \`${item.bodyModel}\` but the job runs \`${jobModel}\`; a batch job runs a single model`,
      });
    }
  }
  return out;
}
