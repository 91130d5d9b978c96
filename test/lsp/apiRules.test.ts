// The API's own rules beyond its OpenAPI schema (sources in schemas/ $comment and server/batch/conversation.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

let n = 0;
const problems = async (request: string) => {
  const text = `{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [\n    ${request}\n  ]\n}\n`;
  return (await client.open(`file:///w/rules-${n++}.batch.json`, text)).map((d) => d.message);
};

test('an empty conversation is refused', async () => {
  const found = await problems('{ "custom_id": "a", "body": { "messages": [] } }');
  assert.equal(found.length, 1, found.join(' | '));
  assert.match(found[0], /messages/);
});

test('an empty custom_id is refused; the request template never writes one', async () => {
  const found = await problems('{ "custom_id": "", "body": { "messages": [{ "role": "user", "content": "Hi" }] } }');
  assert.equal(found.length, 1, found.join(' | '));
  assert.match(found[0], /custom_id/);
});

test('the last message must be one the model can answer', async () => {
  const system = await problems('{ "custom_id": "a", "body": { "messages": [{ "role": "user", "content": "Hi" }, { "role": "system", "content": "Be brief" }] } }');
  assert.deepEqual(system, ['the last message is the one the model answers: it must be from "user" or "tool", not "system"']);
  const assistant = await problems('{ "custom_id": "a", "body": { "messages": [{ "role": "user", "content": "Hi" }, { "role": "assistant", "content": "Hello" }] } }');
  assert.equal(assistant.length, 1);
  assert.match(assistant[0], /"prefix": true/);
  const prefixed = await problems('{ "custom_id": "a", "body": { "messages": [{ "role": "user", "content": "Hi" }, { "role": "assistant", "content": "Dear", "prefix": true }] } }');
  assert.deepEqual(prefixed, [], 'an assistant prefix for the model to continue is fine');
  const tool = await problems('{ "custom_id": "a", "body": { "messages": [{ "role": "user", "content": "Hi" }, { "role": "assistant", "tool_calls": [{ "id": "c1", "function": { "name": "f", "arguments": "{}" } }] }, { "role": "tool", "tool_call_id": "c1", "content": "42" }] } }');
  assert.deepEqual(tool, []);
});

test('an assistant message needs content or tool calls', async () => {
  const found = await problems('{ "custom_id": "a", "body": { "messages": [{ "role": "assistant" }, { "role": "user", "content": "Hi" }] } }');
  assert.deepEqual(found, ['an assistant message needs "content" or "tool_calls": the API refuses one with neither']);
});
