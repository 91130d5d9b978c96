// "Check Batch Input File" over LSP: a .jsonl input checked from disk by the server (mistralBatch/
// checkInputFile), its problems published for its URI on the right lines, capped with one saying how
// many more, its progress reported, its read stopped by cancelling, clear errors for what is not a
// file, stale problems cleared when the file changes, and the live diagnostics taking over at open.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, DidOpenTextDocumentNotification, ResponseError, WorkDoneProgress } from 'vscode-languageserver-protocol/node';
import { CheckFileRequest, CheckInputFileRequest } from '../../core/protocol';
import { THREADED_BYTES } from '../../server/analysis/parallelCheck';
import { LspClient } from './harness';

const good = (i: number) => JSON.stringify({ custom_id: `r-${i}`, body: { messages: [{ role: 'user', content: `question ${i}` }] } });
const badRole = (i: number) => JSON.stringify({ custom_id: `r-${i}`, body: { messages: [{ role: 'usr', content: 'x' }] } });

let client: LspClient;
let capped: LspClient;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mb-check-input-'));
  client = await LspClient.start({ rootUri: pathToFileURL(dir).href });
  capped = await LspClient.start({ initializationOptions: { maxProblems: 3 } });
});
after(async () => {
  await client.stop();
  await capped.stop();
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, lines: string[]): Promise<string> {
  await writeFile(join(dir, name), lines.join('\n') + '\n');
  return pathToFileURL(join(dir, name)).href;
}

test('a file on disk, never opened: its problems are published for its URI on their lines, with the inferred endpoint', { timeout: 60_000 }, async () => {
  const lines = Array.from({ length: 12 }, (_, i) => good(i));
  lines[3] = badRole(3);
  lines[7] = 'not json';
  lines[10] = '  ' + badRole(10);
  const uri = await write('plain.jsonl', lines);
  const published = client.diagnostics(uri);
  const reports: string[] = [];
  const token = 'progress-1';
  const listening = client.connection.onProgress(WorkDoneProgress.type, token, (v) => reports.push(v.kind));
  const result = await client.connection.sendRequest(CheckInputFileRequest, { uri, workDoneToken: token });
  listening.dispose();
  const diagnostics = await published;
  const said = diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n');
  assert.deepEqual([...new Set(diagnostics.map((d) => d.range.start.line))], [3, 7, 10], said);
  assert.equal(result.outcome, 'checked');
  assert.equal(result.lines, 12);
  assert.equal(result.errors, diagnostics.length);
  assert.equal(result.shown, diagnostics.length);
  assert.equal(result.endpoint?.endpoint, '/v1/chat/completions');
  assert.equal(result.endpoint?.source, 'inferred');
  const role = diagnostics[0];
  assert.match(role.message, /"usr" is not a valid role/);
  // The range is the value "usr" on its line, in characters from the line's start.
  assert.deepEqual(role.range.start, { line: 3, character: lines[3].indexOf('"usr"') });
  assert.deepEqual(diagnostics[diagnostics.length - 1].range.start, { line: 10, character: lines[10].indexOf('"usr"') });
  assert.equal(reports[0], 'begin');
  assert.equal(reports[reports.length - 1], 'end');
});

test('at most maxProblems problems, then one saying how many more there were', { timeout: 60_000 }, async () => {
  const uri = await write('many.jsonl', Array.from({ length: 10 }, (_, i) => badRole(i)));
  const published = capped.diagnostics(uri);
  const result = await capped.connection.sendRequest(CheckInputFileRequest, { uri });
  const diagnostics = await published;
  assert.equal(result.errors, 10);
  assert.equal(result.shown, 3);
  assert.equal(diagnostics.length, 4);
  assert.deepEqual(diagnostics.slice(0, 3).map((d) => d.range.start.line), [0, 1, 2]);
  assert.equal(diagnostics[3].message, '7 more problems not shown: only the first 3 are reported (setting mistralBatch.maxProblems)');
});

test('the endpoint is the one a batch file naming the input gives it', { timeout: 60_000 }, async () => {
  const uri = await write('named.jsonl', [JSON.stringify({ custom_id: 'a', body: { input: 'text' } }), JSON.stringify({ custom_id: 'b', body: { messages: [] } })]);
  await writeFile(join(dir, 'named.batch.json'), JSON.stringify({ model: 'mistral-embed', endpoint: '/v1/embeddings', input_files: ['named.jsonl'] }));
  const published = client.diagnostics(uri);
  const result = await client.connection.sendRequest(CheckInputFileRequest, { uri });
  assert.equal(result.endpoint?.endpoint, '/v1/embeddings');
  assert.equal(result.endpoint?.source, 'batch-file');
  // The second line is a chat body, not an embeddings one.
  const diagnostics = await published;
  assert.deepEqual([...new Set(diagnostics.map((d) => d.range.start.line))], [1], diagnostics.map((d) => d.message).join('\n'));
});

test('cancelling stops the read between chunks, and nothing is published', { timeout: 120_000 }, async () => {
  const path = join(dir, 'big.jsonl');
  const out = createWriteStream(path);
  const total = 300_000;
  for (let i = 0; i < total; i++) {
    if (!out.write((i % 1000 === 5 ? badRole(i) : good(i)) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const uri = pathToFileURL(path).href;
  let published = false;
  void client.diagnostics(uri).then(() => (published = true));
  const source = new CancellationTokenSource();
  const token = 'progress-cancel';
  const listening = client.connection.onProgress(WorkDoneProgress.type, token, (v) => {
    if (v.kind === 'report') source.cancel();
  });
  const result = await client.connection.sendRequest(CheckInputFileRequest, { uri, workDoneToken: token }, source.token);
  listening.dispose();
  assert.equal(result.outcome, 'cancelled');
  assert.ok(result.lines > 0 && result.lines < total, `stopped part-way (after ${result.lines} of ${total} lines)`);
  // A later check's diagnostics arrive after any the cancelled one could have sent.
  const small = await write('after-cancel.jsonl', [badRole(0)]);
  const next = client.diagnostics(small);
  await client.connection.sendRequest(CheckInputFileRequest, { uri: small });
  await next;
  assert.equal(published, false, 'the cancelled check published nothing');
});

test('a file large enough to be checked on worker threads gets the problems of one engine, duplicates across its runs included', { timeout: 120_000 }, async () => {
  const path = join(dir, 'threaded.jsonl');
  const out = createWriteStream(path);
  const padding = 'p'.repeat(1000);
  const count = 70_000;
  const expected = new Map<number, string>([[11, 'invalid-value'], [30_001, 'syntax'], [52_345, 'duplicate-custom-id'], [69_998, 'blank-line']]);
  for (let i = 0; i < count; i++) {
    const line = i === 11 ? badRole(i)
      : i === 30_001 ? '{"custom_id": "broken",'
        : i === 52_345 ? JSON.stringify({ custom_id: 'r-7', body: { messages: [{ role: 'user', content: padding }] } })
          : i === 69_998 ? ''
            : JSON.stringify({ custom_id: `r-${i}`, body: { messages: [{ role: 'user', content: `${i} ${padding}` }] } });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  assert.ok((await stat(path)).size >= THREADED_BYTES, 'the file is over the size checked on threads');
  const uri = pathToFileURL(path).href;
  const published = client.diagnostics(uri);
  const result = await client.connection.sendRequest(CheckInputFileRequest, { uri });
  const diagnostics = await published;
  assert.equal(result.outcome, 'checked');
  assert.equal(result.lines, count);
  assert.deepEqual(new Map(diagnostics.map((d) => [d.range.start.line, String(d.code)])), expected, diagnostics.map((d) => `${d.range.start.line}: ${d.message}`).join('\n'));
  const duplicate = diagnostics.find((d) => d.code === 'duplicate-custom-id');
  assert.equal(duplicate?.relatedInformation?.[0].location.range.start.line, 7, 'the first use, 52,000 lines and many runs earlier');
});

test('a missing file, a folder and a non-file URI are refused with a clear message', { timeout: 60_000 }, async () => {
  await mkdir(join(dir, 'folder.jsonl'));
  const refused = async (uri: string) => {
    const e = await client.connection.sendRequest(CheckInputFileRequest, { uri }).then(() => undefined, (err: unknown) => err);
    assert.ok(e instanceof ResponseError, `refused: ${uri}`);
    return e.message;
  };
  assert.equal(await refused(pathToFileURL(join(dir, 'nope.jsonl')).href), '"nope.jsonl": file not found: check the path.');
  assert.equal(await refused(pathToFileURL(join(dir, 'folder.jsonl')).href), '"folder.jsonl" is a folder, not a file.');
  assert.match(await refused('untitled:Untitled-1'), /^"untitled:Untitled-1" is not a file on disk \(untitled:\): "Check Batch Input File" reads \.jsonl files on disk only/);
  assert.ok(client.alive);
});

test('the problems found on disk are cleared when the file changes there', { timeout: 60_000 }, async () => {
  const uri = await write('changing.jsonl', [good(0), badRole(1)]);
  const first = client.diagnostics(uri);
  await client.connection.sendRequest(CheckInputFileRequest, { uri });
  assert.equal((await first).length, 1);
  const cleared = client.diagnostics(uri);
  await appendFile(join(dir, 'changing.jsonl'), good(2) + '\n');
  assert.deepEqual(await cleared, []);
});

test('once the file is opened its live diagnostics take over, and a check then says so', { timeout: 60_000 }, async () => {
  const lines = [good(0), badRole(1), good(2)];
  const uri = await write('opened.jsonl', lines);
  const fromDisk = client.diagnostics(uri);
  await client.connection.sendRequest(CheckInputFileRequest, { uri });
  assert.deepEqual((await fromDisk).map((d) => d.range.start.line), [1]);
  const live = client.diagnostics(uri, 1);
  void client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'mistral-batch-jsonl', version: 1, text: lines.join('\n') + '\n' } });
  assert.deepEqual((await live).map((d) => d.range.start.line), [1]);
  const result = await client.connection.sendRequest(CheckInputFileRequest, { uri });
  assert.equal(result.outcome, 'open');
  assert.equal(result.errors, 1);
});

test('the check before submitting publishes the problems of each local input, capped', { timeout: 60_000 }, async () => {
  const sub = await mkdtemp(join(tmpdir(), 'mb-check-preflight-'));
  try {
    await writeFile(join(sub, 'in.jsonl'), Array.from({ length: 6 }, (_, i) => badRole(i)).join('\n') + '\n');
    const input = pathToFileURL(join(sub, 'in.jsonl')).href;
    const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['in.jsonl'] });
    const published = capped.diagnostics(input);
    const result = await capped.connection.sendRequest(CheckFileRequest, { uri: pathToFileURL(join(sub, 'job.batch.json')).href, text });
    assert.equal(result.errors, 6);
    const diagnostics = await published;
    assert.deepEqual(diagnostics.map((d) => d.range.start.line), [0, 1, 2, 2]);
    assert.match(diagnostics[3].message, /^3 more problems not shown/);
  } finally {
    await rm(sub, { recursive: true, force: true });
  }
});
