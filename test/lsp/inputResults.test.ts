// The results join over LSP on a .jsonl input: the results and errors files lie beside the batch file
// that names the input, and come back onto the input's lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLens, CodeLensRequest, DefinitionRequest, DidOpenTextDocumentNotification, InlayHintRequest, Location,
} from 'vscode-languageserver-protocol/node';
import { SubmittedRequestsRequest } from '../../core/protocol';
import { LineHasher } from '../../core/results/lineHashes';
import { LspClient, positionOf } from './harness';
import { fullRange, JOIN, joinedDiagnostics, labels } from './joinSupport';

const lines = [
  { custom_id: 'ticket-1', body: { messages: [{ role: 'user', content: 'I was charged twice.' }] } },
  { custom_id: 'ticket-2', body: { messages: [{ role: 'user', content: 'Where is my parcel?' }] } },
  { custom_id: 'ticket-3', body: { messages: [{ role: 'user', content: 'Cancel my order.' }] } },
];
const input = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
const resultLines = [
  { id: 'r2', custom_id: 'ticket-2', response: { status_code: 400, body: { object: 'error', message: 'Prompt contains 40000 tokens, too large for model with 32768 maximum context length', type: 'invalid_request_error' } }, error: null },
  { id: 'r1', custom_id: 'ticket-1', response: { status_code: 200, body: { id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'We refunded the second charge.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 200, completion_tokens: 12, total_tokens: 212 } } }, error: null },
  { id: 'r9', custom_id: 'ticket-9', response: { status_code: 200, body: { choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } }, error: null },
];
const resultsText = [resultLines[1], resultLines[2]].map((l) => JSON.stringify(l)).join('\n') + '\n';

interface Workspace {
  dir: string;
  input: string;
  batch: string;
  batchText: string;
  results: string;
  errors: string;
}

function workspace(inputs: string[] = ['tickets.jsonl']): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'join-input-'));
  const batchText = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: inputs }, null, 2);
  writeFileSync(join(dir, 'triage.batch.json'), batchText);
  for (const name of inputs) writeFileSync(join(dir, name), input);
  const results = join(dir, 'triage.results.jsonl');
  const errors = join(dir, 'triage.errors.jsonl');
  writeFileSync(results, resultsText);
  writeFileSync(errors, JSON.stringify(resultLines[0]) + '\n');
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  return { dir, input: uri(inputs[0]), batch: uri('triage.batch.json'), batchText, results, errors };
}

/** The line hashes the submission recorded: those of the input as it was sent. */
function submittedLines(): string | undefined {
  const hasher = new LineHasher();
  hasher.push(Buffer.from(input));
  hasher.endInput();
  return hasher.encode();
}

const withHints = { textDocument: { inlayHint: {} } };

test('on a .jsonl input: hover, inlay hints, diagnostics and definition join each line with its result', async (t) => {
  const w = workspace();
  const client = await LspClient.start({ rootUri: pathToFileURL(w.dir).href, capabilities: withHints, initializationOptions: { submittedRequests: true } });
  t.after(() => client.stop());
  client.connection.onRequest(SubmittedRequestsRequest, ({ uri }) => (uri === w.batch ? { jobId: 'job-1', requestHashes: {}, lineHashes: submittedLines() } : null));

  // From a results line to its request before the input is open: read from disk.
  const resultsUri = pathToFileURL(w.results).href;
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: resultsUri, languageId: 'jsonl', version: 1, text: resultsText } });
  const fromDisk = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: resultsUri }, position: positionOf(resultsText, '"ticket-1"', 2) })) as Location;
  assert.equal(fromDisk.uri, w.input);
  assert.deepEqual(fromDisk.range, { start: positionOf(input, '"ticket-1"'), end: positionOf(input, '"ticket-1"', '"ticket-1"'.length) });

  const infos = await joinedDiagnostics(client, w.input, client.open(w.input, input));
  assert.deepEqual(infos, ['no result for "ticket-3" in "triage.results.jsonl" and "triage.errors.jsonl"', '1 result line matches no request here: "ticket-9"']);

  const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: w.input }, range: fullRange });
  assert.deepEqual(labels(hints), ['0:✓ 212 tokens', '1:✗ 400: Prompt contains 40000 tokens, too large for model with 3276…', '2:— no result']);
  assert.deepEqual(hints?.[0].position, positionOf(input, '"ticket-1"', '"ticket-1"'.length));

  const ok = (await client.hover(w.input, positionOf(input, '"ticket-1"', 2)))?.contents as { value: string } | undefined;
  assert.match(ok?.value ?? '', /✓ 200\*\* · finish_reason "stop" · 200 prompt \+ 12 completion = 212 tokens/);
  assert.match(ok?.value ?? '', /We refunded the second charge\./);
  const failed = (await client.hover(w.input, positionOf(input, '"ticket-2"', 2)))?.contents as { value: string } | undefined;
  assert.match(failed?.value ?? '', /✗ 400[\s\S]*Prompt contains 40000 tokens, too large for model with 32768 maximum context length/);
  const none = (await client.hover(w.input, positionOf(input, '"ticket-3"', 2)))?.contents as { value: string } | undefined;
  assert.match(none?.value ?? '', /no result\*\* for "ticket-3" in "triage.results.jsonl" and "triage.errors.jsonl"/);

  // From the line to its result, and back to the open document.
  const there = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: w.input }, position: positionOf(input, '"ticket-2"', 3) })) as Location;
  assert.equal(there.uri, pathToFileURL(w.errors).href);
  assert.deepEqual(there.range.start, { line: 0, character: JSON.stringify(resultLines[0]).indexOf('"ticket-2"') });
  const back = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: resultsUri }, position: positionOf(resultsText, '"ticket-1"', 2) })) as Location;
  assert.deepEqual(back, fromDisk);

  // The batch file's results are its input's: not strangers to it.
  const batchInfos = (await client.open(w.batch, w.batchText)).filter((d) => d.source === JOIN);
  assert.deepEqual(batchInfos, []);
  assert.equal(client.errors.length, 0, client.errors.join('\n'));
});

test('editing a line of a .jsonl input marks its result stale; moving lines does not', async (t) => {
  const w = workspace();
  const client = await LspClient.start({ rootUri: pathToFileURL(w.dir).href, capabilities: withHints, initializationOptions: { submittedRequests: true } });
  t.after(() => client.stop());
  client.connection.onRequest(SubmittedRequestsRequest, () => ({ jobId: 'job-1', requestHashes: {}, lineHashes: submittedLines() }));
  await joinedDiagnostics(client, w.input, client.open(w.input, input));
  const hint = async () => labels(await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: w.input }, range: fullRange }));
  assert.deepEqual((await hint()).filter((l) => l.includes('stale')), []);

  const at = positionOf(input, 'I was charged twice.');
  await client.change(w.input, 2, [{ range: { start: at, end: at }, text: 'Hello. ' }]);
  const edited = await hint();
  assert.match(edited[0], /^0:✓ 212 tokens \(stale: edited since submitted\)$/);
  assert.doesNotMatch(edited[1], /stale/);
  const hover = (await client.hover(w.input, positionOf(input, '"ticket-1"', 2)))?.contents as { value: string } | undefined;
  assert.match(hover?.value ?? '', /Stale/);

  // A blank line above moves every line down: the same requests, nothing stale.
  await client.change(w.input, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: `${JSON.stringify(lines[0])}\n\n` }]);
  assert.deepEqual(await hint(), ['0:✓ 212 tokens', '2:✗ 400: Prompt contains 40000 tokens, too large for model with 3276…', '3:— no result']);
});

test('a job with several inputs: each input shows the results of its own lines, and no other input\'s result is a stranger', async (t) => {
  const w = workspace(['a.jsonl', 'b.jsonl']);
  const client = await LspClient.start({ rootUri: pathToFileURL(w.dir).href, capabilities: withHints });
  t.after(() => client.stop());
  const infos = await joinedDiagnostics(client, w.input, client.open(w.input, input));
  assert.deepEqual(infos, ['no result for "ticket-3" in "triage.results.jsonl" and "triage.errors.jsonl"']);
});

test('a client without inlay hints gets the outcomes as CodeLens, one per request; with them, none', async (t) => {
  const w = workspace();
  const bare = await LspClient.start({ rootUri: pathToFileURL(w.dir).href, capabilities: {} });
  t.after(() => bare.stop());
  await joinedDiagnostics(bare, w.input, bare.open(w.input, input));
  const lenses = (await bare.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: w.input } })) as CodeLens[];
  assert.deepEqual(lenses.map((l) => `${l.range.start.line}:${l.command?.title}`), ['0:✓ 212 tokens', '1:✗ 400: Prompt contains 40000 tokens, too large for model with 3276…', '2:— no result']);

  const hinted = await LspClient.start({ rootUri: pathToFileURL(w.dir).href, capabilities: withHints });
  t.after(() => hinted.stop());
  await joinedDiagnostics(hinted, w.input, hinted.open(w.input, input));
  const none = (await hinted.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: w.input } })) as CodeLens[];
  assert.deepEqual(none.filter((l) => /✓|✗|no result/.test(l.command?.title ?? '')), []);
});
