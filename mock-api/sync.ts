// The synchronous endpoints (what a batch request would have called), answered deterministically from
// the request so two tries can be compared. Chat answers stream as server-sent events when asked.
import { createHash } from 'node:crypto';
import type { Handler, Reply } from './server';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const CREATED = 1_700_000_000;

const invalid = (field: string, msg = 'Field required'): Reply => ({ status: 422, body: { detail: [{ type: 'missing', loc: ['body', field], msg, input: null }] } });

function jsonBody(body: Buffer): { ok: true; body: Json } | { ok: false; reply: Reply } {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return isObject(v) ? { ok: true, body: v } : { ok: false, reply: invalid('body', 'Input should be a valid dictionary') };
  } catch (e) {
    return { ok: false, reply: { status: 422, body: { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: `JSON decode error: ${(e as Error).message}`, input: {} }] } } };
  }
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value) ?? '').digest('hex');
}

const words = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((c) => (isObject(c) && typeof c.text === 'string' ? c.text : '')).join(' ') : '';
}

function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (isObject(m) && m.role === 'user') return textOf(m.content);
  }
  return '';
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}

function usage(prompt: number, completion: number): Json {
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function chatAnswer(body: Json): { id: string; model: string; text: string; promptTokens: number } {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const asked = excerpt(lastUserText(messages));
  return {
    id: `mock-${digest(body).slice(0, 16)}`,
    model: typeof body.model === 'string' ? body.model : 'mistral-small-latest',
    text: `Mock answer to "${asked}": the same request always gets this same answer, so two tries can be compared.`,
    promptTokens: messages.reduce((n: number, m) => n + (isObject(m) ? words(textOf(m.content)) : 0), 0),
  };
}

const chat: Handler = ({ body: raw }) => {
  const parsed = jsonBody(raw);
  if (!parsed.ok) return parsed.reply;
  const body = parsed.body;
  if (!Array.isArray(body.messages) || body.messages.length === 0) return invalid('messages');
  const a = chatAnswer(body);
  const completion = words(a.text);
  if (body.stream === true) {
    const pieces = a.text.split(/(?<= )/);
    const chunk = (delta: Json, finish: string | null, extra: Json = {}) =>
      JSON.stringify({ id: a.id, object: 'chat.completion.chunk', created: CREATED, model: a.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra });
    const events = [
      chunk({ role: 'assistant', content: '' }, null),
      ...pieces.map((p) => chunk({ content: p }, null)),
      chunk({ content: '' }, 'stop', { usage: usage(a.promptTokens, completion) }),
      '[DONE]',
    ];
    return { status: 200, body: null, events };
  }
  return {
    status: 200,
    body: {
      id: a.id, object: 'chat.completion', created: CREATED, model: a.model,
      choices: [{ index: 0, message: { role: 'assistant', content: a.text, tool_calls: null }, finish_reason: 'stop' }],
      usage: usage(a.promptTokens, completion),
    },
  };
};

/** Answers that need only the parsed JSON body (or a 422 naming the missing field). */
function withBody(required: string, answer: (body: Json) => unknown): Handler {
  return ({ body: raw }) => {
    const parsed = jsonBody(raw);
    if (!parsed.ok) return parsed.reply;
    const body = parsed.body;
    if (body[required] === undefined || body[required] === null) return invalid(required);
    return { status: 200, body: answer(body) };
  };
}

const modelOf = (body: Json, fallback: string): string => (typeof body.model === 'string' ? body.model : fallback);
const inputs = (input: unknown): unknown[] => (Array.isArray(input) ? input : [input]);

/** Values in [-0.1, 0.1) drawn from the input's hash: the same input, the same vector. */
function vector(input: unknown, dimensions: number): number[] {
  const out: number[] = [];
  let seed = digest(input);
  while (out.length < dimensions) {
    for (let i = 0; i + 4 <= seed.length && out.length < dimensions; i += 4) out.push(Math.round((parseInt(seed.slice(i, i + 4), 16) / 65536 - 0.5) * 2000) / 10000);
    seed = digest(seed);
  }
  return out;
}

const MODERATION_CATEGORIES = ['sexual', 'hate_and_discrimination', 'violence_and_threats', 'dangerous_and_criminal_content', 'selfharm', 'health', 'financial', 'law', 'pii'];

function scores(input: unknown, names: string[]): Record<string, number> {
  const h = digest(input);
  return Object.fromEntries(names.map((name, i) => [name, Math.round((parseInt(h.slice(i * 2, i * 2 + 2), 16) / 255) * 0.3 * 10000) / 10000]));
}

function moderate(body: Json): unknown {
  return {
    id: `mock-mod-${digest(body).slice(0, 12)}`,
    model: modelOf(body, 'mistral-moderation-latest'),
    results: inputs(body.input).map((input) => {
      // A word the tests can rely on flags one category, so a flagged answer can be shown too.
      const s = scores(input, MODERATION_CATEGORIES);
      if (JSON.stringify(input).toLowerCase().includes('violent')) s.violence_and_threats = 0.9731;
      return { categories: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v >= 0.5])), category_scores: s };
    }),
  };
}

function classify(body: Json): unknown {
  const labels = ['positive', 'neutral', 'negative'];
  return {
    id: `mock-cls-${digest(body).slice(0, 12)}`,
    model: modelOf(body, 'mistral-classifier-latest'),
    results: inputs(body.input).map((input) => {
      const raw = scores(input, labels);
      const sum = Object.values(raw).reduce((a, b) => a + b, 0) || 1;
      return { sentiment: { scores: Object.fromEntries(labels.map((l) => [l, Math.round((raw[l] / sum) * 10000) / 10000])) } };
    }),
  };
}

function ocr(body: Json): unknown {
  const doc = isObject(body.document) ? body.document : {};
  const source = String(doc.document_url ?? doc.image_url ?? doc.file_id ?? 'the document');
  const pages = [0, 1].map((index) => ({
    index,
    markdown: `# Page ${index + 1} of ${excerpt(source)}\n\nMock text recognised on page ${index + 1}.`,
    images: [],
    dimensions: { dpi: 200, height: 2200, width: 1700 },
  }));
  return { pages, model: modelOf(body, 'mistral-ocr-latest'), usage_info: { pages_processed: pages.length, doc_size_bytes: 2048 } };
}

function conversation(body: Json): unknown {
  const entries = typeof body.inputs === 'string' ? [{ role: 'user', content: body.inputs }] : Array.isArray(body.inputs) ? body.inputs : [];
  const a = chatAnswer({ ...body, messages: entries });
  const completion = words(a.text);
  return {
    object: 'conversation.response',
    conversation_id: `conv_${digest(body).slice(0, 16)}`,
    outputs: [{ object: 'entry', type: 'message.output', created_at: '2024-01-01T00:00:00Z', completed_at: '2024-01-01T00:00:01Z', id: `msg_${a.id}`, model: a.model, role: 'assistant', content: a.text }],
    usage: usage(a.promptTokens, completion),
  };
}

const fim = withBody('prompt', (body) => {
  const prompt = String(body.prompt);
  const text = `/* mock completion after ${words(prompt)} words */`;
  return {
    id: `mock-fim-${digest(body).slice(0, 12)}`, object: 'chat.completion', created: CREATED, model: modelOf(body, 'codestral-latest'),
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: usage(words(prompt), words(text)),
  };
});

// A streamed route (mock-api/server.ts): the form arrives received, any audio file on disk.
const transcribe: Handler = ({ form }) => {
  if (!form || form === 'malformed') return invalid('file', 'Expected a multipart/form-data body');
  const field = (name: string) => form.fields.get(name);
  const source = field('file_url') ?? field('file_id') ?? (form.files.some((p) => p.name === 'file') ? 'upload' : undefined);
  if (source === undefined) return invalid('file_url', 'One of file, file_url or file_id is required');
  return {
    status: 200,
    body: { model: field('model') ?? 'voxtral-mini-latest', text: `Mock transcript of ${excerpt(source)}.`, language: field('language') ?? 'en', segments: [], usage: { prompt_audio_seconds: 12, prompt_tokens: 120, completion_tokens: 6, total_tokens: 126 } },
  };
};

export function syncRoutes(): Array<{ method: string; pattern: RegExp; route: string; handler: Handler }> {
  const post = (path: string, handler: Handler) => ({ method: 'POST', pattern: new RegExp(`^${path.replace(/\//g, '\\/')}$`), route: `POST ${path}`, handler });
  return [
    post('/v1/chat/completions', chat),
    post('/v1/fim/completions', fim),
    post('/v1/embeddings', withBody('input', (body) => {
      const list = inputs(body.input);
      const dims = typeof body.output_dimension === 'number' ? body.output_dimension : 1024;
      return {
        id: `mock-emb-${digest(body).slice(0, 12)}`, object: 'list', model: modelOf(body, 'mistral-embed'),
        data: list.map((input, index) => ({ object: 'embedding', embedding: vector(input, dims), index })),
        usage: usage(list.reduce((n: number, i) => n + words(JSON.stringify(i)), 0), 0),
      };
    })),
    post('/v1/ocr', withBody('document', ocr)),
    post('/v1/moderations', withBody('input', moderate)),
    post('/v1/chat/moderations', withBody('input', moderate)),
    post('/v1/classifications', withBody('input', classify)),
    post('/v1/chat/classifications', withBody('input', classify)),
    post('/v1/conversations', withBody('inputs', conversation)),
    post('/v1/audio/transcriptions', transcribe),
  ];
}
