// Trying one request (core/try) against the mock API: every endpoint answers and renders, the answers
// are in shapes the official SDK parses, a streamed chat answer grows chunk by chunk, cancelling stops
// the call, and a request with errors is refused before anything is sent.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as components from '@mistralai/mistralai/models/components/index.js';
import { ApiError, MistralBatchApi } from '../../core/api';
import { batchTarget, checkAndTry, jsonlTarget, rawJson, renderAnswer, RequestChecker, TRY_ENDPOINTS, TryAnswer, TryError, tryRequest } from '../../core/try';
import { startMockServer, MockServer } from '../../mock-api/server';
import { checkJsonlLine, checkRequestText } from '../../server/analysis/requestCheck';

const KEY = 'sk-try-secret-9a8b7c';

async function withMock(fn: (mock: MockServer, api: MistralBatchApi) => Promise<void>, opts: Parameters<typeof startMockServer>[0] = {}): Promise<void> {
  const mock = await startMockServer({ apiKey: KEY, streamDelayMs: 0, ...opts });
  try {
    await fn(mock, new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY, retry: { initialIntervalMs: 5, maxIntervalMs: 20, maxElapsedMs: 500 } }));
  } finally {
    await mock.close();
  }
}

const calls = (mock: MockServer, route: string): number => mock.state.requests.filter((r) => r.route === route).length;

function batch(endpoint: string, model: string, body: object, customId = 'r-1'): string {
  return JSON.stringify({ endpoint, model, requests: [{ custom_id: 'other', body: {} }, { custom_id: customId, body }] }, null, 2);
}

// One request per endpoint, what its answer must say, and the SDK schema its raw answer must pass.
const CASES: Array<{ endpoint: string; model: string; body: object; shows: RegExp[]; schema: { parse(v: unknown): unknown } }> = [
  { endpoint: '/v1/chat/completions', model: 'mistral-small-latest', body: { messages: [{ role: 'user', content: 'I was charged twice.' }] },
    shows: [/Mock answer to "I was charged twice\."/, /finish_reason `stop`/, /tokens: 4 prompt \+ 21 completion = 25 total/, /\d+ chunks/], schema: components.ChatCompletionResponse$inboundSchema },
  { endpoint: '/v1/fim/completions', model: 'codestral-latest', body: { prompt: 'def add(a, b):', suffix: 'return c' },
    shows: [/mock completion after 3 words/, /finish_reason `stop`/], schema: components.FIMCompletionResponse$inboundSchema },
  { endpoint: '/v1/embeddings', model: 'mistral-embed', body: { input: ['first text', 'second text'], output_dimension: 16 },
    shows: [/2 embeddings/, /input 1: 16 dimensions, first values \[-?0\.\d{4}(, -?0\.\d{4}){7}, …\]/, /input 2: 16 dimensions/], schema: components.EmbeddingResponse$inboundSchema },
  { endpoint: '/v1/ocr', model: 'mistral-ocr-latest', body: { document: { type: 'document_url', document_url: 'https://example.com/invoice.pdf' } },
    shows: [/2 pages/, /### Page 1/, /# Page 2 of https:\/\/example\.com\/invoice\.pdf/, /2 pages processed/], schema: components.OCRResponse$inboundSchema },
  { endpoint: '/v1/moderations', model: 'mistral-moderation-latest', body: { input: ['a violent threat'] },
    shows: [/Flagged: \*\*violence_and_threats\*\*/, /\| violence_and_threats \| 0\.9731 \| \*\*yes\*\* \|/, /\| pii \| 0\.\d{4} \| no \|/], schema: components.ModerationResponse$inboundSchema },
  { endpoint: '/v1/chat/moderations', model: 'mistral-moderation-latest', body: { input: [{ role: 'user', content: 'hello' }] },
    shows: [/Flagged: none/, /\| category \| score \| flagged \|/], schema: components.ModerationResponse$inboundSchema },
  { endpoint: '/v1/classifications', model: 'ft:classifier:abc', body: { input: 'I love it' },
    shows: [/\*\*sentiment\*\*: (positive|neutral|negative)/, /\| negative \| 0\.\d{4} \|/], schema: components.ClassificationResponse$inboundSchema },
  { endpoint: '/v1/chat/classifications', model: 'ft:classifier:abc', body: { input: [{ messages: [{ role: 'user', content: 'hi' }] }] },
    shows: [/\*\*sentiment\*\*/], schema: components.ClassificationResponse$inboundSchema },
  { endpoint: '/v1/conversations', model: 'mistral-medium-latest', body: { inputs: 'Summarise the ticket.' },
    shows: [/Mock answer to "Summarise the ticket\."/, /tokens: 3 prompt/], schema: components.ConversationResponse$inboundSchema },
  { endpoint: '/v1/audio/transcriptions', model: 'voxtral-mini-latest', body: { file_url: 'https://example.com/call.mp3', language: 'fr' },
    shows: [/Mock transcript of https:\/\/example\.com\/call\.mp3\./, /Language: `fr`/, /tokens: 120 prompt/], schema: components.TranscriptionResponse$inboundSchema },
];

test('every synchronous endpoint is covered by a case', () => {
  assert.deepEqual(CASES.map((c) => c.endpoint).sort(), Object.keys(TRY_ENDPOINTS).sort());
});

for (const c of CASES) {
  test(`a request of ${c.endpoint} is tried, answered in the SDK's shape and rendered`, () =>
    withMock(async (mock, api) => {
      const target = batchTarget(batch(c.endpoint, c.model, c.body), { customId: 'r-1' });
      assert.equal(target.index, 1);
      assert.equal(target.body.model, c.model, 'the job model is filled in');
      const answer = await tryRequest(target, { api });
      assert.equal(answer.done, true);
      assert.ok(answer.latencyMs !== undefined && answer.latencyMs >= 0);
      c.schema.parse(answer.raw);
      const md = renderAnswer(answer);
      assert.match(md, /^## request r-1 · `/);
      for (const re of c.shows) assert.match(md, re, md);
      assert.deepEqual(JSON.parse(rawJson(answer)), answer.raw);
      assert.equal(calls(mock, `POST ${c.endpoint}`), 1);
    }));
}

test('the body goes as written: a body model wins over the job model, unknown keys are kept', () =>
  withMock(async (mock, api) => {
    const target = batchTarget(batch('/v1/embeddings', 'mistral-embed', { model: 'my-embed', input: 'x', some_new_field: { a_b: 1 } }), { index: 1 });
    const answer = await tryRequest(target, { api });
    assert.deepEqual(answer.body, { model: 'my-embed', input: 'x', some_new_field: { a_b: 1 } });
    assert.equal((answer.raw as { model: string }).model, 'my-embed');
    assert.equal(calls(mock, 'POST /v1/embeddings'), 1);
  }));

test('a chat answer streams: each chunk updates the answer, and the assembled one reads like an unstreamed one', () =>
  withMock(async (_mock, api) => {
    const target = batchTarget(batch('/v1/chat/completions', 'mistral-small-latest', { messages: [{ role: 'user', content: 'hello there' }] }), { index: 1 });
    const seen: string[] = [];
    const answer = await tryRequest(target, { api, onUpdate: (a) => seen.push(contentOf(a)) });
    assert.ok(seen.length >= 5, `updates: ${seen.length}`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i].startsWith(seen[i - 1]), 'the text only grows');
    assert.equal(contentOf(answer), 'Mock answer to "hello there": the same request always gets this same answer, so two tries can be compared.');
    assert.equal(answer.chunks, seen.length);
    assert.equal(answer.body.stream, true);
  }));

function contentOf(a: TryAnswer): string {
  return (a.raw as { choices: { message: { content: string } }[] }).choices[0].message.content;
}

test('cancelling while the answer streams stops the call', () =>
  withMock(async (mock, api) => {
    const abort = new AbortController();
    const target = batchTarget(batch('/v1/chat/completions', 'mistral-small-latest', { messages: [{ role: 'user', content: 'a long answer please' }] }), { index: 1 });
    let updates = 0;
    await assert.rejects(
      tryRequest(target, { api, signal: abort.signal, onUpdate: () => (++updates === 2 ? abort.abort() : undefined) }),
      (e: unknown) => e instanceof ApiError && e.kind === 'cancelled',
    );
    assert.equal(updates, 2, 'no chunk is taken after the cancel');
    assert.equal(calls(mock, 'POST /v1/chat/completions'), 1);
  }, { streamDelayMs: 50 }));

test('a streamed answer that stalls fails on the client\'s deadline instead of hanging', async () => {
  const mock = await startMockServer({ apiKey: KEY, streamDelayMs: 2000 });
  try {
    const api = new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY, timeoutMs: 200 });
    const target = batchTarget(batch('/v1/chat/completions', 'mistral-small-latest', { messages: [{ role: 'user', content: 'hi' }] }), { index: 1 });
    let updates = 0;
    await assert.rejects(tryRequest(target, { api, onUpdate: () => updates++ }), (e: unknown) =>
      e instanceof ApiError && e.kind === 'timeout' && /did not answer (completely )?within 200 ms when trying to call \/v1\/chat\/completions/.test(e.message));
    assert.equal(updates, 1, 'the first chunk came, then nothing');
  } finally {
    await mock.close();
  }
});

test('cancelling before the answer comes stops the call', () =>
  withMock(async (mock, api) => {
    await fetch(`${mock.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ route: 'POST /v1/embeddings', delayMs: 10_000 }) });
    const abort = new AbortController();
    const target = batchTarget(batch('/v1/embeddings', 'mistral-embed', { input: 'x' }), { index: 1 });
    const pending = tryRequest(target, { api, signal: abort.signal });
    await waitFor(() => calls(mock, 'POST /v1/embeddings') === 1);
    abort.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof ApiError && e.kind === 'cancelled');
  }));

async function waitFor(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

test('the API client\'s retry rules apply: a 429 is retried, and the answer comes', () =>
  withMock(async (mock, api) => {
    await fetch(`${mock.url}/__admin/faults`, { method: 'POST', body: JSON.stringify({ route: 'POST /v1/moderations', status: 429, retryAfter: 0 }) });
    const answer = await tryRequest(batchTarget(batch('/v1/moderations', 'mistral-moderation-latest', { input: 'x' }), { index: 1 }), { api });
    assert.equal(answer.done, true);
    assert.equal(calls(mock, 'POST /v1/moderations'), 2);
  }));

test('an error answer is the client\'s usual ApiError, naming the field', () =>
  withMock(async (_mock, api) => {
    await assert.rejects(
      tryRequest(batchTarget(batch('/v1/embeddings', 'mistral-embed', { not_input: 1 }), { index: 1 }), { api }),
      (e: unknown) => e instanceof ApiError && e.kind === 'validation' && /input/.test(e.message),
    );
  }));

const inProcess = (text: string): RequestChecker => ({ check: async (t) => checkRequestText(text, t.index) });

test('a request with errors is refused with its problems, and the mock gets no call', () =>
  withMock(async (mock, api) => {
    const text = batch('/v1/chat/completions', 'mistral-small-latest', { messages: [{ role: 'usr', content: 'hi' }], temprature: 0 });
    await assert.rejects(checkAndTry(batchTarget(text, { customId: 'r-1' }), { api, checker: inProcess(text) }), (e: unknown) => {
      assert.ok(e instanceof TryError);
      assert.match(e.message, /^request r-1 was not sent: it has 2 errors: line \d+: /);
      assert.equal(e.problems.length, 2);
      assert.ok(e.problems.some((p) => /temprature/.test(p.message)), JSON.stringify(e.problems));
      return true;
    });
    assert.equal(mock.state.requests.length, 0);
  }));

test('another request\'s errors do not stop a try; the job\'s own errors do', () =>
  withMock(async (mock, api) => {
    const good = { messages: [{ role: 'user', content: 'hi' }] };
    const text = JSON.stringify({ endpoint: '/v1/chat/completions', model: 'mistral-small-latest', requests: [{ custom_id: 'bad', body: { messages: 5 } }, { custom_id: 'good', body: good }] });
    const answer = await checkAndTry(batchTarget(text, { customId: 'good' }), { api, checker: inProcess(text) });
    assert.equal(answer.done, true);
    const broken = JSON.stringify({ endpoint: '/v1/chat/completions', model: 'mistral-small-latest', timeout_hours: 0, requests: [{ custom_id: 'good', body: good }] });
    await assert.rejects(checkAndTry(batchTarget(broken, { customId: 'good' }), { api, checker: inProcess(broken) }), /timeout_hours/);
    assert.equal(calls(mock, 'POST /v1/chat/completions'), 1);
  }));

test('a .jsonl line is tried with the job it belongs to, and a bad line is refused', () =>
  withMock(async (mock, api) => {
    const text = '{"custom_id":"a","body":{"input":"one"}}\n\n{"custom_id":"b","body":{"input":"two","output_dimension":"x"}}\n';
    const job = { endpoint: '/v1/embeddings', model: 'mistral-embed' };
    const jsonlChecker: RequestChecker = { check: async (t) => checkJsonlLine(text, t.index, job.endpoint, job.model) };
    const answer = await checkAndTry(jsonlTarget(text, 1, job), { api, checker: jsonlChecker });
    assert.match(renderAnswer(answer), /^## line 1 · `\/v1\/embeddings`[\s\S]*1024 dimensions/);
    await assert.rejects(checkAndTry(jsonlTarget(text, 3, job), { api, checker: jsonlChecker }), (e: unknown) => e instanceof TryError && /^line 3 was not sent: it has 1 error/.test(e.message));
    assert.throws(() => jsonlTarget(text, 2, job), /line 2 is blank/);
    assert.equal(calls(mock, 'POST /v1/embeddings'), 1);
  }));

test('a request that is not there is named with the ids that are', () => {
  assert.throws(() => batchTarget(batch('/v1/embeddings', 'm', { input: 'x' }), { customId: 'nope' }), /no request has custom_id "nope"; the file's custom_ids are: other, r-1\./);
});

test('the cost question comes after the check and before the call; declining sends nothing', () =>
  withMock(async (mock, api) => {
    const bad = batch('/v1/embeddings', 'mistral-embed', { inputs: 'x' });
    let asked = 0;
    const confirm = async () => (asked++, false);
    await assert.rejects(checkAndTry(batchTarget(bad, { index: 1 }), { api, checker: inProcess(bad), confirm }), (e: unknown) => e instanceof TryError && e.kind === 'refused');
    assert.equal(asked, 0, 'a refused request does not ask about its cost');
    const good = batch('/v1/embeddings', 'mistral-embed', { input: 'x' });
    await assert.rejects(checkAndTry(batchTarget(good, { index: 1 }), { api, checker: inProcess(good), confirm }), (e: unknown) => e instanceof TryError && e.kind === 'declined');
    assert.equal(asked, 1);
    assert.equal(mock.state.requests.length, 0);
  }));
