// Completion never breaks the JSON: at every position of partly written batch files, each offered
// item is accepted (its snippet filled with the defaults) and the text must have no syntax error
// it did not have before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError, parseTree } from 'jsonc-parser';
import { LspClient, accept, positionAtOffset } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const HEAD = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n';
const DOCUMENTS = [
  '',
  '{\n  \n}\n',
  `${HEAD}  "requests": [\n    {\n      "custom_id": "a"\n      \n    }\n  ]\n}\n`,
  `${HEAD}  "requests": [\n    {\n      "custom_id": "a",\n      "body": { "messages": [{ "role": "user", "content": "Hi" }] }\n      \n    }\n    \n  ]\n}\n`,
  `${HEAD}  "requests": [],\n  "timeout_hours": \n}\n`,
  `${HEAD}  "requests": [{ "custom_id": "a", "body": { "messages": [ ], "temperature": 0.2 "max_tokens": 5 } }]\n}\n`,
  '{\n  "model": "mistral-embed",\n  "endpoint": "/v1/embeddings",\n  "requests": [{ "custom_id": "e", "body": { "input": "x" } } { "body": {} }]\n}\n',
  '{ "endpoint": "/v1/ocr", "requests": [{ "custom_id": "o", "body": { "document": { } } }] }',
  `${HEAD}  "requests": [{ "custom_id": "a", "body": { "messages": [{ "role": "user", "content": "x" }], "te } }],\n  "timeout_hours": 3 "metadata": {}\n}\n`,
  '{\n  "endpoint": "/v1/embeddings",\n  "model": "mis\n}\n',
];

function syntaxErrors(text: string): number {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  return errors.length;
}

test('every item offered at every position leaves no new syntax error', async () => {
  const broken: string[] = [];
  let accepted = 0;
  for (const [d, text] of DOCUMENTS.entries()) {
    const uri = `file:///w/sweep-${d}.batch.json`;
    await client.open(uri, text);
    const base = syntaxErrors(text);
    for (let offset = 0; offset <= text.length; offset++) {
      const items = await client.completion(uri, positionAtOffset(text, offset));
      for (const item of items) {
        accepted++;
        const result = accept(text, item);
        if (syntaxErrors(result) > base) broken.push(`document ${d} at ${JSON.stringify(text.slice(Math.max(0, offset - 15), offset))}|: ${item.label} → ${JSON.stringify(result.slice(Math.max(0, offset - 25), offset + 60))}`);
      }
    }
  }
  assert.ok(accepted > 2000, `only ${accepted} items were tried`);
  assert.deepEqual(broken.slice(0, 30), [], `${broken.length} items broke the JSON`);
});

/** Completion at the `|` of `source`. */
async function completeAt(source: string) {
  const at = source.indexOf('|');
  const text = source.slice(0, at) + source.slice(at + 1);
  const uri = `file:///w/place-${places++}.batch.json`;
  await client.open(uri, text);
  return { text, items: await client.completion(uri, positionAtOffset(text, at)) };
}
let places = 0;
const editOf = (item: { textEdit?: unknown } | undefined) => (item?.textEdit as { newText?: string } | undefined)?.newText ?? '';
const bySort = <T extends { sortText?: string; label: string }>(items: T[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));

test('after a value whose comma is missing, the next keys come with the comma', async () => {
  const { items } = await completeAt(`${HEAD}  "requests": [\n    {\n      "custom_id": "a"\n      |\n    }\n  ]\n}\n`);
  assert.deepEqual(items.map((i) => i.label), ['body']);
  assert.equal(editOf(items[0]), ', "body": { "messages": [{ "role": "user", "content": "$1" \\}] \\}');
});

test('on a blank line after a request\'s last property, nothing is offered when nothing fits', async () => {
  const { items } = await completeAt(`${HEAD}  "requests": [\n    {\n      "custom_id": "a",\n      "body": { "messages": [] }\n      |\n    }\n  ]\n}\n`);
  assert.deepEqual(items, []);
});

test('before a value already written, completion adds no second value', async () => {
  assert.deepEqual((await completeAt(`${HEAD}  "requests": |[]\n}\n`)).items, []);
  const { text, items } = await completeAt('{\n  "endpoint": |"/v1/embeddings"\n}\n');
  const chat = items.find((i) => i.label === '"/v1/chat/completions"');
  assert.ok(chat, items.map((i) => i.label).join());
  assert.equal(accept(text, chat), '{\n  "endpoint": "/v1/chat/completions"\n}\n', 'the old value is replaced');
});

test('an empty file offers a whole job per endpoint, each one valid', async () => {
  const { items } = await completeAt('|');
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('batch job for /v1/chat/completions') && labels.includes('batch job for /v1/embeddings'), labels.join());
  const chat = items.find((i) => i.label === 'batch job for /v1/chat/completions');
  const text = accept('', chat!);
  const value = JSON.parse(text) as { model: string; requests: { custom_id: string; body: { messages: unknown[] } }[] };
  assert.equal(value.requests[0].custom_id, 'request-1');
  assert.deepEqual(value.requests[0].body.messages, [{ role: 'user', content: '' }]);
  assert.match(editOf(chat), /"content": "\$1"/, 'the cursor lands in the first message');
  for (const endpoint of ['/v1/chat/completions', '/v1/embeddings', '/v1/fim/completions', '/v1/moderations', '/v1/classifications']) {
    const item = items.find((i) => i.label === `batch job for ${endpoint}`)!;
    const filled = accept('', item).replace('""', '"Hello"');
    const diagnostics = await client.open(`file:///w/new-${places++}.batch.json`, filled);
    assert.deepEqual(diagnostics.map((d) => d.message), [], `${endpoint}: ${filled}`);
  }
});

test('values come in the order a user most likely wants: user first, required keys before optional ones', async () => {
  const roles = bySort((await completeAt(`${HEAD}  "requests": [{ "custom_id": "a", "body": { "messages": [{ "role": "|" }] } }]\n}\n`)).items).map((i) => i.label);
  assert.equal(roles[0], '"user"');
  assert.ok(roles.indexOf('"user"') < roles.indexOf('"assistant"'));
  const messages = bySort((await completeAt(`${HEAD}  "requests": [{ "custom_id": "a", "body": { "messages": [ | ] } }]\n}\n`)).items).map((i) => i.label);
  assert.equal(messages[0], '{ "role": "user" }');
  const top = bySort((await completeAt('{\n  |\n}\n')).items).map((i) => i.label);
  assert.deepEqual(top.slice(0, 2).sort(), ['endpoint', 'model'], 'the required keys first');
});

test('a key whose value is picked from a list opens that list once inserted', async () => {
  const { items } = await completeAt('{\n  "endpoint": "/v1/embeddings",\n  |\n}\n');
  assert.equal(items.find((i) => i.label === 'model')?.command?.command, 'editor.action.triggerSuggest');
  assert.equal(items.find((i) => i.label === 'timeout_hours')?.command, undefined, 'a number has no list');
  const plain = await LspClient.start({ snippets: false });
  try {
    const text = '{\n  "model": "mistral-embed",\n  "requests": [],\n  \n}\n';
    await plain.open('file:///w/plain.batch.json', text);
    const offered = await plain.completion('file:///w/plain.batch.json', positionAtOffset(text, text.indexOf('  \n}') + 2));
    const endpoint = offered.find((i) => i.label === 'endpoint');
    assert.equal(editOf(endpoint), '"endpoint": ""');
    assert.equal(endpoint?.command?.command, 'editor.action.triggerSuggest', 'without snippets the endpoint list opens too');
  } finally {
    await plain.stop();
  }
});
