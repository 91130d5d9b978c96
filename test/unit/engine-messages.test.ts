// The engine's words and places: exact messages, "did you mean", paths and `on`, references,
// the depth guard, and a volume run that must simply finish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRefError, SchemaRegistry } from '../../server/schema/registry';
import { compile, validatorFor } from '../../server/schema/validate';
import { didYouMean, editDistance } from '../../server/schema/suggest';
import type { JsonValue, Problem, Schema } from '../../server/schema/types';

const URI = 'https://test.local/s.json';
const seen: string[] = [];

function check(schema: Schema, value: JsonValue, path: (string | number)[] = []): Problem[] {
  const registry = new SchemaRegistry();
  registry.add(URI, schema);
  const v = compile(registry, URI);
  const problems = v.validate(value, path);
  assert.equal(v.isValid(value), !problems.some((p) => p.severity === 'error'), 'isValid agrees with validate');
  seen.push(...problems.map((p) => p.message));
  return problems;
}

function messages(schema: Schema, value: JsonValue, path: (string | number)[] = []): string[] {
  return check(schema, value, path).map((p) => p.message);
}

const obj = (properties: Record<string, Schema>, extra: Record<string, JsonValue> = {}): Schema => ({ type: 'object', properties, ...extra });

test('number ranges', () => {
  assert.deepEqual(messages(obj({ timeout_hours: { type: 'integer', minimum: 1, maximum: 168 } }), { timeout_hours: 0 }), ['"timeout_hours" must be between 1 and 168 (got 0)']);
  assert.deepEqual(messages(obj({ timeout_hours: { type: 'integer', minimum: 1 } }), { timeout_hours: 0 }), ['"timeout_hours" must be at least 1 (got 0)']);
  assert.deepEqual(messages(obj({ temperature: { exclusiveMaximum: 2 } }), { temperature: 5 }), ['"temperature" must be less than 2 (got 5)']);
  assert.deepEqual(messages(obj({ top_p: { exclusiveMinimum: 0, maximum: 1 } }), { top_p: 0 }), ['"top_p" must be greater than 0 and at most 1 (got 0)']);
  assert.deepEqual(messages(obj({ n: { multipleOf: 0.5 } }), { n: 1.25 }), ['"n" must be a multiple of 0.5 (got 1.25)']);
  assert.deepEqual(messages({ type: 'integer' }, 1.0), [], '1.0 is an integer');
});

test('enum and const', () => {
  const role = { enum: ['system', 'user', 'assistant', 'tool'] };
  assert.deepEqual(messages(obj({ role }), { role: 'usr' }), ['"usr" is not a valid role; expected one of system, user, assistant, tool (did you mean "user"?)']);
  const many = { enum: Array.from({ length: 15 }, (_, i) => `v${i}`) };
  assert.deepEqual(messages(obj({ mode: many }), { mode: 'x' }), ['"x" is not a valid mode; expected one of v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11 …and 3 more']);
  assert.deepEqual(messages({ type: 'array', items: role }, ['user', 'boss'], ['stop']), ['item 2 of "stop" must be one of system, user, assistant, tool (got "boss")']);
  assert.deepEqual(messages(obj({ type: { const: 'text' } }), { type: 'txt' }), ['"type" must be "text" (got "txt")']);
  assert.deepEqual(messages({ enum: [1, 2] }, 1.0), []);
});

test('unknown properties and did-you-mean', () => {
  const schema = obj({ model: { type: 'string' }, messages: { type: 'array' } }, { additionalProperties: false });
  const [p] = check(schema, { modle: 'x' }, ['requests', 0, 'body']);
  assert.equal(p.message, 'unknown property "modle" (did you mean "model"?)');
  assert.equal(p.on, 'key');
  assert.deepEqual(p.path, ['requests', 0, 'body', 'modle']);
  assert.equal(p.keyword, 'additionalProperties');
  assert.deepEqual(messages(schema, { zzzzzz: 1 }), ['unknown property "zzzzzz"']);
  assert.deepEqual(messages(schema, { model: 'm', modle: 'x' }), ['unknown property "modle"'], 'no suggestion of a property already present');
  const uneval = { properties: { model: true }, allOf: [{ properties: { stream: true } }], unevaluatedProperties: false };
  assert.deepEqual(messages(uneval, { straem: true }), ['unknown property "straem" (did you mean "stream"?)']);
  assert.equal(didYouMean('max_token', ['max_tokens', 'model']), 'max_tokens');
  assert.equal(didYouMean('Temperature', ['temperature']), 'temperature');
  assert.equal(didYouMean('abc', ['model']), undefined);
  assert.equal(editDistance('modle', 'model'), 1);
});

test('required: one problem per missing property, on the object', () => {
  const problems = check({ type: 'object', required: ['model', 'endpoint'] }, {}, ['job']);
  assert.deepEqual(problems.map((p) => [p.message, p.path, p.on]), [
    ['missing required property "model"', ['job'], 'value'],
    ['missing required property "endpoint"', ['job'], 'value'],
  ]);
  assert.deepEqual(messages({ dependentRequired: { a: ['b'] } }, { a: 1 }), ['missing property "b", which is required when "a" is present']);
});

test('types, lengths, counts', () => {
  assert.deepEqual(messages(obj({ max_tokens: { type: 'integer' } }), { max_tokens: '5' }), ['"max_tokens" must be an integer (got string "5")']);
  assert.deepEqual(messages(obj({ messages: { type: 'array' } }), { messages: {} }), ['"messages" must be an array (got object)']);
  assert.deepEqual(messages({ type: 'array', items: { type: 'object' } }, [{}, {}, 'x'], ['messages']), ['item 3 of "messages" must be an object (got string "x")']);
  assert.deepEqual(messages(obj({ requests: { maxItems: 10000 } }), { requests: new Array<JsonValue>(10001).fill(null) }), ['"requests" has 10001 items; at most 10000 are allowed']);
  assert.deepEqual(messages(obj({ custom_id: { maxLength: 64 } }), { custom_id: 'x'.repeat(70) }), ['"custom_id" must be at most 64 characters (got 70)']);
  assert.deepEqual(messages(obj({ custom_id: { maxLength: 64 } }), { custom_id: '🙂'.repeat(64) }), [], 'code points, not UTF-16 units');
  assert.deepEqual(messages(obj({ input: { minLength: 1 } }), { input: '' }), ['"input" must not be empty']);
  assert.deepEqual(messages(obj({ input: { minItems: 1 } }), { input: [] }), ['"input" must not be empty']);
  assert.deepEqual(messages(obj({ tags: { uniqueItems: true } }), { tags: ['a', 'b', 'a'] }), ['"tags" must not contain duplicates (items 1 and 3 are equal)']);
  assert.deepEqual(messages({ maxProperties: 1 }, { a: 1, b: 2 }), ['the document has 2 properties; at most 1 is allowed']);
});

test('pattern, patternErrorMessage, errorMessage', () => {
  assert.deepEqual(messages(obj({ x: { pattern: '^a+$' } }), { x: 'b' }), ['"x" must match the pattern ^a+$']);
  assert.deepEqual(messages(obj({ x: { pattern: '^a+$', patternErrorMessage: 'only a letters' } }), { x: 'b' }), ['only a letters']);
  const file: Schema = { type: 'string', anyOf: [{ format: 'uuid' }, { pattern: '\\.jsonl$' }], errorMessage: 'an input file must be a UUID or a .jsonl path' };
  const problems = check({ type: 'array', items: file }, ['x.txt', 'a.jsonl', '123e4567-e89b-12d3-a456-426614174000'], ['input_files']);
  assert.deepEqual(problems.map((p) => [p.message, p.path]), [['an input file must be a UUID or a .jsonl path', ['input_files', 0]]]);
  assert.deepEqual(messages({ format: 'uuid' }, 'nope', ['file_id']), ['"file_id" must be a UUID (got "nope")']);
  assert.deepEqual(messages({ format: 'date-time' }, 'nope'), [], 'other formats are annotations');
});

test('anyOf and oneOf name the form the value meant', () => {
  const content = obj({ content: { anyOf: [{ type: 'string' }, { type: 'array' }] } });
  assert.deepEqual(messages(content, { content: 5 }), ['"content" must be a string or an array (got number 5)']);
  const chunk = (type: string, field: string): Schema => ({ type: 'object', properties: { type: { const: type }, [field]: { type: 'string' } }, required: ['type', field], additionalProperties: false });
  const chunks: Schema = { type: 'array', items: { oneOf: [chunk('text', 'text'), chunk('image_url', 'image_url')] } };
  assert.deepEqual(messages(chunks, [{ type: 'image_url', image_url: 5 }], ['content']), ['"image_url" must be a string (got number 5)']);
  assert.deepEqual(messages(chunks, [{ type: 'image_url' }], ['content']), ['missing required property "image_url"']);
  assert.deepEqual(messages(chunks, [{ type: 'txt', text: 'a' }], ['content']), ['"txt" is not a valid type; expected one of text, image_url']);
  assert.deepEqual(messages(obj({ x: { oneOf: [{ type: 'integer' }, { minimum: 0 }, { type: 'number' }] } }), { x: 3 }), ['"x" matches more than one allowed form (options 1, 2 and 3)']);
  const fewest = obj({ v: { anyOf: [{ type: 'object', required: ['a', 'b'] }, { type: 'object', required: ['c'] }] } });
  // Every form lacks only properties: say which sets would do, rather than one form's list.
  assert.deepEqual(messages(fewest, { v: {} }), ['"v" needs "a" and "b" or "c"']);
  assert.deepEqual(messages(fewest, { v: { a: 1 } }), ['"v" needs "b" or "c"'], 'what is still missing');
});

test('alternatives that are only required lists read as "needs a or b"', () => {
  const either: Schema = { type: 'object', anyOf: [{ required: ['file_url'] }, { required: ['file_id'] }] };
  assert.deepEqual(messages(obj({ body: either }), { body: { language: 'en' } }), ['"body" needs "file_url" or "file_id"']);
  assert.deepEqual(messages(obj({ body: either }), { body: { file_id: 'x' } }), []);
  const pairs = { oneOf: [{ required: ['a', 'b'] }, { required: ['c'] }] };
  assert.deepEqual(messages(pairs, {}), ['the document needs "a" and "b" or "c"']);
});

test('not, if/then/else, false, deprecated', () => {
  assert.deepEqual(messages(obj({ x: { not: { type: 'string' } } }), { x: 'a' }), ['"x" must not be a string']);
  assert.deepEqual(messages(obj({ x: { not: {} } }), { x: 1 }), ['"x" is not allowed']);
  assert.deepEqual(messages({ not: { required: ['a', 'b'] } }, { a: 1, b: 2 }), ['the document must not have all of the properties "a" and "b"']);
  assert.deepEqual(messages(obj({ x: false }), { x: 1 }), ['"x" is not allowed']);
  const cond = { if: { properties: { kind: { const: 'a' } } }, then: { required: ['a'] }, else: { required: ['b'] } };
  assert.deepEqual(messages(cond, { kind: 'a' }), ['missing required property "a"']);
  assert.deepEqual(messages(cond, { kind: 'z' }), ['missing required property "b"']);
  const dep = check(obj({ old: { type: 'string', deprecated: true } }), { old: 'x' });
  assert.deepEqual(dep.map((p) => [p.message, p.severity]), [['"old" is deprecated', 'warning']]);
  // A warning must not depend on whether something else failed: a $dynamicRef that lands on a
  // deprecated schema gives none with `z` present, so none without it either.
  const dynamic: Schema = {
    $id: URI, $ref: 'inner', required: ['z'],
    $defs: { foo: { $dynamicAnchor: 'x', deprecated: true }, inner: { $id: 'inner', $defs: { d: { $dynamicAnchor: 'x' } }, $dynamicRef: '#x' } },
  };
  assert.deepEqual(messages(dynamic, { z: 1 }), []);
  assert.deepEqual(messages(dynamic, {}), ['missing required property "z"']);
});

test('propertyNames problems sit on the key', () => {
  const meta = obj({ metadata: { type: 'object', propertyNames: { minLength: 1, maxLength: 32 }, additionalProperties: { type: 'string' } } });
  const [p] = check(meta, { metadata: { ['k'.repeat(33)]: 'v' } });
  assert.equal(p.message, `key "${'k'.repeat(33)}" of "metadata" must be at most 32 characters (got 33)`);
  assert.equal(p.on, 'key');
  assert.deepEqual(p.path, ['metadata', 'k'.repeat(33)]);
  assert.deepEqual(messages(meta, { metadata: { '': 'v' } }), ['keys of "metadata" must not be empty']);
});

test('references: pointers with escapes, anchors, relative $id, other documents', () => {
  const registry = new SchemaRegistry();
  registry.add('https://schemas.local/batch-job.schema.json', {
    $id: 'batch-job.schema.json',
    $defs: { 'a/b': { type: 'integer' }, 'c~d': { type: 'string' }, 'e f': { type: 'boolean' }, named: { $anchor: 'nm', type: 'null' } },
    properties: {
      p: { $ref: '#/$defs/a~1b' }, q: { $ref: '#/$defs/c~0d' }, r: { $ref: '#/$defs/e%20f' }, s: { $ref: '#nm' },
      body: { $ref: 'bodies/chat.schema.json' }, inner: { $id: 'sub/inner.json', $ref: 'leaf.json' },
    },
  });
  registry.add('https://schemas.local/bodies/chat.schema.json', { type: 'object', required: ['messages'] });
  registry.add('https://schemas.local/sub/leaf.json', { const: 'leaf' });
  const v = compile(registry, 'https://schemas.local/batch-job.schema.json');
  assert.ok(v.isValid({ p: 1, q: 'x', r: true, s: null, body: { messages: [] }, inner: 'leaf' }));
  assert.deepEqual(v.validate({ p: 'x', q: 1, r: 1, s: 1, body: {}, inner: 'x' }).map((p) => p.message), [
    '"p" must be an integer (got string "x")', '"q" must be a string (got number 1)', '"r" must be a boolean (got number 1)',
    '"s" must be null (got number 1)', 'missing required property "messages"', '"inner" must be "leaf" (got "x")',
  ]);
  assert.ok(compile(registry, 'https://schemas.local/batch-job.schema.json#/$defs/a~1b').isValid(3));
  assert.throws(() => compile(registry, 'https://schemas.local/nothing.json'), SchemaRefError);
  registry.add('https://schemas.local/broken.json', { properties: { x: { $ref: 'missing.json' } } });
  const broken = compile(registry, 'https://schemas.local/broken.json');
  assert.deepEqual(broken.validate({ x: 1 }).map((p) => p.message), ['cannot check "x": the definition "missing.json" was not found']);
  assert.equal(broken.isValid({ x: 1 }), false);
  assert.ok(validatorFor(registry, { $ref: 'bodies/chat.schema.json' }, 'https://schemas.local/').isValid({ messages: [] }));
});

test('recursive schemas and the depth guard', () => {
  const tree: Schema = { type: 'array', items: { $ref: '#' } };
  let deep: JsonValue = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const problems = check(tree, deep);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].message, 'item 1 of a list nested 512 levels deep is nested too deeply to check (more than 512 levels)');
  assert.equal(problems[0].path.length, 512);
  assert.deepEqual(messages(tree, [[[]], []]), []);
  assert.deepEqual(messages({ type: 'array' }, deep), [], 'no descent, no limit');
  assert.deepEqual(messages({ uniqueItems: true }, [deep, deep]), ['the document must not contain duplicates (items 1 and 2 are equal)']);
  assert.deepEqual(messages({ const: [[1]] }, deep).length, 1);
  assert.deepEqual(messages({ $ref: '#' }, 1).map((p) => p.includes('too deeply')), [true], 'a reference loop without data ends in a problem');
});

test('volume: 10,000 chat bodies validate (no timing assertion, it just has to finish)', () => {
  const registry = new SchemaRegistry();
  const message: Schema = { type: 'object', properties: { role: { enum: ['system', 'user', 'assistant', 'tool'] }, content: { type: ['string', 'array', 'null'] } }, required: ['role'], additionalProperties: false };
  registry.add(URI, obj({ messages: { type: 'array', minItems: 1, items: message }, temperature: { type: 'number', minimum: 0, maximum: 1.5 }, max_tokens: { type: 'integer', minimum: 0 } }, { required: ['messages'], additionalProperties: false }));
  const v = compile(registry, URI);
  let valid = 0;
  let problems = 0;
  for (let i = 0; i < 10_000; i++) {
    const body = { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: `Question ${i}` }], temperature: (i % 15) / 10, max_tokens: 100 };
    if (v.isValid(body) && v.validate(body).length === 0) valid++;
    problems += v.validate({ ...body, temperature: 2, modle: 'x' }).length;
  }
  assert.equal(valid, 10_000);
  assert.equal(problems, 20_000);
});

test('messages never say "instance" or "schema"', () => {
  assert.ok(seen.length > 40);
  for (const m of seen) assert.doesNotMatch(m, /\binstance\b|\bschema\b/i, m);
});
