// The language server's side of the hardening: the editor's pre-flight (CheckFileRequest) counts the
// lines of local .jsonl inputs as `mistral-batch submit` does, a malformed change is refused with a
// log line and the document kept, and 10,000 local input entries are each found at their place.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol';
import { CheckFileRequest } from '../../core/protocol';
import { LspClient, REPO, positionOf } from './harness';

let client: LspClient;
let dir: string;
before(async () => {
  client = await LspClient.start();
  dir = await mkdtemp(join(tmpdir(), 'mb-preflight-'));
});
after(async () => {
  await client.stop();
  await rm(dir, { recursive: true, force: true });
});

test('the editor\'s check before submitting counts the errors in the lines of local .jsonl inputs, like the CLI', { timeout: 60_000 }, async () => {
  await writeFile(join(dir, 'data.jsonl'), '{"custom_id": "a", "body": {"messages": [{"role": "usr", "content": "x"}]}}\n{"custom_id": "b", "body": {"messages": []}}\nnot json\n');
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['data.jsonl'] });
  const uri = pathToFileURL(join(dir, 'lines.batch.json')).href;
  const result = await client.connection.sendRequest(CheckFileRequest, { uri, text });
  assert.ok(result.errors >= 2, `the bad role and the line that is not JSON are errors (got ${result.errors})`);
  await writeFile(join(dir, 'data.jsonl'), '{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "x"}]}}\n');
  assert.equal((await client.connection.sendRequest(CheckFileRequest, { uri, text })).errors, 0);
});

test('the editor\'s check returns each input as it read it, for Submit to refuse one changed since', { timeout: 60_000 }, async () => {
  await writeFile(join(dir, 'seen.jsonl'), '{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "x"}]}}\n');
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['seen.jsonl', 'seen.jsonl', 'missing.jsonl'] });
  const result = await client.connection.sendRequest(CheckFileRequest, { uri: pathToFileURL(join(dir, 'seen.batch.json')).href, text });
  const { size, mtimeMs } = await stat(join(dir, 'seen.jsonl'));
  assert.deepEqual(result.inputs?.map((i) => [i.path, i.identity.size, i.identity.mtimeMs]), [[join(dir, 'seen.jsonl'), size, mtimeMs]]);
  assert.equal(result.errors, 1, 'the missing input, once');
});

test('inputs holding more than 1,000,000 requests together are an error, in the editor and in the CLI alike', { timeout: 120_000 }, async () => {
  const half = 500_001;
  const line = '{"custom_id": "r", "body": {"messages": [{"role": "user", "content": "x"}]}}\n';
  // The same custom_id on every line: a warning each, and the cap keeps them cheap.
  await writeFile(join(dir, 'half.jsonl'), line.repeat(half));
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['half.jsonl', './half-b.jsonl'] });
  await writeFile(join(dir, 'half-b.jsonl'), line.repeat(half));
  const batch = join(dir, 'many.batch.json');
  await writeFile(batch, text);
  const published = client.diagnostics(pathToFileURL(join(dir, 'half.jsonl')).href);
  const result = await client.connection.sendRequest(CheckFileRequest, { uri: pathToFileURL(batch).href, text });
  assert.equal(result.errors, 1, 'the total is the one error');
  const total = (await published).find((d) => d.code === 'too-many-requests');
  assert.match(total?.message ?? '', /hold 1,000,002 requests together, more than the 1,000,000 a workspace may have pending/);
  const cli = spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), 'validate', batch], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(cli.status, 1, cli.stderr);
  assert.match(cli.stdout, /many\.batch\.json: error: the input files of this job hold 1,000,002 requests together/);
  assert.match(cli.stdout, /1 error, /);
});

test('a change whose text is not a string, or whose range is broken, is refused with a log line and the document kept', { timeout: 60_000 }, async () => {
  const uri = 'file:///w/malformed.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": []\n}\n';
  await client.open(uri, text);
  const logged = client.errors.length;
  const bad = [
    [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } }, text: 42 }],
    [{ range: { start: { line: -1, character: 0 }, end: { line: 'x', character: 0 } }, text: 'a' }],
    [{ text: null }],
  ];
  let version = 2;
  for (const changes of bad) {
    // Refused: the diagnostics published after it are still those of version 1.
    const republished = client.diagnostics(uri, 1);
    void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: version++ }, contentChanges: changes as never });
    await republished;
  }
  assert.equal(client.errors.length, logged + bad.length);
  assert.match(client.errors[client.errors.length - 1], /refused .*the document is kept/);
  // The document is intact: a good edit after the bad ones lands where the original text says.
  const diagnostics = await client.change(uri, version, [{ range: { start: positionOf(text, '"requests"'), end: positionOf(text, '"requests"', 10) }, text: '"requestz"' }]);
  assert.ok(diagnostics.some((d) => /requestz/.test(d.message)), JSON.stringify(diagnostics));
  assert.ok(client.alive);
});

test('10,000 local input_files entries: each missing one is reported at its own entry', { timeout: 60_000 }, async () => {
  const inputs = Array.from({ length: 10_000 }, (_, i) => `part-${i}.jsonl`);
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: inputs }, null, 1);
  const diagnostics = await client.open(pathToFileURL(join(dir, 'many.batch.json')).href, text);
  const missing = diagnostics.filter((d) => d.code === 'missing-input');
  assert.equal(missing.length, 10_000);
  for (const i of [0, 4_999, 9_999]) assert.deepEqual(missing[i].range.start, positionOf(text, `"part-${i}.jsonl"`));
});
