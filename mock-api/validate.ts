// Validation of `POST /v1/batch/jobs` bodies, answering like the real API (FastAPI/pydantic):
// a 422 whose `detail` items carry `loc` paths such as ["body", "timeout_hours"], so clients can point
// at the offending field.

export type Loc = Array<string | number>;

export interface ValidationDetail {
  type: string;
  loc: Loc;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** The create body after validation, in the API's own snake_case. */
export interface CreateBody {
  endpoint: string;
  model: string | null;
  agent_id: string | null;
  input_files: string[];
  requests: Array<{ custom_id: string | null; body: Record<string, unknown> }> | null;
  metadata: Record<string, string> | null;
  timeout_hours: number;
}

export const ENDPOINTS = [
  '/v1/chat/completions', '/v1/embeddings', '/v1/fim/completions', '/v1/moderations', '/v1/chat/moderations',
  '/v1/ocr', '/v1/classifications', '/v1/chat/classifications', '/v1/conversations', '/v1/audio/transcriptions',
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REQUESTS = 10_000;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function validateCreateBody(raw: unknown): { ok: true; body: CreateBody } | { ok: false; detail: ValidationDetail[] } {
  const detail: ValidationDetail[] = [];
  const fail = (type: string, loc: Loc, msg: string, input: unknown, ctx?: Record<string, unknown>): void => {
    detail.push({ type, loc: ['body', ...loc], msg, input, ...(ctx ? { ctx } : {}) });
  };
  if (!isObject(raw)) {
    fail('model_attributes_type', [], 'Input should be a valid dictionary or object to extract fields from', raw);
    return { ok: false, detail };
  }

  const endpoint = raw.endpoint;
  if (endpoint === undefined) fail('missing', ['endpoint'], 'Field required', raw);
  else if (typeof endpoint !== 'string' || !ENDPOINTS.includes(endpoint)) {
    fail('enum', ['endpoint'], `Input should be ${ENDPOINTS.map((e) => `'${e}'`).join(', ')}`, endpoint, { expected: ENDPOINTS.join(', ') });
  }

  const optionalString = (key: string): void => {
    const v = raw[key];
    if (v !== undefined && v !== null && typeof v !== 'string') fail('string_type', [key], 'Input should be a valid string', v);
  };
  optionalString('model');
  optionalString('agent_id');
  if ((raw.model ?? null) === null && (raw.agent_id ?? null) === null) {
    fail('missing', ['model'], 'Either model or agent_id must be provided', raw);
  }

  const inputFiles = raw.input_files;
  if (inputFiles !== undefined && inputFiles !== null) {
    if (!Array.isArray(inputFiles)) fail('list_type', ['input_files'], 'Input should be a valid list', inputFiles);
    else inputFiles.forEach((id, i) => {
      if (typeof id !== 'string' || !isUuid(id)) {
        fail('uuid_parsing', ['input_files', i], 'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]', id);
      }
    });
  }

  const requests = raw.requests;
  if (requests !== undefined && requests !== null) {
    if (!Array.isArray(requests)) fail('list_type', ['requests'], 'Input should be a valid list', requests);
    else {
      if (requests.length > MAX_REQUESTS) {
        fail('too_long', ['requests'], `List should have at most ${MAX_REQUESTS} items after validation, not ${requests.length}`, '…', { max_length: MAX_REQUESTS });
      }
      requests.forEach((r, i) => {
        if (!isObject(r)) return fail('model_type', ['requests', i], 'Input should be a valid dictionary', r);
        if (r.body === undefined) fail('missing', ['requests', i, 'body'], 'Field required', r);
        else if (!isObject(r.body)) fail('dict_type', ['requests', i, 'body'], 'Input should be a valid dictionary', r.body);
        if (r.custom_id !== undefined && r.custom_id !== null && typeof r.custom_id !== 'string') {
          fail('string_type', ['requests', i, 'custom_id'], 'Input should be a valid string', r.custom_id);
        }
      });
    }
  }
  const hasFiles = Array.isArray(inputFiles) && inputFiles.length > 0;
  const hasRequests = Array.isArray(requests) && requests.length > 0;
  if (!hasFiles && !hasRequests) fail('value_error', [], 'Value error, Either input_files or requests must be provided', raw);

  const metadata = raw.metadata;
  if (metadata !== undefined && metadata !== null) {
    if (!isObject(metadata)) fail('dict_type', ['metadata'], 'Input should be a valid dictionary', metadata);
    else for (const [k, v] of Object.entries(metadata)) {
      if (k.length < 1 || k.length > 32) fail('string_too_long', ['metadata', k, '[key]'], 'String should have between 1 and 32 characters', k);
      if (typeof v !== 'string') fail('string_type', ['metadata', k], 'Input should be a valid string', v);
      else if (v.length < 1 || v.length > 512) fail('string_too_long', ['metadata', k], 'String should have between 1 and 512 characters', v);
    }
  }

  const timeout = raw.timeout_hours;
  if (timeout !== undefined) {
    if (typeof timeout !== 'number' || !Number.isInteger(timeout)) fail('int_type', ['timeout_hours'], 'Input should be a valid integer', timeout);
    else if (timeout < 1) fail('greater_than_equal', ['timeout_hours'], 'Input should be greater than or equal to 1', timeout, { ge: 1 });
    else if (timeout > 168) fail('less_than_equal', ['timeout_hours'], 'Input should be less than or equal to 168', timeout, { le: 168 });
  }

  if (detail.length > 0) return { ok: false, detail };
  return {
    ok: true,
    body: {
      endpoint: endpoint as string,
      model: (raw.model as string | null | undefined) ?? null,
      agent_id: (raw.agent_id as string | null | undefined) ?? null,
      input_files: hasFiles ? (inputFiles as string[]) : [],
      requests: hasRequests
        ? (requests as Array<Record<string, unknown>>).map((r) => ({
            custom_id: (r.custom_id as string | null | undefined) ?? null,
            body: r.body as Record<string, unknown>,
          }))
        : null,
      metadata: (metadata as Record<string, string> | null | undefined) ?? null,
      timeout_hours: (timeout as number | undefined) ?? 24,
    },
  };
}
