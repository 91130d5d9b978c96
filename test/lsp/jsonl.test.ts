// Batch inputs (.jsonl) through the built server: diagnostics on the lines of the mistakes, completion
// and hover inside a line's body, and the endpoint from a batch file naming the input, from the
// user's choice, or inferred from the bodies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EndpointChoiceNotification, InputEndpointNotification, InputEndpointParams, InputKindRequest } from '../../core/protocol';
import { DidChangeWatchedFilesNotification, DocumentSymbol, DocumentSymbolRequest, FileChangeType } from 'vscode-languageserver-protocol/node';
import { bundledCatalogue } from '../../core/models/catalogue';
import { checkJsonl } from '../../server/analysis/jsonl';
import { modelContext } from '../../server/models/checks';
import { batchSchemas } from '../../server/schema/load';
import { LspClient, positionOf } from './harness';

let client: LspClient;
let folder: string;
const statuses: InputEndpointParams[] = [];
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'jsonl-lsp-'));
  await writeFile(join(folder, 'embed.batch.json'), JSON.stringify({ model: 'mistral-embed', endpoint: '/v1/embeddings', input_files: ['named.jsonl'] }));
  await writeFile(join(folder, 'chat.batch.json'), JSON.stringify({ model: 'm', endpoint: '/v1/chat/completions', input_files: ['./shared.jsonl'] }));
  await writeFile(join(folder, 'small.batch.json'), JSON.stringify({ model: 'ministral-8b-latest', endpoint: '/v1/chat/completions', input_files: ['vision.jsonl'] }));
  await writeFile(join(folder, 'other.batch.json'), JSON.stringify({ model: 'm', endpoint: '/v1/ocr', input_files: ['shared.jsonl'] }));
  client = await LspClient.start({ rootUri: pathToFileURL(folder).href });
  client.connection.onNotification(InputEndpointNotification, (p) => statuses.push(p));
});
after(async () => {
  await client.stop();
  await rm(folder, { recursive: true, force: true });
});

const line = (value: unknown) => JSON.stringify(value);
const CHAT = [
  line({ custom_id: 'a', body: { messages: [{ role: 'user', content: 'hi' }] } }),
  line({ custom_id: 'b', body: { messages: [{ role: 'usr', content: 'hi' }] } }),
  '',
  line({ custom_id: 'a', body: { messages: [{ role: 'user', content: 'again' }], temprature: 0.2 } }),
  '{"custom_id": "c", "body": {',
].join('\n') + '\n';

const statusOf = (uri: string) => statuses.filter((s) => s.uri === uri).at(-1);

test('each line is checked as a request, with its findings on its own line', async () => {
  const uri = pathToFileURL(join(folder, 'chat-lines.jsonl')).href;
  const diagnostics = await client.open(uri, CHAT);
  const byLine = diagnostics.map((d) => [d.range.start.line, d.message] as const);
  assert.ok(byLine.some(([l, m]) => l === 1 && /"usr" is not a valid role/.test(m)), JSON.stringify(byLine));
  assert.ok(byLine.some(([l, m]) => l === 3 && /unknown property "temprature" \(did you mean "temperature"\?\)/.test(m)), JSON.stringify(byLine));
  const duplicate = diagnostics.find((d) => /duplicate "custom_id" "a": line 1 already uses it/.test(d.message));
  assert.equal(duplicate?.range.start.line, 3);
  assert.equal(duplicate?.relatedInformation?.[0].location.range.start.line, 0);
  assert.ok(byLine.some(([l]) => l === 4), 'the broken last line has its syntax error');
  assert.ok(!byLine.some(([l]) => l === 0), 'the valid line has none');
  assert.deepEqual(byLine.filter(([l]) => l === 2).map(([, m]) => m), ['blank line between requests: the API reads every line as a request, so remove it']);
  assert.deepEqual({ ...statusOf(uri), endpoints: undefined }, { uri, endpoint: '/v1/chat/completions', source: 'inferred', because: 'the bodies have "messages"', endpoints: undefined });
  // Quick fixes work on a line as on an inline request.
  const typo = diagnostics.find((d) => /temprature/.test(d.message));
  const actions = await client.codeActions(uri, typo ? [typo] : []);
  assert.ok(actions.some((a) => a.title === 'Change to "temperature"'), actions.map((a) => a.title).join());
});

test('an edit re-checks its line: fixing a role clears it, splitting a line is one error over both halves', async () => {
  const uri = pathToFileURL(join(folder, 'edit.jsonl')).href;
  await client.open(uri, CHAT);
  const at = positionOf(CHAT, '"usr"', 1);
  const fixed = await client.change(uri, 2, [{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, text: 'user' }]);
  assert.ok(!fixed.some((d) => d.range.start.line === 1), JSON.stringify(fixed));
  const split = await client.change(uri, 3, [{ range: { start: { line: 0, character: 20 }, end: { line: 0, character: 20 } }, text: '\n' }]);
  const spread = split.filter((d) => d.range.start.line <= 1);
  assert.deepEqual(spread.map((d) => [d.range.start.line, d.message]), [[0, 'line 1 starts an object that continues on the next lines; each line must hold one whole request']]);
  assert.ok(split.some((d) => d.range.start.line === 4 && /temprature/.test(d.message)), 'later findings moved down a line');
  // Its first use now inside the spread object, "a" on line 5 is no longer a duplicate.
  assert.ok(!split.some((d) => /duplicate/.test(d.message)), JSON.stringify(split));
});

test('completion and hover inside a line work as inside an inline request body', async () => {
  const uri = pathToFileURL(join(folder, 'complete.jsonl')).href;
  const text = `${line({ custom_id: 'a', body: { messages: [{ role: 'user', content: 'x' }] } })}\n{"custom_id": "b", "body": {"messages": [{"role": "", "content": "y"}], "" }}\n`;
  await client.open(uri, text);
  const fields = (await client.completion(uri, positionOf(text, '"" }', 1))).map((i) => i.label);
  for (const name of ['temperature', 'max_tokens']) assert.ok(fields.includes(name), `${name} in ${fields}`);
  assert.ok(!fields.includes('messages'), 'messages is already there');
  const roles = (await client.completion(uri, positionOf(text, '"role": ""', 9))).map((i) => i.label);
  assert.deepEqual([...roles].sort(), ['"assistant"', '"system"', '"tool"', '"user"']);
  const top = (await client.completion(uri, { line: 2, character: 0 })).map((i) => i.label);
  assert.ok(top.length > 0, 'an empty line offers a request');
  const shown = await client.hover(uri, positionOf(text, '"role"', 2));
  const value = shown && typeof shown.contents === 'object' && 'value' in shown.contents ? shown.contents.value : '';
  assert.match(value, /role/);
  assert.equal(shown?.range?.start.line, 0);
});

test('an input named by a batch file takes its endpoint and model', async () => {
  const uri = pathToFileURL(join(folder, 'named.jsonl')).href;
  // Chat-looking bodies, but the batch file says embeddings: the batch file wins.
  const text = `${line({ custom_id: 'a', body: { input: 'x', model: 'mistral-large-latest' } })}\n${line({ custom_id: 'b', body: { messages: [] } })}\n`;
  const diagnostics = await client.open(uri, text);
  assert.ok(diagnostics.some((d) => d.range.start.line === 0 && /asks for "mistral-large-latest" but the job runs "mistral-embed"/.test(d.message)), JSON.stringify(diagnostics));
  assert.ok(diagnostics.some((d) => d.range.start.line === 1 && /messages/.test(d.message)), 'checked against the embeddings body');
  const status = statusOf(uri);
  assert.equal(status?.endpoint, '/v1/embeddings');
  assert.equal(status?.source, 'batch-file');
  assert.equal(status?.batchFile, join(folder, 'embed.batch.json'));
  assert.equal(status?.conflict, undefined);
  assert.deepEqual(await client.connection.sendRequest(InputKindRequest, { uri, head: 'anything' }), { batchInput: true });
});

test("the job's model is checked against each line's body, as validate --model checks it", async () => {
  const uri = pathToFileURL(join(folder, 'vision.jsonl')).href;
  const image = { role: 'user', content: [{ type: 'image_url', image_url: 'https://example.com/a.png' }] };
  const text = `${line({ custom_id: 'a', body: { messages: [{ role: 'user', content: 'hi' }] } })}\n${line({ custom_id: 'b', body: { messages: [image] } })}\n`;
  const diagnostics = await client.open(uri, text);
  const vision = diagnostics.filter((d) => d.code === 'model-vision');
  assert.deepEqual(vision.map((d) => [d.range.start.line, d.message]), [[1, 'an image chunk, but "ministral-8b-latest" has no vision capability']]);
  assert.equal(vision[0].severity, 2, 'a warning: only the bundled model list says so');
  const cli = checkJsonl(batchSchemas(), text, batchSchemas().bodyUris.get('/v1/chat/completions'), 'ministral-8b-latest', modelContext(bundledCatalogue(), 'ministral-8b-latest'));
  assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.message]), cli.map((f) => [f.line, f.start, f.message]));
});

test('batch files naming one input with different endpoints are said', async () => {
  const uri = pathToFileURL(join(folder, 'shared.jsonl')).href;
  await client.open(uri, `${line({ custom_id: 'a', body: { messages: [] } })}\n`);
  const status = statusOf(uri);
  assert.equal(status?.source, 'batch-file');
  assert.match(status?.conflict ?? '', /chat\.batch\.json says \/v1\/chat\/completions, other\.batch\.json says \/v1\/ocr/);
});

/** An input `name`.jsonl of chat requests, named by `name`.batch.json of embeddings: checked as embeddings. */
async function openInputOfEmbeddingsJob(name: string): Promise<{ batch: string; job: (endpoint: string) => string; uri: string }> {
  const batch = join(folder, `${name}.batch.json`);
  const job = (endpoint: string) => JSON.stringify({ model: 'm', endpoint, input_files: [`${name}.jsonl`] });
  await writeFile(batch, job('/v1/embeddings'));
  const uri = pathToFileURL(join(folder, `${name}.jsonl`)).href;
  const first = await client.open(uri, `${line({ custom_id: 'a', body: { messages: [{ role: 'user', content: 'x' }] } })}\n`);
  assert.ok(first.some((d) => /missing required property "input"/.test(d.message)), JSON.stringify(first));
  return { batch, job, uri };
}

test('editing the batch file that names an input changes the endpoint its lines are checked against', async () => {
  const { batch, job, uri } = await openInputOfEmbeddingsJob('later');
  const republished = client.diagnostics(uri);
  await client.open(pathToFileURL(batch).href, job('/v1/chat/completions'));
  assert.deepEqual(await republished, [], 'checked as chat now');
  assert.deepEqual([statusOf(uri)?.endpoint, statusOf(uri)?.source], ['/v1/chat/completions', 'batch-file']);
});

test('a batch file changed on disk, not open, changes the endpoint of the input it names', async () => {
  const { batch, job, uri } = await openInputOfEmbeddingsJob('ondisk');
  await writeFile(batch, job('/v1/chat/completions'));
  const republished = client.diagnostics(uri);
  // The results join listens to the same notification: both must hear it.
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(batch).href, type: FileChangeType.Changed }] });
  assert.deepEqual(await republished, [], 'checked as chat now');
  assert.equal(statusOf(uri)?.endpoint, '/v1/chat/completions');
});

test("the user's choice of endpoint applies when no batch file names the input", async () => {
  const uri = pathToFileURL(join(folder, 'chosen.jsonl')).href;
  const text = `${line({ custom_id: 'a', body: { unknown_field: 1 } })}\n`;
  const first = await client.open(uri, text);
  assert.equal(statusOf(uri)?.source, 'none');
  assert.ok(!first.some((d) => /unknown_field/.test(d.message)), 'no endpoint: the body is not checked');
  const republished = client.diagnostics(uri);
  await client.connection.sendNotification(EndpointChoiceNotification, { uri, endpoint: '/v1/embeddings' });
  const after = await republished;
  assert.ok(after.some((d) => /missing required property "input"/.test(d.message)), JSON.stringify(after));
  assert.deepEqual([statusOf(uri)?.endpoint, statusOf(uri)?.source], ['/v1/embeddings', 'choice']);
});

test('which .jsonl files are batch inputs', async () => {
  const ask = (name: string, head: string) => client.connection.sendRequest(InputKindRequest, { uri: pathToFileURL(join(folder, name)).href, head });
  assert.equal((await ask('x.batch.jsonl', '')).batchInput, true);
  assert.equal((await ask('a.jsonl', '\n\n{"custom_id": "1", "body": {}}\n')).batchInput, true);
  assert.equal((await ask('b.jsonl', '\uFEFF{"body": {"input": "x"}}')).batchInput, true);
  assert.equal((await ask('c.jsonl', '{"custom_id": "1", "body": {"input": "x" ... cut')).batchInput, true);
  assert.equal((await ask('train.jsonl', '{"messages": [{"role": "user", "content": "x"}]}\n')).batchInput, false);
  assert.equal((await ask('logs.jsonl', 'plain text\n')).batchInput, false);
  assert.deepEqual(client.errors, []);
});

test('the outline lists each request line by its custom_id, a line without one by its number, and says when it stops', async () => {
  const uri = pathToFileURL(join(folder, 'outline.jsonl')).href;
  const text = [
    line({ custom_id: 'first', body: { messages: [{ role: 'user', content: 'hi' }] } }),
    '',
    `  ${line({ custom_id: 'indented', body: {} })}`,
    line({ body: { messages: [{ role: 'user', content: 'no id' }] } }),
    '{',
    '  "custom_id": "spread",',
    '  "body": {}',
    '}',
    line({ custom_id: '', body: {} }),
  ].join('\r\n') + '\r\n';
  await client.open(uri, text);
  const outline = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(outline.map((s) => [s.name, s.detail, s.range.start.line, s.range.end.character]), [
    ['first', 'line 1', 0, text.split('\r\n')[0].length],
    ['indented', 'line 3', 2, text.split('\r\n')[2].length],
    ['line 4', 'no custom_id', 3, text.split('\r\n')[3].length],
    ['line 5', 'no custom_id', 4, 1],
    ['line 9', 'empty custom_id', 8, text.split('\r\n')[8].length],
  ]);
  // The id itself is what the outline selects, as in a batch file.
  const indented = outline[1].selectionRange;
  assert.equal(text.split('\r\n')[2].slice(indented.start.character, indented.end.character), '"indented"');

  const long = `${Array.from({ length: 5_004 }, (_, i) => line({ custom_id: `r${i}`, body: {} })).join('\n')}\n`;
  const longUri = pathToFileURL(join(folder, 'outline-long.jsonl')).href;
  await client.open(longUri, long);
  const listed = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: longUri } })) as DocumentSymbol[];
  assert.equal(listed.length, 5_001);
  assert.equal(listed[4_999].name, 'r4999');
  assert.deepEqual([listed[5_000].name, listed[5_000].range.start.line], ['4 more lines', 5_000]);
});
