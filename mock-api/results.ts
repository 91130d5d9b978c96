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
}

/**
 * A request fails when its body has `"__fail": true`, when its custom_id starts with "fail" (a trigger
 * that passes schema checks), or when it could not be read from the JSONL input. Deterministic
 * triggers let tests and demos produce an error file without any randomness.
 */
export function runRequest(jobId: string, index: number, req: BatchInputRequest, endpoint: string, model: string | null): RequestOutcome {
  const id = `batch-${jobId.slice(0, 8)}-${index}`;
  const customId = req.custom_id ?? String(index);
  const onPurpose = req.body?.__fail === true || (req.custom_id ?? '').startsWith('fail');
  const failure = req.invalid ?? (onPurpose ? 'Request failed on purpose (mock trigger: "__fail": true or a custom_id starting with "fail").' : undefined);
  if (failure !== undefined) {
    return {
      ok: false,
      line: {
        id,
        custom_id: customId,
        response: {
          status_code: 400,
          body: { object: 'error', message: failure, type: 'invalid_request_error', param: null, code: null },
        },
        error: { message: failure, code: 3000 },
      },
    };
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
