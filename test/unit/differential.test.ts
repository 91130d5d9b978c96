// Differential test: thousands of generated batch documents, valid and broken, must get the same
// valid/invalid verdict from this engine and from Ajv (draft 2020-12). A mismatch prints the document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { UUID_PATTERN } from '../../server/schema/format';
import { SchemaRegistry } from '../../server/schema/registry';
import { compile, validatorFor } from '../../server/schema/validate';
import type { JsonObject, JsonValue, Schema, SchemaObject } from '../../server/schema/types';

const repo = path.resolve(__dirname, '../../..');
const BASE = 'https://schemas.local/';
const BATCH_URI = `${BASE}batch-job.schema.json`;
const DOCS = 4000;

/** The bundled schemas, or the seed's CreateBatchJobRequest while the bundled ones are not written yet. */
function loadSchemas(): { batch: SchemaObject; bodies: Map<string, Schema> } {
  const file = path.join(repo, 'schemas/batch-job.schema.json');
  const bodies = new Map<string, Schema>();
  if (fs.existsSync(file)) {
    const dir = path.join(repo, 'schemas/bodies');
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
      if (name.endsWith('.schema.json')) bodies.set(`${BASE}bodies/${name}`, JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Schema);
    }
    return { batch: JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaObject, bodies };
  }
  const seed = fs.readFileSync(path.resolve(repo, '../shared/seed/000_1927599915837be6.txt'), 'utf8');
  const batch = JSON.parse(seed.slice(seed.indexOf('{', seed.indexOf('JSON Schema')))) as SchemaObject;
  delete batch.$id; // a fragment-only $id is not an identifier in 2020-12; Ajv would reject it
  return { batch, bodies };
}

/** Small, fast, seeded: the same documents on every run, so a failure can be reproduced. */
class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const WORDS = ['hello', 'Bonjour', 'what is 2+2?', 'résumé', '日本語', '🙂 emoji', 'x', 'mistral-small-latest', 'en', 'inputs/requests.jsonl'];

function uuid(rng: Rng): string {
  const hex = (n: number): string => Array.from({ length: n }, () => rng.pick('0123456789abcdefABCDEF'.split(''))).join('');
  return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

/** Builds a value that aims to satisfy a schema; it does not have to succeed, both engines judge it. */
class Generator {
  constructor(private readonly registry: SchemaRegistry, private readonly rng: Rng) {}

  private deref(schema: Schema, base: string): { s: Schema; base: string } {
    let s = schema;
    let b = base;
    for (let hops = 0; typeof s === 'object' && typeof s.$ref === 'string' && hops < 20; hops++) {
      const found = this.registry.resolve(s.$ref, this.registry.baseOf(s) ?? b);
      s = found.schema;
      b = found.base;
    }
    return { s, base: typeof s === 'object' ? this.registry.baseOf(s) ?? b : b };
  }

  value(schema: Schema, base: string, depth: number): JsonValue {
    const rng = this.rng;
    const { s, base: b } = this.deref(schema, base);
    if (s === true) return rng.pick(WORDS);
    if (s === false) return null;
    if (s.const !== undefined) return structuredClone(s.const);
    if (Array.isArray(s.enum)) return structuredClone(rng.pick(s.enum));
    const branches = s.anyOf ?? s.oneOf;
    if (branches && branches.length > 0) {
      const { anyOf: _a, oneOf: _o, ...rest } = s;
      const chosen = this.deref(rng.pick(branches), b);
      return this.value(typeof chosen.s === 'object' ? { ...rest, ...chosen.s } : chosen.s, chosen.base, depth);
    }
    if (s.if !== undefined && (s.then !== undefined || s.else !== undefined)) {
      // Take one side of the conditional as if it applied; whichever way `if` then goes, both engines judge it.
      const { if: _if, then, else: otherwise, ...rest } = s;
      const side = this.deref((rng.chance(0.5) ? then ?? otherwise : otherwise ?? then) as Schema, b);
      return this.value(typeof side.s === 'object' ? { ...rest, ...side.s } : side.s, side.base, depth);
    }
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : s.items ? ['array'] : ['string', 'integer', 'boolean'];
    const nonNull = types.filter((t) => t !== 'null');
    const type = nonNull.length === 0 || rng.chance(0.08) ? rng.pick(types) : rng.pick(nonNull);
    switch (type) {
      case 'object': return this.object(s, b, depth);
      case 'array': {
        const prefix = s.prefixItems ?? [];
        const min = Math.max(s.minItems ?? 0, prefix.length);
        const n = Math.min(s.maxItems ?? Infinity, min + rng.int(0, depth > 3 ? 1 : 3));
        return Array.from({ length: n }, (_, i) => (i < prefix.length ? this.value(prefix[i], b, depth + 1) : this.value(s.items ?? true, b, depth + 1)));
      }
      case 'string': return this.string(s);
      case 'integer': case 'number': return this.number(s, type === 'integer');
      case 'boolean': return rng.chance(0.5);
      default: return null;
    }
  }

  private object(s: SchemaObject, base: string, depth: number): JsonObject {
    const rng = this.rng;
    const obj: JsonObject = {};
    const props = s.properties ?? {};
    const required = new Set(s.required ?? []);
    for (const name of required) obj[name] = this.value(props[name] ?? true, base, depth + 1);
    for (const [name, sub] of Object.entries(props)) {
      if (!required.has(name) && depth < 8 && rng.chance(depth > 3 ? 0.1 : 0.3)) obj[name] = this.value(sub, base, depth + 1);
    }
    if (Object.keys(props).length === 0 && typeof s.additionalProperties === 'object') {
      for (let i = rng.int(0, 3); i > 0; i--) obj[rng.pick(['team', 'run', 'k', 'owner'])] = this.value(s.additionalProperties, base, depth + 1);
    }
    // Variants are picked by allOf [{if, then}]: add what the matching `then` requires.
    for (const entry of s.allOf ?? []) {
      const e = this.deref(entry, base);
      if (typeof e.s !== 'object') continue;
      const branch = e.s.if !== undefined ? (validatorFor(this.registry, e.s.if, e.base).isValid(obj) ? e.s.then : e.s.else) : e.s;
      if (branch === undefined) continue;
      const extra = this.value(branch, e.base, depth + 1);
      if (typeof extra === 'object' && extra !== null && !Array.isArray(extra)) Object.assign(obj, extra);
    }
    return obj;
  }

  private string(s: SchemaObject): string {
    const rng = this.rng;
    if (s.format === 'uuid') return uuid(rng);
    if (s.format === 'date-time') return '2025-01-02T03:04:05Z';
    let text = rng.pick(WORDS);
    if (typeof s.pattern === 'string') {
      const re = new RegExp(s.pattern, 'u');
      text = WORDS.find((w) => re.test(w)) ?? text;
    }
    if (s.minLength !== undefined && [...text].length < s.minLength) text = text.padEnd(s.minLength, 'a');
    if (s.maxLength !== undefined && [...text].length > s.maxLength) text = [...text].slice(0, s.maxLength).join('');
    return text;
  }

  private number(s: SchemaObject, integer: boolean): number {
    const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 0.01) : 0);
    const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 0.01) : lo + 100);
    const x = lo + this.rng.next() * Math.max(0, hi - lo);
    return integer ? Math.min(hi, Math.ceil(x)) : Math.round(x * 100) / 100;
  }
}

/** Every [container, key] in a value, so a mutation can pick any place. */
function places(root: JsonValue): [JsonObject | JsonValue[], string | number][] {
  const out: [JsonObject | JsonValue[], string | number][] = [];
  const walk = (v: JsonValue): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), walk(x)));
    else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) (out.push([v, k]), walk(v[k]));
  };
  walk(root);
  return out;
}

function set(container: JsonObject | JsonValue[], key: string | number, value: JsonValue): void {
  (container as Record<string | number, JsonValue>)[key] = value;
}

function mutate(doc: JsonObject, rng: Rng): void {
  const spots = places(doc);
  const [container, key] = rng.pick(spots);
  const current = (container as Record<string | number, JsonValue>)[key];
  const objects = spots.map(([c, k]) => (c as Record<string | number, JsonValue>)[k]).filter((v): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v));
  switch (rng.int(0, 11)) {
    case 0: set(container, key, rng.pick<JsonValue>([5, 'five', true, null, [], {}, 2.5, -1])); break;
    case 1: if (typeof current === 'string') set(container, key, current.length > 1 ? current.slice(1) + current[0] + 'z' : 'zzz'); break;
    case 2: set(container, key, rng.pick([-1, 0, 1, 1.5, 169, 168, 1e9, 10001, 2])); break;
    case 3: {
      const target = rng.pick([doc, ...objects]);
      const keys = Object.keys(target);
      const k = keys.length > 0 ? rng.pick(keys) : 'extra';
      target[k.length > 2 ? k[1] + k[0] + k.slice(2) : 'extra_field'] = 1;
      break;
    }
    case 4: {
      const target = rng.pick([doc, ...objects]);
      const keys = Object.keys(target);
      if (keys.length > 0) delete target[rng.pick(keys)];
      break;
    }
    case 5: set(container, key, Array.isArray(current) ? [] : ''); break;
    case 6: doc.input_files = [rng.pick(['2eb8aa08-aa98-11ea-b4aa-73b441d1638', '2eb8aa08-aa98-11ea-b4aa-73b441d16380\n', '2EB8AA08-AA98-11EA-B4AA-73B441D16380', 'not-a-uuid', '/abs/requests.jsonl', 'data/in.jsonl', 'C:/x.jsonl', uuid(rng)])]; break;
    case 7: doc.metadata = { [rng.pick(['', 'k', 'k'.repeat(32), 'k'.repeat(33)])]: rng.pick(['', 'v', 'v'.repeat(512), 'v'.repeat(513), 5 as JsonValue]) }; break;
    case 8: doc.timeout_hours = rng.pick<JsonValue>([0, 1, 24, 168, 169, 24.0, 24.5, '24', null]); break;
    case 9: doc.endpoint = rng.pick(['/v1/chat/completions', '/v1/embeddings', '/v1/ocr', '/v1/chat', 'v1/embeddings']); break;
    case 10: if (rng.chance(0.5)) delete doc.model; else doc.agent_id = rng.pick<JsonValue>(['ag_1', 7]); break;
    default: {
      const request = Array.isArray(doc.requests) && doc.requests.length > 0 ? rng.pick(doc.requests) : undefined;
      if (typeof request === 'object' && request !== null && !Array.isArray(request)) request.custom_id = rng.pick<JsonValue>([1, '', 'id-1', null]);
      break;
    }
  }
}

test('differential: engine and Ajv agree on generated batch documents', () => {
  const { batch, bodies } = loadSchemas();
  const registry = new SchemaRegistry();
  registry.add(BATCH_URI, batch);
  for (const [uri, schema] of bodies) registry.add(uri, schema);
  const ours = compile(registry, BATCH_URI);

  const ajv = new Ajv2020({ strict: false, allErrors: false, logger: false });
  ajv.addFormat('uuid', UUID_PATTERN);
  // Every other format is an annotation here, as in our engine; tell Ajv so explicitly.
  for (const name of ['date-time', 'date', 'time', 'uri', 'uri-reference', 'email', 'hostname', 'ipv4', 'ipv6', 'regex', 'duration', 'binary', 'byte']) ajv.addFormat(name, true);
  for (const [uri, schema] of bodies) ajv.addSchema(schema as object, uri);
  // Ajv takes a document's own $id as its name; give it the absolute form of the relative one.
  const theirs = ajv.compile({ ...batch, $id: BATCH_URI });

  const endpoints = (batch.properties?.endpoint as SchemaObject | undefined)?.enum?.filter((e): e is string => typeof e === 'string') ?? ['/v1/chat/completions'];
  const bodyFor = (endpoint: string): Schema => {
    for (const entry of batch.allOf ?? []) {
      if (typeof entry !== 'object' || typeof entry.if !== 'object' || typeof entry.then !== 'object') continue;
      const e = entry.if.properties?.endpoint;
      const body = (((entry.then.properties?.requests as SchemaObject | undefined)?.items as SchemaObject | undefined)?.properties?.body) as SchemaObject | undefined;
      if (typeof e === 'object' && e.const === endpoint && body?.$ref) return { $ref: new URL(body.$ref, BATCH_URI).href };
    }
    return { type: 'object' };
  };

  const rng = new Rng(0x5eed);
  const gen = new Generator(registry, rng);
  const mismatches: string[] = [];
  let valid = 0;
  let invalid = 0;
  // Unmutated documents per endpoint, [valid, invalid]: shows the generator really builds valid bodies.
  const pristine = new Map<string, [number, number]>();
  const judge = (doc: JsonObject): void => {
    const a = ours.isValid(doc);
    const b = theirs(doc) as boolean;
    const worded = !ours.validate(doc).some((p) => p.severity === 'error');
    if (a) valid++;
    else invalid++;
    if (a !== b || worded !== a) {
      const text = JSON.stringify(doc);
      mismatches.push(`engine=${a} ajv=${b} worded=${worded}\n  ajv: ${JSON.stringify(theirs.errors?.slice(0, 3))}\n  ours: ${JSON.stringify(ours.validate(doc).map((p) => [p.path.join('.'), p.message]))}\n  doc: ${text.length > 3000 ? text.slice(0, 3000) + '…' : text}`);
    }
  };

  for (let i = 0; i < DOCS; i++) {
    const endpoint = rng.pick(endpoints);
    const doc: JsonObject = { endpoint, model: rng.pick(['mistral-small-latest', 'mistral-embed', 'mistral-ocr-latest']) };
    if (rng.chance(0.08)) {
      delete doc.model;
      doc.agent_id = 'ag_0123';
    }
    if (rng.chance(0.15)) doc.input_files = Array.from({ length: rng.int(1, 3) }, () => (rng.chance(0.7) ? uuid(rng) : 'inputs/part.jsonl'));
    else {
      const body = bodyFor(endpoint);
      doc.requests = Array.from({ length: rng.int(1, 4) }, (_, n): JsonObject => ({ ...(rng.chance(0.8) ? { custom_id: `req-${n}` } : {}), body: gen.value(body, BATCH_URI, 2) }));
    }
    if (rng.chance(0.2)) doc.metadata = { team: 'search', run: String(i) };
    if (rng.chance(0.2)) doc.timeout_hours = rng.int(1, 168);
    const mutations = rng.chance(0.55) ? rng.int(1, 2) : 0;
    for (let m = mutations; m > 0; m--) mutate(doc, rng);
    judge(doc);
    if (mutations === 0) {
      const tally = pristine.get(endpoint) ?? [0, 0];
      tally[ours.isValid(doc) ? 0 : 1]++;
      pristine.set(endpoint, tally);
    }
  }
  // The request limit, right at and just past it.
  for (const n of [10000, 10001]) {
    judge({ endpoint: '/v1/embeddings', model: 'mistral-embed', requests: Array.from({ length: n }, (_, k) => ({ custom_id: String(k), body: { input: 'x' } })) });
  }

  const total = valid + invalid;
  console.log(`differential: ${total} documents (${valid} valid, ${invalid} invalid), ${mismatches.length} mismatches; unmutated [valid, invalid] per endpoint ${JSON.stringify(Object.fromEntries(pristine))}`);
  for (const m of mismatches.slice(0, 5)) console.log(`MISMATCH ${m}`);
  assert.ok(total >= 3000, 'at least 3,000 documents');
  assert.ok(valid >= total * 0.15 && invalid >= total * 0.15, `a fair mix of valid (${valid}) and invalid (${invalid}) documents`);
  assert.equal(mismatches.length, 0, `${mismatches.length} verdicts differ; the first is printed above`);
});
