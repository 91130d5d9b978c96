// The built server over stdio: a "Try" CodeLens on each request of a job whose endpoint can be
// tried, and the check of one request (CheckFileRequest with `request`) that Try runs first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeLens, CodeLensRequest } from 'vscode-languageserver-protocol';
import { CheckFileRequest, TRY_REQUEST_COMMAND, TryRequestArgs } from '../../core/protocol';
import { LspClient, positionOf } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const TEXT = `{
  "model": "mistral-small-latest",
  "endpoint": "/v1/chat/completions",
  "requests": [
    { "custom_id": "first", "body": { "messages": [{ "role": "usr", "content": "Hi" }] } },
    { "custom_id": "second", "body": { "messages": [{ "role": "user", "content": "Hello" }] } },
    { "body": { "messages": 5 } }
  ]
}
`;

// The Try lenses only: the job's token totals lens (server/models) stands above them.
const lenses = async (uri: string) =>
  ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[]).filter((l) => l.command?.command === TRY_REQUEST_COMMAND);

test('each request has a Try lens over its whole extent, naming the request', async () => {
  const uri = 'file:///w/lenses.batch.json';
  await client.open(uri, TEXT);
  const found = await lenses(uri);
  assert.equal(found.length, 3);
  assert.deepEqual(found.map((l) => l.range.start), [positionOf(TEXT, '{ "custom_id": "first"'), positionOf(TEXT, '{ "custom_id": "second"'), positionOf(TEXT, '{ "body"')]);
  assert.deepEqual(found[0].range.end, positionOf(TEXT, ',\n    { "custom_id": "second"'));
  assert.ok(found.every((l) => /Try/.test(l.command?.title ?? '')));
  assert.deepEqual(found.map((l) => l.command?.arguments?.[0] as TryRequestArgs), [
    { uri, index: 0, customId: 'first' }, { uri, index: 1, customId: 'second' }, { uri, index: 2 },
  ]);
});

test('no Try lens where the endpoint is not one a request can be tried against', async () => {
  const uri = 'file:///w/unknown.batch.json';
  await client.open(uri, TEXT.replace('/v1/chat/completions', '/v1/unknown'));
  assert.deepEqual(await lenses(uri), []);
});

test('the check of one request counts the job\'s and that request\'s errors only, and lists them', async () => {
  const uri = 'file:///w/check.batch.json';
  await client.open(uri, TEXT);
  const first = await client.connection.sendRequest(CheckFileRequest, { uri, request: 0 });
  assert.equal(first.errors, 1);
  assert.deepEqual(first.problems?.map((p) => [p.line, /usr/.test(p.message)]), [[4, true]]);
  const second = await client.connection.sendRequest(CheckFileRequest, { uri, request: 1 });
  assert.equal(second.errors, 0);
  const whole = await client.connection.sendRequest(CheckFileRequest, { uri });
  assert.ok(whole.errors >= 2, 'the whole file still counts every request');
  assert.equal(whole.problems, undefined);
});
