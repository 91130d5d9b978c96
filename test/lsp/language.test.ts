// The built server over stdio, as another editor would use it: diagnostics on the right lines,
// completion and hover at the top level and inside chat and embeddings bodies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, accept, positionAtOffset, positionOf } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const BROKEN_CHAT = `{
  "model": "mistral-small-latest",
  "endpoint": "/v1/chat/completions",
  "timeout_hours": 0,
  "requests": [
    {
      "custom_id": "q1",
      "body": {
        "messages": [{ "role": "usr", "content": "Hello" }],
        "temprature": 0.2
      }
    },
    {
      "custom_id": "q1",
      "body": { "messages": [{ "role": "user", "content": "Again" }] }
    }
  ]
}
`;

test('diagnostics land on the lines of the mistakes', async () => {
  const diagnostics = await client.open('file:///w/broken.batch.json', BROKEN_CHAT);
  const byLine = diagnostics.map((d) => [d.range.start.line, d.severity, d.message] as const);
  assert.deepEqual(byLine.map(([line, severity]) => [line, severity]), [[3, 1], [8, 1], [9, 1], [13, 2]], JSON.stringify(byLine));
  assert.match(byLine[0][2], /"timeout_hours" must be between 1 and 168 \(got 0\)/);
  assert.match(byLine[1][2], /"usr" is not a valid role/);
  assert.match(byLine[2][2], /unknown property "temprature" \(did you mean "temperature"\?\)/);
  assert.match(byLine[3][2], /duplicate "custom_id"/);
});

test('a fixed document clears its diagnostics, and edits are incremental', async () => {
  const uri = 'file:///w/edit.batch.json';
  let text = BROKEN_CHAT;
  await client.open(uri, text);
  const fix = (from: string, to: string, version: number) => {
    const at = text.indexOf(from);
    const start = positionAtOffset(text, at);
    const end = positionAtOffset(text, at + from.length);
    text = text.replace(from, to);
    return client.change(uri, version, [{ range: { start, end }, text: to }]);
  };
  await fix('"usr"', '"user"', 2);
  await fix('"temprature"', '"temperature"', 3);
  await fix('"timeout_hours": 0', '"timeout_hours": 2', 4);
  const last = await fix('"custom_id": "q1",\n      "body": { "messages": [{ "role": "user", "content": "Again" }]', '"custom_id": "q2",\n      "body": { "messages": [{ "role": "user", "content": "Again" }]', 5);
  assert.deepEqual(last, []);
});

const EMBED = `{
  "model": "mistral-embed",
  "endpoint": "/v1/embeddings",
  "requests": [
    { "custom_id": "e1", "body": { "input": "hello", "" } }
  ]
}
`;

test('completion offers endpoints with descriptions at the top level', async () => {
  const uri = 'file:///w/top.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": ""\n}\n';
  await client.open(uri, text);
  const items = await client.completion(uri, positionOf(text, '"endpoint": ""', 13));
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('"/v1/chat/completions"'), labels.join());
  assert.ok(labels.includes('"/v1/audio/transcriptions"'));
  assert.ok(items.every((i) => i.documentation), 'every endpoint is described');
});

test('completion offers only missing top-level properties', async () => {
  const uri = 'file:///w/props.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  ""\n}\n';
  await client.open(uri, text);
  const items = await client.completion(uri, positionOf(text, '""', 1));
  const labels = items.map((i) => i.label).sort();
  assert.ok(!labels.includes('model'));
  for (const name of ['endpoint', 'requests', 'input_files', 'metadata', 'timeout_hours']) assert.ok(labels.includes(name), `${name} in ${labels}`);
  const timeout = items.find((i) => i.label === 'timeout_hours');
  assert.equal(timeout?.textEdit && 'range' in timeout.textEdit ? timeout.textEdit.newText : '', '"timeout_hours": ${1:24}');
});

test('completion inside a chat body offers body fields and role values', async () => {
  const uri = 'file:///w/chat.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [\n    { "custom_id": "a", "body": { "messages": [{ "role": "", "content": "x" }], "" } }\n  ]\n}\n';
  await client.open(uri, text);
  const fields = (await client.completion(uri, positionOf(text, '"" }', 1))).map((i) => i.label);
  for (const name of ['temperature', 'max_tokens', 'response_format', 'tools']) assert.ok(fields.includes(name), `${name} in ${fields}`);
  assert.ok(!fields.includes('messages'), 'messages is already there');
  const roles = (await client.completion(uri, positionOf(text, '"role": ""', 9))).map((i) => i.label);
  assert.deepEqual([...roles].sort(), ['"assistant"', '"system"', '"tool"', '"user"']);
});

test('completion inside an embeddings body offers its fields', async () => {
  const uri = 'file:///w/embed.batch.json';
  await client.open(uri, EMBED);
  const labels = (await client.completion(uri, positionOf(EMBED, '"" }', 1))).map((i) => i.label);
  assert.ok(labels.includes('output_dimension') || labels.includes('encoding_format'), labels.join());
  assert.ok(!labels.includes('messages'), 'chat fields are not offered for embeddings');
  assert.ok(!labels.includes('input'));
});

test('model completion ranks models that fit the endpoint first', async () => {
  const uri = 'file:///w/model.batch.json';
  const text = '{\n  "endpoint": "/v1/embeddings",\n  "model": ""\n}\n';
  await client.open(uri, text);
  const items = await client.completion(uri, positionOf(text, '"model": ""', 10));
  const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  const fitting = sorted.filter((i) => i.detail?.startsWith('fits /v1/embeddings ·')).map((i) => i.label);
  assert.ok(fitting.includes('mistral-embed') && !fitting.includes('mistral-large-latest'), fitting.join());
  assert.deepEqual(sorted.slice(0, fitting.length).map((i) => i.label), fitting, 'models fitting the endpoint come first');
  assert.ok(items.some((i) => i.label === 'mistral-large-latest'), 'other models are still offered');
});

test('hover explains keys and values at the top level and inside bodies', async () => {
  const uri = 'file:///w/hover.batch.json';
  await client.open(uri, BROKEN_CHAT);
  const top = await client.hover(uri, positionOf(BROKEN_CHAT, '"timeout_hours"', 2));
  const topText = top && typeof top.contents === 'object' && 'value' in top.contents ? top.contents.value : '';
  assert.match(topText, /timeout_hours/);
  assert.match(topText, /Default: `24`/);
  assert.match(topText, /168/);
  const role = await client.hover(uri, positionOf(BROKEN_CHAT, '"user"', 2));
  const roleText = role && typeof role.contents === 'object' && 'value' in role.contents ? role.contents.value : '';
  assert.match(roleText, /`"user"`/);
  assert.match(roleText, /system/);
  const embedUri = 'file:///w/hover-embed.batch.json';
  await client.open(embedUri, EMBED);
  const input = await client.hover(embedUri, positionOf(EMBED, '"input"', 2));
  assert.ok(input && typeof input.contents === 'object' && 'value' in input.contents && input.contents.value.length > 20);
});

const editText = (item: { textEdit?: unknown } | undefined): string => {
  const edit = item?.textEdit as { newText?: string } | undefined;
  return edit?.newText ?? '';
};

test('a new message offers one skeleton per role, with what that role requires', async () => {
  const uri = 'file:///w/skeleton.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [\n    { "custom_id": "a", "body": { "messages": [  ] } }\n  ]\n}\n';
  await client.open(uri, text);
  const items = await client.completion(uri, positionOf(text, '[  ]', 2));
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('{ "role": "user" }'), labels.join());
  const tool = items.find((i) => i.label === '{ "role": "tool" }');
  assert.match(editText(tool), /"role": "tool"/);
  assert.match(editText(items.find((i) => i.label === '{ "role": "user" }')), /^\{ "role": "user", "content": /);
});

test('between two requests, a request skeleton comes with the comma it needs', async () => {
  const uri = 'file:///w/between.batch.json';
  const text = '{\n  "model": "mistral-embed",\n  "endpoint": "/v1/embeddings",\n  "requests": [\n    { "custom_id": "a", "body": { "input": "x" } }\n    \n  ]\n}\n';
  await client.open(uri, text);
  const items = await client.completion(uri, positionOf(text, '}\n    \n', 6));
  const request = items.find((i) => i.label === '{ custom_id, body }');
  assert.ok(request, items.map((i) => i.label).join());
  // An unused custom_id, and a body with what the endpoint requires; the cursor in its text.
  assert.equal(editText(request), ', { "custom_id": "request-2", "body": { "input": "$1" \\} \\}');
});

test('renaming an existing key replaces only the name', async () => {
  const uri = 'file:///w/rename.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "timeout_hour": 3,\n  "requests": []\n}\n';
  await client.open(uri, text);
  const items = await client.completion(uri, positionOf(text, '"timeout_hour"', 3));
  assert.equal(editText(items.find((i) => i.label === 'timeout_hours')), '"timeout_hours"');
});

test('likely typos come with a quick fix', async () => {
  const uri = 'file:///w/fix.batch.json';
  const diagnostics = await client.open(uri, BROKEN_CHAT);
  const role = diagnostics.find((d) => /"usr" is not a valid role/.test(d.message));
  assert.match(role?.message ?? '', /\(did you mean "user"\?\)$/);
  const typo = diagnostics.find((d) => /temprature/.test(d.message));
  const actions = await client.codeActions(uri, [role!, typo!]);
  assert.deepEqual(actions.map((a) => a.title), ['Change to "user"', 'Change to "temperature"']);
  const edit = actions[1].edit?.changes?.[uri]?.[0];
  assert.deepEqual(edit?.range, typo!.range);
  assert.equal(edit?.newText, '"temperature"');
});

test('right after a colon, before any value, completion offers the values', async () => {
  const uri = 'file:///w/colon.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": \n}\n';
  await client.open(uri, text);
  const items = await client.completion(uri, positionOf(text, '"endpoint": \n', 12));
  assert.ok(items.some((i) => i.label === '"/v1/chat/completions"'), items.map((i) => i.label).join());
  const role = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [{ "custom_id": "a", "body": { "messages": [{ "role": , "content": "x" }] } }]\n}\n';
  await client.open('file:///w/colon2.batch.json', role);
  const roles = (await client.completion('file:///w/colon2.batch.json', positionOf(role, '"role": ,', 8))).map((i) => i.label).sort();
  assert.deepEqual(roles, ['"assistant"', '"system"', '"tool"', '"user"']);
});

test('completed snippets insert exactly what they show, and values the schema accepts', async () => {
  const uri = 'file:///w/snippets.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [{ "custom_id": "a", "body": { "messages": [], "", "model": "" } }],\n  ""\n}\n';
  await client.open(uri, text);
  const top = await client.completion(uri, positionOf(text, '  ""\n', 3));
  // In snippet syntax `$schema` would be a variable: the `$` must be escaped.
  // The edit ends at the cursor (see clientQuirks.ts): the closing quote already there is kept, not rewritten.
  assert.equal(editText(top.find((i) => i.label === '$schema')), '"\\$schema": "$1');
  const body = await client.completion(uri, positionOf(text, '"", "model"', 1));
  assert.equal(editText(body.find((i) => i.label === 'top_p')), '"top_p": ${1:1}', 'top_p must be above 0: 1, not 0');
  const models = await client.completion(uri, positionOf(text, '"model": "" }', 10));
  assert.deepEqual(models.map((i) => i.label), ['mistral-small-latest'], "inside a body, only the job's model avoids a warning");
});

test('completing a key that has no closing quote yet keeps the brackets after it', async () => {
  const uri = 'file:///w/openkey.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [{ "custom_id": "a", "body": { "messages": [], "te } }]\n}\n';
  await client.open(uri, text);
  const items = await client.completion(uri, positionOf(text, '"te }', 3));
  const temperature = items.find((i) => i.label === 'temperature');
  const edit = temperature?.textEdit && 'range' in temperature.textEdit ? temperature.textEdit : undefined;
  assert.ok(edit, items.map((i) => i.label).join());
  const start = positionOf(text, '"te }', 0);
  assert.deepEqual(edit.range, { start, end: { line: start.line, character: start.character + 3 } });
});

// Objects whose kind one property chooses: a conversation entry (`type`, or `role` without it), an
// OCR document (`type`). Fixtures mark the cursor with `|`.
const inBody = (endpoint: string, body: string) => {
  const text = `{\n  "model": "mistral-small-latest",\n  "endpoint": "${endpoint}",\n  "requests": [\n    { "custom_id": "a", "body": ${body} }\n  ]\n}\n`;
  const at = text.indexOf('|');
  return { text: text.slice(0, at) + text.slice(at + 1), at };
};

let fixtures = 0;
async function completeAt(endpoint: string, body: string) {
  const { text, at } = inBody(endpoint, body);
  const uri = `file:///w/kinds-${fixtures++}.batch.json`;
  await client.open(uri, text);
  return { text, items: await client.completion(uri, positionAtOffset(text, at)) };
}

test('a role or type value offers every value some kind of the object allows, with descriptions', async () => {
  const roles = (await completeAt('/v1/conversations', '{ "inputs": [{ "role": "|" }] }')).items;
  // Sent in the order a user most likely wants them: the user's turn first.
  assert.deepEqual(roles.map((i) => i.label), ['"user"', '"assistant"']);
  assert.ok(roles.every((i) => i.documentation), 'each role is described');
  const documents = (await completeAt('/v1/ocr', '{ "document": { "type": "|" } }')).items;
  // A URL first: a file needs an upload before it can be named (server/features/order.ts).
  assert.deepEqual(documents.map((i) => i.label), ['"document_url"', '"file"', '"image_url"']);
  // What the object already holds narrows the kinds: a `role` leaves only message entries.
  const kinds = (await completeAt('/v1/conversations', '{ "inputs": [{ "type": "|", "role": "user" }] }')).items;
  assert.deepEqual(kinds.map((i) => i.label), ['"message.input"']);
  const byFile = (await completeAt('/v1/ocr', '{ "document": { "type": "|", "file_id": "3b0c7a52-51f4-4b2e-9d1e-6f0a8c2d4e19" } }')).items;
  assert.deepEqual(byFile.map((i) => i.label), ['"file"']);
});

test('an object without its tag offers the tag first and only what every kind allows', async () => {
  const entry = (await completeAt('/v1/conversations', '{ "inputs": [{ | }] }')).items;
  const labels = entry.map((i) => i.label).sort();
  assert.deepEqual(labels, ['completed_at', 'created_at', 'id', 'object', 'role', 'type']);
  const first = [...entry].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).slice(0, 2).map((i) => i.label).sort();
  assert.deepEqual(first, ['role', 'type'], 'the tags come first');
  assert.equal(editText(entry.find((i) => i.label === 'role')), '"role": "${1|assistant,user|}"');
  const document = (await completeAt('/v1/ocr', '{ "document": { | } }')).items;
  assert.deepEqual(document.map((i) => i.label), ['type']);
  assert.equal(editText(document[0]), '"type": "${1|file,document_url,image_url|}"');
  const shapes = (await completeAt('/v1/ocr', '{ "document": | }')).items;
  // A URL first: a file needs an upload before it can be named.
  assert.deepEqual(shapes.map((i) => i.label), ['{ "type": "document_url" }', '{ "type": "file" }', '{ "type": "image_url" }']);
  assert.equal(editText(shapes[1]), '{ "type": "file", "file_id": "$1" }');
});

test('an object with its tag offers only the properties of that kind', async () => {
  const call = (await completeAt('/v1/conversations', '{ "inputs": [{ "type": "function.call", | }] }')).items.map((i) => i.label);
  for (const name of ['tool_call_id', 'name', 'arguments', 'confirmation_status']) assert.ok(call.includes(name), `${name} in ${call}`);
  for (const name of ['role', 'content', 'result', 'info', 'next_agent_id']) assert.ok(!call.includes(name), `${name} not in ${call}`);
  const user = (await completeAt('/v1/conversations', '{ "inputs": [{ "role": "user", | }] }')).items.map((i) => i.label);
  for (const name of ['content', 'prefix']) assert.ok(user.includes(name), `${name} in ${user}`);
  for (const name of ['arguments', 'tool_call_id', 'result', 'info', 'agent_id']) assert.ok(!user.includes(name), `${name} not in ${user}`);
  // A typo elsewhere in the object does not hide the kind its tag chose.
  const typo = (await completeAt('/v1/conversations', '{ "inputs": [{ "role": "user", "contnt": "x", | }] }')).items.map((i) => i.label);
  assert.ok(typo.includes('content') && !typo.includes('arguments'), typo.join());
});

test('nothing completion offers inside a tagged object is then rejected', async () => {
  const places: [string, string][] = [
    ['/v1/conversations', '{ "inputs": [{ | }] }'],
    ['/v1/conversations', '{ "inputs": [{ "role": "|" }] }'],
    ['/v1/conversations', '{ "inputs": [{ "type": "|" }] }'],
    ['/v1/conversations', '{ "inputs": [{ "role": "assistant", | }] }'],
    ['/v1/conversations', '{ "inputs": [{ "type": "function.call", | }] }'],
    ['/v1/conversations', '{ "inputs": [ | ] }'],
    ['/v1/conversations', '{ "inputs": [{ "role": "user", "content": [{ | }] }] }'],
    ['/v1/ocr', '{ "document": { | } }'],
    ['/v1/ocr', '{ "document": { "type": "|" } }'],
    ['/v1/ocr', '{ "document": | }'],
    ['/v1/chat/completions', '{ "messages": [{ "role": "user", "content": [{ | }] }] }'],
    ['/v1/chat/completions', '{ "messages": [], "tools": [{ | }] }'],
    ['/v1/chat/completions', '{ "messages": [], "response_format": { | } }'],
  ];
  const rejected: string[] = [];
  for (const [endpoint, body] of places) {
    const { text, items } = await completeAt(endpoint, body);
    assert.ok(items.length > 0, `something is offered in ${body}`);
    for (const item of items) {
      const diagnostics = await client.open(`file:///w/accepted-${fixtures++}.batch.json`, accept(text, item));
      for (const d of diagnostics) if (/unknown property|is not a valid|must be/.test(d.message) && !/UUID/.test(d.message)) rejected.push(`${body} → ${item.label}: ${d.message}`);
    }
  }
  assert.deepEqual(rejected, []);
});

test('a local input file that is not there is an error on its entry; one that is there is not', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-inputs-'));
  try {
    await writeFile(join(dir, 'data.jsonl'), '{"custom_id": "a", "body": {"input": "x"}}\n');
    await mkdir(join(dir, 'folder.jsonl'));
    const text = '{\n  "model": "mistral-embed",\n  "endpoint": "/v1/embeddings",\n  "input_files": ["data.jsonl", "gone.jsonl", "folder.jsonl"]\n}\n';
    const diagnostics = await client.open(pathToFileURL(join(dir, 'job.batch.json')).href, text);
    assert.deepEqual(diagnostics.map((d) => [d.range.start, d.code, d.message.split(':')[0]]), [
      [positionOf(text, '"gone.jsonl"', 0), 'missing-input', `no file at ${join(dir, 'gone.jsonl')}`],
      [positionOf(text, '"folder.jsonl"', 0), 'missing-input', `${join(dir, 'folder.jsonl')} is a folder, not a file`],
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
