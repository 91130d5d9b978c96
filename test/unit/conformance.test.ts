// Runs the official JSON Schema Test Suite (draft 2020-12) against the engine. Every case of every
// in-scope file must pass; there are no per-case exclusions. Files left out are listed with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SchemaRegistry } from '../../server/schema/registry';
import { compile } from '../../server/schema/validate';
import type { JsonValue, Schema } from '../../server/schema/types';

// Compiled to <repo>/out/test/unit/, so the repository is three levels up.
const repo = path.resolve(__dirname, '../../..');
const suite = process.env.JSON_SCHEMA_TEST_SUITE ?? path.resolve(repo, '../shared/reference/json-schema-test-suite');
const tests = path.join(suite, 'tests/draft2020-12');

/**
 * Files whose keywords the engine implements. `assertFormats: false` where the suite expects annotations.
 * Left out on purpose: vocabulary.json and optional/format-assertion.json ($vocabulary in custom
 * meta-schemas is not supported: `$schema` is ignored), optional/cross-draft.json (documents of older
 * drafts are read as 2020-12), optional/dependencies-compatibility.json (draft 7's `dependencies`),
 * and optional/format/* except uuid and unknown (the product asserts only `uuid`; others are annotations).
 */
const IN_SCOPE: Record<string, { assertFormats: boolean }> = Object.fromEntries([
  ...[
    'additionalProperties', 'allOf', 'anchor', 'anyOf', 'boolean_schema', 'const', 'contains', 'content', 'default', 'defs',
    'dependentRequired', 'dependentSchemas', 'dynamicRef', 'enum', 'exclusiveMaximum', 'exclusiveMinimum',
    'if-then-else', 'infinite-loop-detection', 'items', 'maxContains', 'maxItems', 'maxLength', 'maxProperties',
    'maximum', 'minContains', 'minItems', 'minLength', 'minProperties', 'minimum', 'multipleOf', 'not', 'oneOf',
    'pattern', 'patternProperties', 'prefixItems', 'properties', 'propertyNames', 'ref', 'refRemote', 'required',
    'type', 'unevaluatedItems', 'unevaluatedProperties', 'uniqueItems',
    'optional/anchor', 'optional/id', 'optional/no-schema', 'optional/non-bmp-regex', 'optional/refOfUnknownKeyword',
    'optional/unknownKeyword', 'optional/float-overflow', 'optional/dynamicRef', 'optional/bignum',
    'optional/ecmascript-regex', 'optional/format/unknown',
  ].map((name) => [`${name}.json`, { assertFormats: true }]),
  // format is an annotation by default (format.json), and the product asserts uuid (optional/format/uuid.json).
  ['format.json', { assertFormats: false }],
  ['optional/format/uuid.json', { assertFormats: true }],
]);

interface Case { description: string; data: JsonValue; valid: boolean }
interface Group { description: string; schema: Schema; tests: Case[] }

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) out.push(...listFiles(full, `${prefix}${name}/`));
    else if (name.endsWith('.json')) out.push(prefix + name);
  }
  return out;
}

/** The suite's remotes under http://localhost:1234/, plus the 2020-12 meta-schemas (shipped by Ajv). */
function loadRemotes(): [string, Schema][] {
  const remotes = path.join(suite, 'remotes');
  const docs: [string, Schema][] = listFiles(remotes).map((file) => [`http://localhost:1234/${file}`, readJson<Schema>(path.join(remotes, file))]);
  const meta = path.join(repo, 'node_modules/ajv/dist/refs/json-schema-2020-12');
  if (fs.existsSync(meta)) {
    for (const file of listFiles(meta)) {
      const schema = readJson<Schema>(path.join(meta, file));
      const id = typeof schema === 'object' && typeof schema.$id === 'string' ? schema.$id : undefined;
      if (id) docs.push([id, schema]);
    }
  }
  return docs;
}

if (!fs.existsSync(tests)) {
  const message = `JSON Schema Test Suite not found at ${tests}; set JSON_SCHEMA_TEST_SUITE to its folder`;
  if (process.env.CI) {
    test('conformance: test suite present', () => assert.fail(message));
  } else {
    console.warn(`\n!!! SKIPPING conformance: ${message}\n`);
    test('conformance: test suite present', { skip: message }, () => undefined);
  }
} else {
  const remotes = loadRemotes();
  const summary: string[] = [];

  for (const file of Object.keys(IN_SCOPE)) {
    test(`conformance ${file}`, async (t) => {
      const groups = readJson<Group[]>(path.join(tests, file));
      let passed = 0;
      let total = 0;
      for (const [gi, group] of groups.entries()) {
        await t.test(group.description, () => {
          const registry = new SchemaRegistry();
          for (const [uri, doc] of remotes) registry.add(uri, doc);
          const uri = `https://json-schema.test/${file.replace(/\.json$/, '')}/${gi}.json`;
          registry.add(uri, group.schema);
          const validator = compile(registry, uri, IN_SCOPE[file]);
          const failures: string[] = [];
          for (const c of group.tests) {
            total++;
            const verdict = validator.isValid(c.data);
            const problems = validator.validate(c.data);
            // The worded problems must agree with the verdict, or an editor would show nothing for a bad value.
            const worded = !problems.some((p) => p.severity === 'error');
            if (verdict === c.valid && worded === c.valid) passed++;
            else failures.push(`${c.description}: expected ${c.valid ? 'valid' : 'invalid'}, isValid=${verdict}, problems=${JSON.stringify(problems.map((p) => p.message))}`);
          }
          assert.deepEqual(failures, [], `${file} / ${group.description}`);
        });
      }
      const line = `conformance ${file}: ${passed}/${total}`;
      summary.push(line);
      console.log(line);
    });
  }

  test('conformance summary', () => {
    const all = listFiles(tests);
    const skipped = all.filter((f) => !(f in IN_SCOPE));
    console.log(`conformance: ${summary.length} files in scope, ${skipped.length} out of scope: ${skipped.join(', ')}`);
    for (const file of Object.keys(IN_SCOPE)) assert.ok(all.includes(file), `in-scope file ${file} is missing from the suite`);
  });
}
