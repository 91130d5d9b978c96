// The server's model features over stdio: the catalogue it starts with (bundled, or the cache file of
// a standalone user), the one the extension sends, and what each gives in diagnostics, quick fixes,
// completion, hover and the CodeLens with token totals.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeLensRequest, CodeLensResolveRequest, Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { MistralBatchApi } from '../../core/api';
import { loadCatalogue } from '../../core/models/live';
import { ModelCatalogueNotification } from '../../core/protocol';
import { MOCK_DEPRECATED, MOCK_FINE_TUNE } from '../../mock-api/models';
import { MockServer, startMockServer } from '../../mock-api/server';
import { totalsLensUri } from '../../server/models/codeLens';
import { LspClient, positionOf } from './harness';

const KEY = 'sk-lsp-models-1a2b3c4d';
let mock: MockServer;
let cache: string;

before(async () => {
  mock = await startMockServer({ apiKey: KEY });
  cache = await mkdtemp(join(tmpdir(), 'mb-lsp-models-'));
});
after(async () => {
  await mock.close();
  await rm(cache, { recursive: true, force: true });
});

/** A server with its own (empty unless filled) cache folder, pointed at the mock. */
async function server(cacheDir: string): Promise<LspClient> {
  return LspClient.start({ env: { MISTRAL_BATCH_CACHE_DIR: cacheDir, MISTRAL_BASE_URL: mock.url } });
}

const job = (model: string, body = '{ "messages": [{ "role": "user", "content": "Hello there" }], "max_tokens": 50 }') =>
  `{\n  "model": "${model}",\n  "endpoint": "/v1/chat/completions",\n  "requests": [\n    { "custom_id": "r1", "body": ${body} }\n  ]\n}\n`;

const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');
const byCode = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code);

test('with no key and no cache the server uses the bundled catalogue without an error', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'mb-lsp-empty-'));
  const client = await server(empty);
  try {
    assert.deepEqual(await client.open('file:///w/ok.batch.json', job('mistral-small-latest')), []);
    assert.deepEqual(await client.open('file:///w/ft.batch.json', job('ft:open-mistral-nemo:abc:x:1')), [], 'a fine-tune id is not flagged by the bundled list');
    const text = job('');
    await client.open('file:///w/pick.batch.json', text);
    const labels = (await client.completion('file:///w/pick.batch.json', positionOf(text, '"model": ""', 10))).map((i) => i.label);
    assert.ok(labels.includes('mistral-small-latest') && !labels.includes(MOCK_FINE_TUNE), labels.join());
    assert.deepEqual(client.errors, []);
  } finally {
    await client.stop();
    await rm(empty, { recursive: true, force: true });
  }
});

test("the account's catalogue, sent by the extension: fine-tune offered, deprecated model flagged and fixed, hover and token totals", async () => {
  const client = await server(await mkdtemp(join(tmpdir(), 'mb-lsp-sent-')));
  try {
    const { catalogue } = await loadCatalogue({ baseUrl: mock.url, cacheDir: cache, api: new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY }) });
    const uri = 'file:///w/deprecated.batch.json';
    const text = job(MOCK_DEPRECATED);
    assert.deepEqual(byCode(await client.open(uri, text), 'deprecated-model'), [], 'the bundled snapshot does not know it as deprecated');
    const republished = client.diagnostics(uri, 1);
    await client.connection.sendNotification(ModelCatalogueNotification, { catalogue });
    const [deprecated] = byCode(await republished, 'deprecated-model');
    assert.ok(deprecated, 'flagged once the account\'s list is known');
    assert.match(deprecated.message, /retired since 2025-03-30; use "ministral-8b-latest" instead/);
    const [fix] = await client.codeActions(uri, [deprecated]);
    assert.equal(fix?.title, 'Change to "ministral-8b-latest"');
    const edit = fix.edit?.changes?.[uri]?.[0];
    assert.deepEqual(edit?.range, deprecated.range);
    const lines = text.split('\n');
    const line = lines[edit!.range.start.line];
    lines[edit!.range.start.line] = line.slice(0, edit!.range.start.character) + edit!.newText + line.slice(edit!.range.end.character);
    assert.deepEqual(await client.open('file:///w/fixed.batch.json', lines.join('\n')), [], 'the fixed file is clean');

    const pick = job('');
    await client.open('file:///w/pick.batch.json', pick);
    const items = await client.completion('file:///w/pick.batch.json', positionOf(pick, '"model": ""', 10));
    const ft = items.find((i) => i.label === MOCK_FINE_TUNE);
    assert.ok(ft, 'the fine-tuned model is offered');
    assert.match(ft.detail ?? '', /fits \/v1\/chat\/completions · 128k context · completion_chat, function_calling · fine-tuned/);
    const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
    assert.ok(sorted.indexOf(MOCK_FINE_TUNE) < sorted.indexOf('pixtral-large-latest'), "the account's models before the snapshot's others");
    assert.ok(sorted.indexOf('mistral-small-latest') < sorted.indexOf('mistral-ocr-latest'), 'fitting the endpoint first');

    const ok = job('mistral-small-latest');
    await client.open('file:///w/ok.batch.json', ok);
    const model = hoverText(await client.hover('file:///w/ok.batch.json', positionOf(ok, '"mistral-small-latest"', 3)));
    assert.match(model, /context: 131,072 tokens/);
    assert.match(model, /capabilities: completion_chat, function_calling, vision/);
    assert.match(model, /serves: \/v1\/chat\/completions, \/v1\/conversations/);
    const request = hoverText(await client.hover('file:///w/ok.batch.json', positionOf(ok, '"custom_id"', 3)));
    assert.match(request, /\*\*Tokens:\*\* ~\d+ prompt tokens \+ 50 for `max_tokens` of the 131,072-token context of `mistral-small-latest`/);
    assert.match(request, /images and audio are not counted/);
    // The totals lens above the requests, counted when it is resolved; each request also has its own Try lens below (server/features/codeLens.ts).
    const lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: 'file:///w/ok.batch.json' } }))?.filter((l) => totalsLensUri(l) !== undefined);
    assert.equal(lenses?.length, 1);
    assert.deepEqual(lenses![0].range.start, positionOf(ok, '"requests": ['), 'on the line of the requests, not the first line, which holds the actions');
    assert.equal(lenses![0].command, undefined, 'sent unresolved: the other lenses do not wait for a count');
    const totals = await client.connection.sendRequest(CodeLensResolveRequest.type, lenses![0]);
    assert.match(totals.command?.title ?? '', /^1 request · ~\d+ prompt tokens · at most 50 output tokens, images and audio not counted$/);
    assert.deepEqual(client.errors, []);
  } finally {
    await client.stop();
  }
});

test('a standalone server reads the cache file of its base URL', async () => {
  await loadCatalogue({ baseUrl: mock.url, cacheDir: cache, api: new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY }), refresh: true });
  const client = await server(cache);
  try {
    const pick = job('');
    await client.open('file:///w/pick.batch.json', pick);
    const labels = (await client.completion('file:///w/pick.batch.json', positionOf(pick, '"model": ""', 10))).map((i) => i.label);
    assert.ok(labels.includes(MOCK_FINE_TUNE), labels.join());
    const image = '{ "messages": [{ "role": "user", "content": [{ "type": "image_url", "image_url": "https://example.com/a.png" }] }] }';
    const [vision] = byCode(await client.open('file:///w/image.batch.json', job('ministral-8b-latest', image)), 'model-vision');
    assert.ok(vision, 'an image chunk with a text-only model is flagged');
    assert.equal(vision.severity, 1);
  } finally {
    await client.stop();
  }
});
