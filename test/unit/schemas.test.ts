// The bundled JSON Schemas, checked with an independent validator (Ajv, draft 2020-12):
// they compile, the examples get the right verdict, each endpoint maps to one body schema,
// and every property carries a description for hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { SnapshotModel, endpointsOf, fromSnapshot } from '../../core/models/catalogue';

// Compiled to <repo>/out/test/unit, so the repo root is three levels up.
const ROOT = path.resolve(__dirname, '../../..');
const SCHEMAS = path.join(ROOT, 'schemas');
const EXAMPLES = path.join(ROOT, 'examples');
const BASE = 'https://schemas.local/';
const BATCH_URI = `${BASE}batch-job.schema.json`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function readJson(file: string): JsonObject {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const batchSchema = readJson(path.join(SCHEMAS, 'batch-job.schema.json'));
const bodyFiles = readdirSync(path.join(SCHEMAS, 'bodies')).filter((f) => f.endsWith('.schema.json')).sort();
const bodySchemas = new Map(bodyFiles.map((f) => [f, readJson(path.join(SCHEMAS, 'bodies', f))]));

function makeAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // Like the product: only `uuid` is asserted, other formats are annotations.
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('uri', true);
  ajv.addFormat('date-time', true);
  // The relative $id would resolve against nothing here: register under the absolute base instead.
  ajv.addSchema({ ...batchSchema, $id: BATCH_URI });
  for (const [file, schema] of bodySchemas) ajv.addSchema(schema, `${BASE}bodies/${file}`);
  return ajv;
}

const ajv = makeAjv();
const validateBatch = ajv.getSchema(BATCH_URI) as ValidateFunction;

function verdict(validate: ValidateFunction, data: unknown): { ok: boolean; why: string } {
  const ok = validate(data) as boolean;
  return { ok, why: ok ? 'valid' : ajv.errorsText(validate.errors, { separator: '\n  ' }) };
}

/** Endpoint → body file, read from the `if endpoint const / then requests.items.body $ref` entries. */
function endpointEntries(): { endpoint: string; ref: string }[] {
  const out: { endpoint: string; ref: string }[] = [];
  for (const entry of (batchSchema.allOf as Json[]) ?? []) {
    if (!isObject(entry) || !isObject(entry.if) || !isObject(entry.then)) continue;
    const ifProps = entry.if.properties;
    const endpoint = isObject(ifProps) && isObject(ifProps.endpoint) ? ifProps.endpoint.const : undefined;
    if (typeof endpoint !== 'string') continue;
    const thenProps = entry.then.properties;
    const requests = isObject(thenProps) ? thenProps.requests : undefined;
    const items = isObject(requests) ? requests.items : undefined;
    const itemProps = isObject(items) ? items.properties : undefined;
    const body = isObject(itemProps) ? itemProps.body : undefined;
    out.push({ endpoint, ref: isObject(body) && typeof body.$ref === 'string' ? body.$ref : '' });
  }
  return out;
}

const endpoints = (((batchSchema.properties as JsonObject).endpoint as JsonObject).enum as string[]);

// ---------------------------------------------------------------------------------------------

test('every schema file is a draft 2020-12 schema that Ajv compiles', () => {
  assert.equal(batchSchema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(batchSchema.$id, 'batch-job.schema.json');
  assert.ok(validateBatch, 'batch schema compiles');
  assert.equal(bodyFiles.length, 10);
  for (const [file, schema] of bodySchemas) {
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema', file);
    assert.equal(schema.$id, undefined, `${file} must not carry $id (its identity is where it is loaded from)`);
    assert.ok(ajv.getSchema(`${BASE}bodies/${file}`), `${file} compiles`);
  }
});

test('body schemas only reference their own $defs, and every reference resolves', () => {
  for (const [file, schema] of bodySchemas) {
    const defs = isObject(schema.$defs) ? schema.$defs : {};
    const used = new Set<string>();
    walk(schema, [], (node, at) => {
      if (typeof node.$ref !== 'string') return;
      assert.match(node.$ref, /^#\/\$defs\/[A-Za-z0-9]+$/, `${file} ${at.join('/')}: local $defs only`);
      const name = node.$ref.slice('#/$defs/'.length);
      assert.ok(name in defs, `${file}: ${node.$ref} exists`);
      used.add(name);
    }, true);
    for (const name of Object.keys(defs)) assert.ok(used.has(name), `${file}: $defs/${name} is used`);
  }
});

test('every endpoint has exactly one if/then entry pointing to an existing body file', () => {
  assert.equal(endpoints.length, 10);
  assert.ok(endpoints.includes('/v1/chat/classifications'));
  const entries = endpointEntries();
  for (const endpoint of endpoints) {
    const mine = entries.filter((e) => e.endpoint === endpoint);
    assert.equal(mine.length, 1, `${endpoint}: one entry`);
    assert.match(mine[0].ref, /^bodies\/[a-z-]+\.schema\.json$/, `${endpoint}: relative body $ref`);
    assert.ok(existsSync(path.join(SCHEMAS, mine[0].ref)), `${endpoint}: ${mine[0].ref} exists`);
  }
  assert.equal(entries.length, endpoints.length, 'no entry for an endpoint outside the enum');
  assert.equal(new Set(entries.map((e) => e.ref)).size, bodyFiles.length, 'each body file is used once');
});

test('every property at every depth has a description, and enums describe each value', () => {
  const all: [string, JsonObject][] = [['batch-job.schema.json', batchSchema], ...bodySchemas];
  for (const [file, schema] of all) {
    walk(schema, [], (node, at) => {
      if (isObject(node.properties)) {
        for (const [name, prop] of Object.entries(node.properties)) {
          const described = isObject(prop) && (typeof prop.description === 'string' || typeof prop.markdownDescription === 'string');
          assert.ok(described, `${file} ${[...at, 'properties', name].join('/')}: description`);
          if (isObject(prop) && typeof prop.description === 'string') assert.ok(prop.description.length > 3);
        }
      }
      if (Array.isArray(node.enum)) {
        const descs = node.enumDescriptions;
        assert.ok(Array.isArray(descs) && descs.length === node.enum.length, `${file} ${at.join('/')}: enumDescriptions match enum`);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------

const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.batch.json')).sort();

test('examples: there are good and broken files for chat, embeddings, FIM and OCR', () => {
  for (const kind of ['chat', 'embeddings', 'fim', 'ocr']) {
    assert.ok(exampleFiles.includes(`${kind}.batch.json`), `${kind}.batch.json`);
    assert.ok(exampleFiles.includes(`${kind}-broken.batch.json`), `${kind}-broken.batch.json`);
  }
  assert.ok(exampleFiles.includes('chat-from-file.batch.json'));
});

for (const file of exampleFiles) {
  const broken = file.includes('-broken');
  test(`example ${file} is ${broken ? 'invalid' : 'valid'}`, () => {
    const data = readJson(path.join(EXAMPLES, file));
    assert.equal(data.$schema, undefined, 'examples carry no $schema: the extension applies it');
    const v = verdict(validateBatch, data);
    assert.equal(v.ok, !broken, `${file}:\n  ${v.why}`);
  });
}

test('each line of examples/inputs/chat-requests.jsonl is a valid chat request', () => {
  const lines = readFileSync(path.join(EXAMPLES, 'inputs', 'chat-requests.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  assert.equal(lines.length, 5);
  const requests = lines.map((l) => JSON.parse(l) as Json);
  const v = verdict(validateBatch, { endpoint: '/v1/chat/completions', model: 'mistral-small-latest', requests });
  assert.ok(v.ok, v.why);
  assert.equal(new Set(requests.map((r) => (r as JsonObject).custom_id)).size, 5, 'unique custom_id');
});

// ---------------------------------------------------------------------------------------------

interface Case {
  name: string;
  body: Json;
  valid: boolean;
}

const user = (content: Json): JsonObject => ({ role: 'user', content });

const CASES: Record<string, Case[]> = {
  '/v1/chat/completions': [
    { name: 'minimal', body: { messages: [user('hi')] }, valid: true },
    {
      name: 'full', valid: true,
      body: {
        model: 'mistral-small-latest', temperature: 1.5, top_p: 1, max_tokens: 0, stream: false, stop: ['END'], random_seed: 1,
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          user([{ type: 'text', text: 'What is here?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } }]),
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', content: '42', tool_call_id: 'c1', name: 'f' },
        ],
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }, { type: 'web_search' }],
        tool_choice: { type: 'function', function: { name: 'f' } },
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' }, strict: true } },
        presence_penalty: -2, frequency_penalty: 2, n: 2, parallel_tool_calls: false, reasoning_effort: 'high',
        prompt_mode: null, safe_prompt: true, service_tier: 'auto', metadata: { k: 1 },
      },
    },
    { name: 'typo temprature', body: { messages: [user('hi')], temprature: 0.5 }, valid: false },
    { name: 'role usr', body: { messages: [{ role: 'usr', content: 'hi' }] }, valid: false },
    { name: 'message without role', body: { messages: [{ content: 'hi' }] }, valid: false },
    { name: 'unknown field in a user message', body: { messages: [{ role: 'user', content: 'hi', prefix: true }] }, valid: false },
    { name: 'temperature 1.6', body: { messages: [user('hi')], temperature: 1.6 }, valid: false },
    { name: 'top_p 0 (exclusive minimum)', body: { messages: [user('hi')], top_p: 0 }, valid: false },
    { name: 'n 0', body: { messages: [user('hi')], n: 0 }, valid: false },
    { name: 'stream true', body: { messages: [user('hi')], stream: true }, valid: false },
    { name: 'missing messages', body: { temperature: 0.2 }, valid: false },
    { name: 'chunk type img', body: { messages: [user([{ type: 'img', text: 'x' }])] }, valid: false },
    { name: 'tool type func', body: { messages: [user('hi')], tools: [{ type: 'func', function: { name: 'f', parameters: {} } }] }, valid: false },
    { name: 'tool_choice auot', body: { messages: [user('hi')], tool_choice: 'auot' }, valid: false },
    { name: 'json_schema without schema', body: { messages: [user('hi')], response_format: { type: 'json_schema' } }, valid: false },
    { name: 'reasoning_effort extreme', body: { messages: [user('hi')], reasoning_effort: 'extreme' }, valid: false },
  ],
  '/v1/embeddings': [
    { name: 'one string', body: { input: 'hello' }, valid: true },
    { name: 'list and options', body: { input: ['a', 'b'], output_dimension: 256, output_dtype: 'int8', encoding_format: 'base64' }, valid: true },
    { name: 'typo inputs', body: { inputs: 'hello' }, valid: false },
    { name: 'encoding_format float32', body: { input: 'a', encoding_format: 'float32' }, valid: false },
    { name: 'output_dimension 0', body: { input: 'a', output_dimension: 0 }, valid: false },
    { name: 'input of numbers', body: { input: [1, 2] }, valid: false },
  ],
  '/v1/fim/completions': [
    { name: 'prompt and suffix', body: { prompt: 'def f(', suffix: '):\n    pass', max_tokens: 64, min_tokens: 1 }, valid: true },
    { name: 'typo sufix', body: { prompt: 'def f(', sufix: ')' }, valid: false },
    { name: 'missing prompt', body: { suffix: ')' }, valid: false },
    { name: 'max_tokens -1', body: { prompt: 'x', max_tokens: -1 }, valid: false },
    { name: 'temperature 2', body: { prompt: 'x', temperature: 2 }, valid: false },
    { name: 'messages belong to chat', body: { prompt: 'x', messages: [user('hi')] }, valid: false },
  ],
  '/v1/moderations': [
    { name: 'list of strings', body: { input: ['one', 'two'] }, valid: true },
    { name: 'typo inpt', body: { inpt: 'one' }, valid: false },
    { name: 'input number', body: { input: 5 }, valid: false },
  ],
  '/v1/chat/moderations': [
    { name: 'one conversation', body: { input: [user('hi'), { role: 'assistant', content: 'hello' }] }, valid: true },
    { name: 'several conversations', body: { input: [[user('hi')], [user('yo')]] }, valid: true },
    { name: 'mixed shapes', body: { input: [[user('hi')], user('yo')] }, valid: false },
    { name: 'role usr', body: { input: [{ role: 'usr', content: 'hi' }] }, valid: false },
    { name: 'typo inputs', body: { inputs: [user('hi')] }, valid: false },
  ],
  '/v1/ocr': [
    { name: 'document_url', body: { document: { type: 'document_url', document_url: 'https://example.com/a.pdf' }, pages: [0, 2], table_format: 'html' }, valid: true },
    { name: 'file by id', body: { document: { type: 'file', file_id: '3b0c7a52-51f4-4b2e-9d1e-6f0a8c2d4e19' }, pages: '0-3' }, valid: true },
    { name: 'document without type', body: { document: { document_url: 'https://example.com/a.pdf' } }, valid: true },
    { name: 'document type document_link', body: { document: { type: 'document_link', document_url: 'https://example.com/a.pdf' } }, valid: false },
    { name: 'file id not a UUID', body: { document: { type: 'file', file_id: 'abc' } }, valid: false },
    { name: 'table_format csv', body: { document: { type: 'image_url', image_url: 'https://example.com/a.png' }, table_format: 'csv' }, valid: false },
    { name: 'typo page', body: { document: { type: 'image_url', image_url: 'https://example.com/a.png' }, page: [0] }, valid: false },
    { name: 'missing document', body: { pages: [0] }, valid: false },
    { name: 'pages of strings', body: { document: { type: 'image_url', image_url: 'https://example.com/a.png' }, pages: ['1'] }, valid: false },
  ],
  '/v1/classifications': [
    { name: 'one string', body: { input: 'text' }, valid: true },
    { name: 'typo metdata', body: { input: 'text', metdata: {} }, valid: false },
    { name: 'missing input', body: {}, valid: false },
  ],
  '/v1/chat/classifications': [
    { name: 'one conversation', body: { input: { messages: [user('hi')] } }, valid: true },
    { name: 'several conversations', body: { input: [{ messages: [user('hi')] }, { messages: [user('yo')] }] }, valid: true },
    { name: 'role usr', body: { input: { messages: [{ role: 'usr', content: 'hi' }] } }, valid: false },
    { name: 'messages directly', body: { input: [user('hi')] }, valid: false },
  ],
  '/v1/conversations': [
    { name: 'string input', body: { inputs: 'Hello!', completion_args: { temperature: 0.3, tool_choice: 'none' }, store: false }, valid: true },
    { name: 'entries without type', body: { inputs: [user('hi'), { role: 'assistant', content: 'hello' }, user('bye')] }, valid: true },
    { name: 'typed entries', body: { inputs: [{ type: 'message.input', role: 'user', content: [{ type: 'text', text: 'hi' }] }, { type: 'function.result', tool_call_id: 'c', result: '1' }] }, valid: true },
    { name: 'typo input', body: { input: 'Hello!' }, valid: false },
    { name: 'role system entry', body: { inputs: [{ role: 'system', content: 'x' }] }, valid: false },
    { name: 'entry type message', body: { inputs: [{ type: 'message', role: 'user', content: 'x' }] }, valid: false },
    { name: 'handoff_execution cloud', body: { inputs: 'x', handoff_execution: 'cloud' }, valid: false },
    { name: 'completion_args temperature 1.2', body: { inputs: 'x', completion_args: { temperature: 1.2 } }, valid: false },
    { name: 'stream true', body: { inputs: 'x', stream: true }, valid: false },
  ],
  '/v1/audio/transcriptions': [
    { name: 'file_url', body: { file_url: 'https://example.com/a.mp3', language: 'en', timestamp_granularities: ['segment', 'word'], context_bias: ['Mistral'] }, valid: true },
    { name: 'file_id', body: { file_id: 'f-1', diarize: true }, valid: true },
    { name: 'typo file_ur1', body: { file_ur1: 'https://example.com/a.mp3' }, valid: false },
    { name: 'language eng', body: { file_id: 'f', language: 'eng' }, valid: false },
    { name: 'timestamp granularity sentence', body: { file_id: 'f', timestamp_granularities: ['sentence'] }, valid: false },
    { name: 'context_bias phrase', body: { file_id: 'f', context_bias: ['two words'] }, valid: false },
    { name: 'file_url empty', body: { file_url: '' }, valid: false },
    { name: 'no audio at all', body: { language: 'en' }, valid: false },
  ],
};

test('the case table covers every endpoint', () => {
  assert.deepEqual(Object.keys(CASES).sort(), [...endpoints].sort());
});

for (const [endpoint, cases] of Object.entries(CASES)) {
  for (const c of cases) {
    test(`${endpoint}: ${c.name} is ${c.valid ? 'valid' : 'invalid'}`, () => {
      const job = { endpoint, model: 'some-model', requests: [{ custom_id: '1', body: c.body }] };
      const v = verdict(validateBatch, job);
      assert.equal(v.ok, c.valid, v.why);
    });
  }
}

// ---------------------------------------------------------------------------------------------

const JOB_CASES: { name: string; job: Json; valid: boolean }[] = [
  { name: 'model and requests', job: { endpoint: '/v1/embeddings', model: 'mistral-embed', requests: [{ body: { input: 'a' } }] }, valid: true },
  { name: 'agent_id instead of model', job: { endpoint: '/v1/chat/completions', agent_id: 'ag_1', requests: [{ custom_id: 'a', body: { messages: [user('x')] } }] }, valid: true },
  { name: 'neither model nor agent_id', job: { endpoint: '/v1/embeddings', requests: [{ body: { input: 'a' } }] }, valid: false },
  { name: 'missing endpoint', job: { model: 'mistral-embed' }, valid: false },
  { name: 'unknown endpoint', job: { endpoint: '/v1/completions', model: 'm' }, valid: false },
  { name: 'unknown top-level property', job: { endpoint: '/v1/embeddings', model: 'm', timeout: 3 }, valid: false },
  { name: '$schema allowed', job: { $schema: './batch-job.schema.json', endpoint: '/v1/embeddings', model: 'm' }, valid: true },
  { name: 'timeout_hours 0', job: { endpoint: '/v1/embeddings', model: 'm', timeout_hours: 0 }, valid: false },
  { name: 'timeout_hours 168', job: { endpoint: '/v1/embeddings', model: 'm', timeout_hours: 168 }, valid: true },
  { name: 'timeout_hours 169', job: { endpoint: '/v1/embeddings', model: 'm', timeout_hours: 169 }, valid: false },
  { name: 'timeout_hours 1.5', job: { endpoint: '/v1/embeddings', model: 'm', timeout_hours: 1.5 }, valid: false },
  { name: 'metadata ok', job: { endpoint: '/v1/embeddings', model: 'm', metadata: { team: 'x'.repeat(512), ['k'.repeat(32)]: 'v' } }, valid: true },
  { name: 'metadata key of 33', job: { endpoint: '/v1/embeddings', model: 'm', metadata: { ['k'.repeat(33)]: 'v' } }, valid: false },
  { name: 'metadata empty key', job: { endpoint: '/v1/embeddings', model: 'm', metadata: { '': 'v' } }, valid: false },
  { name: 'metadata value of 513', job: { endpoint: '/v1/embeddings', model: 'm', metadata: { k: 'x'.repeat(513) } }, valid: false },
  { name: 'metadata empty value', job: { endpoint: '/v1/embeddings', model: 'm', metadata: { k: '' } }, valid: false },
  { name: 'metadata number value', job: { endpoint: '/v1/embeddings', model: 'm', metadata: { k: 1 } }, valid: false },
  { name: 'request without custom_id', job: { endpoint: '/v1/embeddings', model: 'm', requests: [{ body: { input: 'a' } }] }, valid: true },
  { name: 'request without body', job: { endpoint: '/v1/embeddings', model: 'm', requests: [{ custom_id: 'a' }] }, valid: false },
  { name: 'request with extra key', job: { endpoint: '/v1/embeddings', model: 'm', requests: [{ custom_id: 'a', body: { input: 'a' }, method: 'POST' }] }, valid: false },
  { name: '10000 requests', job: { endpoint: '/v1/embeddings', model: 'm', requests: Array.from({ length: 10000 }, () => ({ body: { input: 'a' } })) }, valid: true },
  { name: '10001 requests', job: { endpoint: '/v1/embeddings', model: 'm', requests: Array.from({ length: 10001 }, () => ({ body: { input: 'a' } })) }, valid: false },
];

for (const c of JOB_CASES) {
  test(`job: ${c.name} is ${c.valid ? 'valid' : 'invalid'}`, () => {
    const v = verdict(validateBatch, c.job);
    assert.equal(v.ok, c.valid, v.why);
  });
}

const INPUT_FILES: [string, boolean][] = [
  ['3b0c7a52-51f4-4b2e-9d1e-6f0a8c2d4e19', true],
  ['inputs/chat-requests.jsonl', true],
  ['requests.jsonl', true],
  ['../shared/requests.jsonl', true],
  ['data\\part-1.jsonl', true],
  ['/home/me/requests.jsonl', false],
  ['\\\\server\\share\\requests.jsonl', false],
  ['C:\\data\\requests.jsonl', false],
  ['c:requests.jsonl', false],
  ['https://example.com/requests.jsonl', false],
  ['file:///tmp/requests.jsonl', false],
  ['inputs/requests.json', false],
  ['.jsonl', false],
  ['not-a-uuid', false],
];

for (const [entry, ok] of INPUT_FILES) {
  test(`input_files entry ${JSON.stringify(entry)} is ${ok ? 'accepted' : 'rejected'}`, () => {
    const v = verdict(validateBatch, { endpoint: '/v1/chat/completions', model: 'm', input_files: [entry] });
    assert.equal(v.ok, ok, v.why);
  });
}

test('input_files entries carry an errorMessage for the engine', () => {
  const items = ((batchSchema.properties as JsonObject).input_files as JsonObject).items as JsonObject;
  assert.equal(typeof items.errorMessage, 'string');
});

// ---------------------------------------------------------------------------------------------

test('models.json: unique ids, one-line descriptions, API facts, endpoints from the enum, examples covered', () => {
  const catalogue = readJson(path.join(SCHEMAS, 'models.json'));
  assert.equal(typeof catalogue.note, 'string');
  const models = catalogue.models as JsonObject[];
  assert.ok(models.length >= 15);
  const ids = new Set<string>();
  for (const m of models) {
    assert.equal(typeof m.id, 'string');
    assert.ok(!ids.has(m.id as string), `duplicate ${m.id}`);
    ids.add(m.id as string);
    assert.ok(typeof m.description === 'string' && m.description.length > 10 && !m.description.includes('\n'), `${m.id}: description`);
    assert.ok(Number.isInteger(m.max_context_length) && (m.max_context_length as number) > 0, `${m.id}: max_context_length`);
    assert.ok(Array.isArray(m.capabilities), `${m.id}: capabilities`);
    const served = endpointsOf(fromSnapshot(m as unknown as SnapshotModel));
    assert.ok(served.length > 0, `${m.id}: serves some endpoint`);
    for (const e of served) assert.ok(endpoints.includes(e), `${m.id}: ${e} is a batch endpoint`);
  }
  for (const file of exampleFiles.filter((f) => !f.includes('-broken'))) {
    const job = readJson(path.join(EXAMPLES, file));
    assert.ok(ids.has(job.model as string), `${file}: model ${job.model} is in the catalogue`);
    const model = models.find((m) => m.id === job.model) as JsonObject;
    assert.ok(endpointsOf(fromSnapshot(model as unknown as SnapshotModel)).includes(job.endpoint as string), `${file}: ${job.model} serves ${job.endpoint}`);
  }
});

// ---------------------------------------------------------------------------------------------

/** Visits every schema object, never values of non-schema keywords such as `enum` or `default`.
 *  Unless `all`, skips `if`/`then`/`else`/`not` subtrees: selectors and overlays, not places where a
 *  user's value is described (the `then` of a dispatch is a `$ref` to a `$defs` entry, walked anyway). */
function walk(node: Json, at: string[], visit: (node: JsonObject, at: string[]) => void, all = false): void {
  if (!isObject(node)) return;
  visit(node, at);
  const one = ['items', 'additionalProperties', 'propertyNames', 'contains', ...(all ? ['if', 'then', 'else', 'not'] : [])];
  for (const key of one) {
    if (isObject(node[key])) walk(node[key], [...at, key], visit, all);
  }
  for (const key of ['properties', '$defs', 'patternProperties']) {
    const map = node[key];
    if (isObject(map)) for (const [name, sub] of Object.entries(map)) walk(sub, [...at, key, name], visit, all);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((sub, i) => walk(sub, [...at, key, String(i)], visit, all));
  }
}
