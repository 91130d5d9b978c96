// The built server over stdio: a "Try" CodeLens on each request of a job whose endpoint can be
// tried (sent unresolved, its command given on resolve), the request at a position that the
// palette's Try asks for, and the check of one request (CheckFileRequest with `request`) that Try runs first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeLens, CodeLensRefreshRequest, CodeLensRequest, CodeLensResolveRequest } from 'vscode-languageserver-protocol';
import { generateBatch } from '../../bench/generate';
import { CheckFileRequest, CodeLensesOnLinesRequest, TRY_REQUEST_COMMAND, TryRequestArgs, TryTargetRequest } from '../../core/protocol';
import { totalsLensUri } from '../../server/models/codeLens';
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

const unresolved = async (uri: string) => (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];

// Every lens resolved, as an editor does for those on screen; the Try lenses only: the job's token
// totals lens (server/models) stands above the requests.
const lenses = async (uri: string) => {
  const resolved = await Promise.all((await unresolved(uri)).map((l) => client.connection.sendRequest(CodeLensResolveRequest.type, l)));
  return resolved.filter((l) => l.command?.command === TRY_REQUEST_COMMAND);
};

test('each request has a Try lens over its whole extent, naming the request', async () => {
  const uri = 'file:///w/lenses.batch.json';
  await client.open(uri, TEXT);
  const sent = await unresolved(uri);
  assert.ok(sent.every((l) => l.command === undefined), 'sent without commands: an editor resolves those it shows');
  const tries = sent.filter((l) => totalsLensUri(l) === undefined);
  assert.ok(tries.length === 3 && tries.every((l) => JSON.stringify(l.data).length < 16), `a small data: ${JSON.stringify(tries.map((l) => l.data))}`);
  const found = await lenses(uri);
  assert.equal(found.length, 3);
  assert.deepEqual(found.map((l) => l.range.start), [positionOf(TEXT, '{ "custom_id": "first"'), positionOf(TEXT, '{ "custom_id": "second"'), positionOf(TEXT, '{ "body"')]);
  assert.deepEqual(found[0].range.end, positionOf(TEXT, ',\n    { "custom_id": "second"'));
  assert.ok(found.every((l) => /Try/.test(l.command?.title ?? '')));
  assert.deepEqual(found.map((l) => l.command?.arguments?.[0] as TryRequestArgs), [
    { uri, index: 0, customId: 'first' }, { uri, index: 1, customId: 'second' }, { uri, index: 2 },
  ]);
});

test('the lenses on some lines are those of textDocument/codeLens that start there, and resolve the same', async () => {
  const uri = 'file:///w/on-lines.batch.json';
  const text = generateBatch(300);
  await client.open(uri, text);
  const all = await unresolved(uri);
  const lines = [{ start: 0, end: 40 }, { start: 2_000, end: 2_100 }];
  const some = await client.connection.sendRequest(CodeLensesOnLinesRequest, { textDocument: { uri }, lines });
  const expected = all.filter((l) => lines.some((s) => l.range.start.line >= s.start && l.range.start.line <= s.end));
  assert.ok(expected.length >= 5 && expected.length < all.length / 10, `${expected.length} of ${all.length}`);
  assert.deepEqual(some, expected);
  const resolved = await client.connection.sendRequest(CodeLensResolveRequest.type, some[some.length - 1]);
  assert.equal(resolved.command?.command, TRY_REQUEST_COMMAND);
  assert.deepEqual(await client.connection.sendRequest(CodeLensesOnLinesRequest, { textDocument: { uri }, lines: [] }), []);
  assert.deepEqual(await client.connection.sendRequest(CodeLensesOnLinesRequest, { textDocument: { uri: 'file:///w/not-open.batch.json' }, lines }), []);
});

test('the lenses near the screen are answered before the first outline of a large file is done', async () => {
  const uri = 'file:///w/ten-thousand.batch.json';
  await client.open(uri, generateBatch(10_000));
  const order: string[] = [];
  // As VS Code asks right after opening: the outline first, then the lenses of the lines on screen.
  const symbols = client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }).then((r) => (order.push('outline'), r));
  const lenses = client.connection.sendRequest(CodeLensesOnLinesRequest, { textDocument: { uri }, lines: [{ start: 0, end: 400 }] }).then((r) => (order.push('lenses'), r));
  const [outline, near] = await Promise.all([symbols, lenses]);
  assert.deepEqual(order, ['lenses', 'outline']);
  assert.ok(near.length > 10, `${near.length} lenses`);
  assert.equal((outline as { name: string; children?: unknown[] }[]).find((s) => s.name === 'requests')?.children?.length, 10_000);
});

test('a lens resolved after an edit names the request as it is now', async () => {
  const uri = 'file:///w/edited.batch.json';
  await client.open(uri, TEXT);
  const [, first] = await unresolved(uri);
  const at = positionOf(TEXT, '"first"', 1);
  await client.change(uri, 2, [{ range: { start: at, end: { ...at, character: at.character + 5 } }, text: 'renamed' }]);
  const resolved = await client.connection.sendRequest(CodeLensResolveRequest.type, first);
  assert.deepEqual(resolved.command?.arguments?.[0], { uri, index: 0, customId: 'renamed' } satisfies TryRequestArgs);
  assert.deepEqual((await lenses(uri)).map((l) => (l.command?.arguments?.[0] as TryRequestArgs).customId), ['renamed', 'second', undefined]);
});

test('the request at a position is the one its Try lens names; none outside the requests', async () => {
  const uri = 'file:///w/target.batch.json';
  await client.open(uri, TEXT);
  const target = (text: string) => client.connection.sendRequest(TryTargetRequest, { uri, position: positionOf(TEXT, text) });
  assert.deepEqual(await target('"Hello"'), { uri, index: 1, customId: 'second' });
  assert.deepEqual(await target('"messages": 5'), { uri, index: 2 });
  assert.equal(await target('"endpoint"'), null);
  assert.equal(await client.connection.sendRequest(TryTargetRequest, { uri: 'file:///w/not-open.batch.json', position: { line: 0, character: 0 } }), null);
});

test('no Try lens where the endpoint is not one a request can be tried against', async () => {
  const uri = 'file:///w/unknown.batch.json';
  await client.open(uri, TEXT.replace('/v1/chat/completions', '/v1/unknown'));
  assert.deepEqual(await lenses(uri), []);
  assert.equal(await client.connection.sendRequest(TryTargetRequest, { uri, position: positionOf(TEXT, '"Hello"') }), null);
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

test('a long first count of the totals lens answers "counting" at once, then asks the editor to refresh', async () => {
  const large = await LspClient.start({ capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
  try {
    let refreshed = () => undefined as void;
    const refresh = new Promise<void>((resolve) => (refreshed = resolve));
    large.connection.onRequest(CodeLensRefreshRequest.type, () => {
      refreshed();
      return null;
    });
    const uri = 'file:///w/large.batch.json';
    await large.open(uri, generateBatch(2_000));
    const top = async () => {
      const all = (await large.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
      return large.connection.sendRequest(CodeLensResolveRequest.type, all.filter((l) => totalsLensUri(l) !== undefined)[0]);
    };
    // 2,000 requests take far longer to count than a resolve waits, on any machine.
    assert.equal((await top()).command?.title, 'token totals: counting…');
    await refresh;
    assert.match((await top()).command?.title ?? '', /^2,000 requests · ~[\d,]+ prompt tokens · /);
    assert.deepEqual(large.errors, []);
  } finally {
    await large.stop();
  }
});
