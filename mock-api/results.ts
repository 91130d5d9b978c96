// What a finished mock job "answers" for each request: canned, deterministic bodies shaped like the
// real endpoints' responses, and the trigger that makes a request fail on purpose.

export interface BatchInputRequest {
  custom_id: string | null;
  body: Record<string, unknown> | undefined;
  /** Why the request cannot run at all, e.g. an unparsable JSONL line. */
  invalid?: string;
}

export interface RequestOutcome {
  ok: boolean;
  line: Record<string, unknown>;
  /** "lost": the request ends with no line in either file; "unfinished": it never ends, so its job times out. */
  fate?: 'lost' | 'unfinished';
}

/** Status codes and messages of `fail-<code>` triggers, worded like the API's errors. */
const FAILURES: Readonly<Record<number, string>> = {
  400: 'Request failed on purpose (mock trigger: "__fail": true or a custom_id starting with "fail").',
  413: 'Prompt contains 40123 tokens, too large for model with 32768 maximum context length',
  422: 'Invalid request body: messages must not be empty',
  429: 'Rate limit exceeded',
  500: 'Internal server error',
  503: 'Service unavailable: the model is overloaded',
};

/**
 * Deterministic triggers, so tests and demos get every outcome without randomness. By custom_id:
 * `fail…` fails with 400, `fail-<code>-…` (413, 422, 429, 500, 503) with that code; `lost…` gets no
 * line at all; `slow…` never finishes, so its job ends TIMEOUT_EXCEEDED with the others' results.
 * A body with `"__fail": true` fails too, and so does a JSONL line that cannot be read.
 */
export function runRequest(jobId: string, index: number, req: BatchInputRequest, endpoint: string, model: string | null): RequestOutcome {
  const id = `batch-${jobId.slice(0, 8)}-${index}`;
  const customId = req.custom_id ?? String(index);
  const trigger = req.custom_id ?? '';
  const code = Number(/^fail-(\d{3})\b/.exec(trigger)?.[1]);
  const status = FAILURES[code] ? code : 400;
  const onPurpose = req.body?.__fail === true || trigger.startsWith('fail');
  const failure = req.invalid ?? (onPurpose ? FAILURES[status] : undefined);
  if (failure !== undefined) {
    // The request's own response carries the error; the batch's `error` slot stays null, as on success.
    return {
      ok: false,
      line: {
        id,
        custom_id: customId,
        response: {
          status_code: status,
          body: { object: 'error', message: failure, type: status >= 500 ? 'internal_error' : 'invalid_request_error', param: null, code: String(status) },
        },
        error: null,
      },
    };
  }
  if (trigger.startsWith('lost') || trigger.startsWith('slow')) {
    return { ok: false, line: {}, fate: trigger.startsWith('lost') ? 'lost' : 'unfinished' };
  }
  return {
    ok: true,
    line: { id, custom_id: customId, response: { status_code: 200, body: responseBody(id, endpoint, model, req.body ?? {}) }, error: null },
  };
}

function responseBody(id: string, endpoint: string, model: string | null, body: Record<string, unknown>): Record<string, unknown> {
  const created = 1_700_000_000;
  const usage = { prompt_tokens: 8, completion_tokens: 8, total_tokens: 16 };
  switch (endpoint) {
    case '/v1/chat/completions':
    case '/v1/fim/completions':
    case '/v1/conversations':
      return {
        id,
        object: 'chat.completion',
        model: model ?? body.model ?? 'mock-model',
        created,
        choices: [{ index: 0, message: { role: 'assistant', content: `Mock answer to: ${promptOf(body)}` }, finish_reason: 'stop' }],
        usage,
      };
    case '/v1/embeddings': {
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      return {
        id,
        object: 'list',
        model: model ?? 'mistral-embed',
        data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(String(input)) })),
        usage,
      };
    }
    default:
      return { id, object: 'mock.response', model: model ?? 'mock-model', endpoint, results: [] };
  }
}

function promptOf(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages[messages.length - 1] as { content?: unknown } | undefined;
  const text = typeof last?.content === 'string' ? last.content : typeof body.prompt === 'string' ? body.prompt : '';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function fakeEmbedding(text: string): number[] {
  let h = 2166136261;
  return Array.from({ length: 8 }, (_, i) => {
    for (const c of `${i}${text}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    return Math.round(((h >>> 0) / 0xffffffff) * 2000 - 1000) / 1000;
  });
}
