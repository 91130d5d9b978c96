// The results join over LSP: a batch file with its job's results and errors files beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest, DefinitionRequest, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, FileChangeType,
  InlayHintRefreshRequest, InlayHintRequest, Location,
} from 'vscode-languageserver-protocol/node';
import { SubmittedRequestsRequest } from '../../core/protocol';
import { requestHashes } from '../../core/results/join';
import { LspClient, positionOf } from './harness';
import { fullRange, joinedDiagnostics, labels } from './joinSupport';

const requests = [
  { custom_id: 'ticket-1', body: { messages: [{ role: 'user', content: 'I was charged twice.' }] } },
  { custom_id: 'ticket-2', body: { messages: [{ role: 'user', content: 'Where is my parcel?' }] } },
  { custom_id: 'ticket-3', body: { messages: [{ role: 'user', content: 'Cancel my order.' }] } },
];
const batch = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests }, null, 2);
const resultLines = [
  { id: 'r2', custom_id: 'ticket-2', response: { status_code: 400, body: { object: 'error', message: 'Prompt contains 40000 tokens, too large for model with 32768 maximum context length', type: 'invalid_request_error' } }, error: null },
  { id: 'r1', custom_id: 'ticket-1', response: { status_code: 200, body: { id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'We refunded the second charge.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 200, completion_tokens: 12, total_tokens: 212 } } }, error: null },
  { id: 'r9', custom_id: 'ticket-9', response: { status_code: 200, body: { choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } }, error: null },
];

function workspace(): { dir: string; uri: string; results: string; errors: string } {
  const dir = mkdtempSync(join(tmpdir(), 'join-'));
  writeFileSync(join(dir, 'triage.batch.json'), batch);
  const results = join(dir, 'triage.results.jsonl');
  const errors = join(dir, 'triage.errors.jsonl');
  writeFileSync(results, [resultLines[1], resultLines[2]].map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeFileSync(errors, JSON.stringify(resultLines[0]) + '\n');
  return { dir, uri: pathToFileURL(join(dir, 'triage.batch.json')).href, results, errors };
}


test('hover, inlay hints, diagnostics and definition join each request with its result', async (t) => {
  const w = workspace();
  const client = await LspClient.start({ initializationOptions: { submittedRequests: true } });
  t.after(() => client.stop());
  client.connection.onRequest(SubmittedRequestsRequest, () => ({ jobId: 'job-1', requestHashes: requestHashes(requests) }));
  const infos = await joinedDiagnostics(client, w.uri, client.open(w.uri, batch));
  assert.deepEqual(infos, ['no result for "ticket-3" in "triage.results.jsonl" and "triage.errors.jsonl"', '1 result line matches no request here: "ticket-9"']);

  const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: w.uri }, range: fullRange });
  const lineOf = (id: string) => positionOf(batch, `"${id}"`).line;
  assert.deepEqual(labels(hints), [`${lineOf('ticket-1')}:✓ 212 tokens`, `${lineOf('ticket-2')}:✗ 400: Prompt contains 40000 tokens, too large for model with 3276…`, `${lineOf('ticket-3')}:— no result`]);

  const ok = await client.hover(w.uri, positionOf(batch, '"ticket-1"', 2));
  const okText = (ok?.contents as { value: string }).value;
  assert.match(okText, /✓ 200/);
  assert.match(okText, /finish_reason "stop"/);
  assert.match(okText, /200 prompt \+ 12 completion = 212 tokens/);
  assert.match(okText, /We refunded the second charge\./);
  const failed = await client.hover(w.uri, positionOf(batch, '"ticket-2"', 2));
  assert.match((failed?.contents as { value: string }).value, /✗ 400[\s\S]*Prompt contains 40000 tokens, too large for model with 32768 maximum context length/);
  // Off the custom_id, hover is the schema's as before.
  const schema = await client.hover(w.uri, positionOf(batch, '"messages"', 2));
  assert.doesNotMatch((schema?.contents as { value: string }).value, /✓|✗/);

  // From the request to its result line, and from the line back to the request.
  const there = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: w.uri }, position: positionOf(batch, '"ticket-2"', 3) })) as Location;
  assert.equal(there.uri, pathToFileURL(w.errors).href);
  assert.deepEqual(there.range.start, { line: 0, character: JSON.stringify(resultLines[0]).indexOf('"ticket-2"') });
  const resultsText = [resultLines[1], resultLines[2]].map((l) => JSON.stringify(l)).join('\n') + '\n';
  const resultsUri = pathToFileURL(w.results).href;
  await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: resultsUri, languageId: 'jsonl', version: 1, text: resultsText } });
  const back = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: resultsUri }, position: positionOf(resultsText, '"ticket-1"', 2) })) as Location;
  assert.equal(back.uri, w.uri);
  assert.deepEqual(back.range.start, positionOf(batch, '"ticket-1"'));
  assert.equal(client.errors.length, 0, client.errors.join('\n'));
});

test('editing a request marks its result stale; a changed results file is read again', async (t) => {
  const w = workspace();
  const client = await LspClient.start({ initializationOptions: { submittedRequests: true } });
  t.after(() => client.stop());
  client.connection.onRequest(SubmittedRequestsRequest, () => ({ jobId: 'job-1', requestHashes: requestHashes(requests) }));
  await joinedDiagnostics(client, w.uri, client.open(w.uri, batch));
  const at = positionOf(batch, 'I was charged twice.');
  await client.change(w.uri, 2, [{ range: { start: at, end: at }, text: 'Hello. ' }]);
  const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: w.uri }, range: fullRange });
  assert.match(labels(hints)[0], /✓ 212 tokens \(stale: edited since submitted\)$/);
  assert.doesNotMatch(labels(hints)[1], /stale/);
  const hover = await client.hover(w.uri, positionOf(batch, '"ticket-1"', 2));
  assert.match((hover?.contents as { value: string }).value, /Stale/);

  // ticket-3 gets its line: the watcher's event has the server read the files again.
  writeFileSync(w.results, JSON.stringify({ ...resultLines[1], custom_id: 'ticket-3' }) + '\n');
  const republished = client.diagnostics(w.uri);
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(w.results).href, type: FileChangeType.Changed }] });
  const infos = await joinedDiagnostics(client, w.uri, republished, (m) => m.some((x) => x.includes('ticket-1')));
  assert.deepEqual(infos, ['no result for "ticket-1" in "triage.results.jsonl" and "triage.errors.jsonl"']);
});

test('turning resultHints off in the settings makes the editor ask for the hints again, and there are none', async (t) => {
  const w = workspace();
  const client = await LspClient.start({
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, inlayHint: { refreshSupport: true } }, textDocument: { inlayHint: {} } },
  });
  t.after(() => client.stop());
  const settings = { resultHints: true };
  client.connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => ({ ...settings })));
  let refreshed = () => undefined as void;
  const refresh = new Promise<void>((resolve) => (refreshed = resolve));
  client.connection.onRequest(InlayHintRefreshRequest.type, () => (refreshed(), null));
  await client.open(w.uri, batch);
  const hints = () => client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: w.uri }, range: fullRange });
  assert.ok(((await hints()) ?? []).length > 0, 'the hints are there while the setting is on');
  settings.resultHints = false;
  await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await refresh;
  assert.deepEqual(await hints(), []);
});

test('the resultHints setting turns the hints off; no results beside a file means no hints and no extra diagnostics', async (t) => {
  const w = workspace();
  const off = await LspClient.start({ initializationOptions: { resultHints: false } });
  t.after(() => off.stop());
  await off.open(w.uri, batch);
  assert.deepEqual(await off.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: w.uri }, range: fullRange }), []);
  const bare = mkdtempSync(join(tmpdir(), 'join-'));
  writeFileSync(join(bare, 'x.batch.json'), batch);
  const uri = pathToFileURL(join(bare, 'x.batch.json')).href;
  const diagnostics = await off.open(uri, batch);
  assert.deepEqual(diagnostics, []);
});
