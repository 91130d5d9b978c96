// Checking the job itself: every property but the requests, which are checked one by one.
import { Node } from 'jsonc-parser';
import { locate } from '../json/locate';
import { BATCH_SCHEMA_URI, BatchSchemas, REQUESTS_CONTAINER_URI } from '../schema/load';
import { JsonValue, Problem } from '../schema/types';
import { JobFacts } from '../batch/rules';
import { Finding } from './findings';
import { isObject } from '../schema/node';

export interface TopResult {
  /** In the offsets of the tree the job was read from. */
  findings: Finding[];
  job: JobFacts;
  endpoint: string | undefined;
  /** The body schema of the job's endpoint, when the endpoint is a known one. */
  bodyUri: string | undefined;
}

/**
 * `requestCount` is the number of items when `requests` is an array whose items are checked
 * separately; `root.requests` is then ignored here.
 */
export function checkTop(schemas: BatchSchemas, root: JsonValue | undefined, requestCount: number | undefined, tree: Node | undefined): TopResult {
  const rootSpan = tree ? { start: tree.offset, end: tree.offset + 1 } : { start: 0, end: 0 };
  const object = isObject(root) ? root : undefined;
  const job: JobFacts = {
    isObject: object !== undefined,
    model: typeof object?.model === 'string' ? object.model : undefined,
    hasInputFiles: object !== undefined && 'input_files' in object,
    hasRequests: object !== undefined && 'requests' in object,
    rootSpan,
    inputFilesKey: object && 'input_files' in object && tree ? locate(tree, ['input_files'], 'key') : undefined,
  };
  const endpoint = typeof object?.endpoint === 'string' ? object.endpoint : undefined;
  const bodyUri = endpoint !== undefined ? schemas.bodyUris.get(endpoint) : undefined;
  if (root === undefined || !tree) return { findings: [], job, endpoint, bodyUri };

  let problems: Problem[];
  if (object && requestCount !== undefined) {
    const { requests: _requests, ...rest } = object;
    problems = schemas.validator(BATCH_SCHEMA_URI).validate(rest, []);
    problems.push(...schemas.validator(REQUESTS_CONTAINER_URI).validate(new Array<JsonValue>(requestCount).fill(null), ['requests']));
  } else {
    problems = schemas.validator(BATCH_SCHEMA_URI).validate(root, []);
  }
  const findings = problems.map((p) => ({ ...locate(tree, p.path, p.on), severity: p.severity, message: p.message, code: p.keyword, suggestion: p.suggestion }));
  return { findings, job, endpoint, bodyUri };
}
