// Quick fixes where the fix is certain, applied and checked: the problem goes, and no other comes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol/node';
import { LspClient, offsetAtPosition } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const job = (requests: string) => `{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [\n${requests}\n  ]\n}\n`;
const MSG = '"messages": [{ "role": "user", "content": "Hi" }]';

function applyEdits(text: string, edits: TextEdit[]): string {
  return [...edits]
    .sort((a, b) => offsetAtPosition(text, b.range.start) - offsetAtPosition(text, a.range.start))
    .reduce((t, e) => t.slice(0, offsetAtPosition(t, e.range.start)) + e.newText + t.slice(offsetAtPosition(t, e.range.end)), text);
}

let n = 0;
/** Opens `text`, takes the fix titled `title` for the problem matching `problem`, applies it and returns the new text and its problems. */
async function fix(text: string, problem: RegExp, title: string): Promise<{ text: string; before: Diagnostic[]; after: Diagnostic[] }> {
  const uri = `file:///w/fix-${n++}.batch.json`;
  const before = await client.open(uri, text);
  const diagnostic = before.find((d) => problem.test(d.message));
  assert.ok(diagnostic, `no problem matching ${problem} in ${before.map((d) => d.message).join(' | ')}`);
  const actions: CodeAction[] = await client.codeActions(uri, [diagnostic]);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no fix "${title}" among ${actions.map((a) => a.title).join(', ')}`);
  const fixed = applyEdits(text, action.edit?.changes?.[uri] ?? []);
  const after = await client.open(`file:///w/fix-${n++}.batch.json`, fixed);
  return { text: fixed, before, after };
}

test('stream: true is removed, with its comma', async () => {
  const r = await fix(job(`    { "custom_id": "a", "body": { ${MSG}, "stream": true } }`), /cannot stream/, 'Remove "stream"');
  assert.deepEqual(r.after, []);
  assert.ok(r.text.includes(`{ ${MSG} }`), r.text);
  const first = await fix(job(`    { "custom_id": "a", "body": { "stream": true,\n      ${MSG} } }`), /cannot stream/, 'Remove "stream"');
  assert.deepEqual(first.after, []);
  assert.ok(first.text.includes(`"body": { ${MSG} }`), first.text);
});

test('a body model that differs from the job\'s becomes the job\'s', async () => {
  const r = await fix(job(`    { "custom_id": "a", "body": { "model": "mistral-large-latest", ${MSG} } }`), /the job runs/, 'Change to "mistral-small-latest"');
  assert.deepEqual(r.after, []);
});

test('a duplicate custom_id is made unique', async () => {
  const r = await fix(job(`    { "custom_id": "q", "body": { ${MSG} } },\n    { "custom_id": "q-2", "body": { ${MSG} } },\n    { "custom_id": "q", "body": { ${MSG} } }`), /duplicate/, 'Change to "q-3"');
  assert.deepEqual(r.after, []);
});

test('a missing custom_id is added, unused by the others', async () => {
  const r = await fix(job(`    { "custom_id": "request-2", "body": { ${MSG} } },\n    { "body": { ${MSG} } }`), /no .custom_id./, 'Add "custom_id": "request-3"');
  assert.deepEqual(r.after, []);
  const empty = await fix(job('    { "custom_id": "a", "body": { ' + MSG + ' } },\n    {}'), /no .custom_id./, 'Add "custom_id": "request-2"');
  assert.ok(empty.text.includes('{ "custom_id": "request-2" }'), empty.text);
});

test('a missing required property is added with a skeleton that fits', async () => {
  const r = await fix(job('    { "custom_id": "a", "body": { "temperature": 0.2 } }'), /messages/, 'Add "messages"');
  assert.ok(r.text.includes('"body": { "messages": [{ "role": "user", "content": "" }], "temperature": 0.2 }'), r.text);
  assert.ok(!r.after.some((d) => /messages/.test(d.message) && /missing|required|needs/.test(d.message)), r.after.map((d) => d.message).join(' | '));
  const body = await fix(job('    { "custom_id": "a" }'), /body/, 'Add "body"');
  assert.ok(body.text.includes('{ "body": { "messages": [{ "role": "user", "content": "" }] }, "custom_id": "a" }'), body.text);
});
