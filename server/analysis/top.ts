// Checking the job itself: every property but the requests, which are checked one by one.
import { Locator } from '../json/locate';
import { BATCH_SCHEMA_URI, BatchSchemas, REQUESTS_CONTAINER_URI } from '../schema/load';
import { JsonValue, Problem } from '../schema/types';
import { Span } from '../json/segment';
import { isLocalPath } from '../../core/submit/batchFile';
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
  /** `input_files` entries that are local paths, with where they are written. */
  localInputs: LocalInputRef[];
}

export interface LocalInputRef {
  written: string;
  start: number;
  end: number;
}

/**
 * `requestCount` is the number of items when `requests` is an array whose items are checked
 * separately; `root.requests` is then ignored here.
 */
export function checkTop(schemas: BatchSchemas, root: JsonValue | undefined, requestCount: number | undefined, locate: Locator | undefined): TopResult {
  const rootStart = locate ? locate([], 'value').start : 0;
  const object = isObject(root) ? root : undefined;
  const keyOf = (name: string) => (object && name in object && locate ? locate([name], 'key') : undefined);
  const job: JobFacts = {
    isObject: object !== undefined,
    model: typeof object?.model === 'string' ? object.model : undefined,
    modelSpan: typeof object?.model === 'string' && locate ? locate(['model'], 'value') : undefined,
    hasInputFiles: object !== undefined && 'input_files' in object,
    hasRequests: object !== undefined && 'requests' in object,
    rootSpan: locate ? { start: rootStart, end: rootStart + 1 } : { start: 0, end: 0 },
    inputFilesKey: keyOf('input_files'),
    emptyInput: emptyInput(object, requestCount, keyOf),
  };
  const endpoint = typeof object?.endpoint === 'string' ? object.endpoint : undefined;
  const bodyUri = endpoint !== undefined ? schemas.bodyUris.get(endpoint) : undefined;
  const localInputs = object && Array.isArray(object.input_files) && locate
    ? object.input_files.flatMap((entry, i) => (isLocalPath(entry) ? [{ written: entry, ...locate(['input_files', i], 'value') }] : []))
    : [];
  if (root === undefined || !locate) return { findings: [], job, endpoint, bodyUri, localInputs };

  let problems: Problem[];
  if (object && requestCount !== undefined) {
    const { requests: _requests, ...rest } = object;
    problems = schemas.validator(BATCH_SCHEMA_URI).validate(rest, []);
    problems.push(...schemas.validator(REQUESTS_CONTAINER_URI).validate(new Array<JsonValue>(requestCount).fill(null), ['requests']));
  } else {
    problems = schemas.validator(BATCH_SCHEMA_URI).validate(root, []);
  }
  const findings = problems.map((p) => ({ ...locate(p.path, p.on), severity: p.severity, message: p.message, code: p.keyword, suggestion: p.suggestion }));
  return { findings, job, endpoint, bodyUri, localInputs };
}

/** The job's only input, when it is an empty list: the key to underline and its name. */
function emptyInput(object: { [key: string]: JsonValue } | undefined, requestCount: number | undefined, keyOf: (name: string) => Span | undefined): JobFacts['emptyInput'] {
  if (!object) return undefined;
  const requests = requestCount ?? (Array.isArray(object.requests) ? object.requests.length : undefined);
  const files = Array.isArray(object.input_files) ? object.input_files.length : undefined;
  const hasRequests = requests !== undefined && requests > 0;
  const hasFiles = files !== undefined && files > 0;
  if (hasRequests || hasFiles) return undefined;
  const name = requests === 0 ? 'requests' : files === 0 ? 'input_files' : undefined;
  const key = name ? keyOf(name) : undefined;
  return name && key ? { name, key } : undefined;
}
