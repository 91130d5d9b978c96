// Walking a path over valid JSON text must underline exactly what the tree-based locate does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { locate, locateInText } from '../../server/json/locate';
import { JsonPath } from '../../server/schema/types';
import { prng } from '../support/random';

const KEYS = ['a', 'model', 'role', 'x y', 'quote"d', 'back\\slash', 'é', '', 'line\nbreak', 'tab\t'];

/** Random JSON text, with escaped keys, repeated keys and uneven spacing. */
function randomJson(rand: () => number, depth: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const space = (): string => pick(['', ' ', '\n  ', '\t', '\r\n', '  \n\n ']);
  const r = rand();
  if (depth <= 0 || r < 0.3) return pick(['0', '-1.5e3', 'true', 'false', 'null', '"s"', '"es\\"caped"', '"\\u00e9"', '12345678901234567890']);
  const n = Math.floor(rand() * 4);
  const parts: string[] = [];
  if (r < 0.65) {
    for (let i = 0; i < n; i++) parts.push(`${space()}${JSON.stringify(pick(KEYS))}${space()}:${space()}${randomJson(rand, depth - 1)}${space()}`);
    return `{${parts.join(',') || space()}}`;
  }
  for (let i = 0; i < n; i++) parts.push(`${space()}${randomJson(rand, depth - 1)}${space()}`);
  return `[${parts.join(',') || space()}]`;
}

/** Every path in `value`, plus paths that run one step past it (a missing key or index). */
function paths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [prefix, [...prefix, 'missing'], [...prefix, 7]];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

test('locateInText gives what locate gives on the tree, for every path of 2,000 random documents', () => {
  const rand = prng(7);
  let compared = 0;
  for (let doc = 0; doc < 2000; doc++) {
    const text = `${rand() < 0.5 ? ' \n' : ''}${randomJson(rand, 4)}${rand() < 0.5 ? '\n' : ''}`;
    const value = JSON.parse(text) as unknown;
    const root = parseTree(text);
    assert.ok(root);
    for (const path of paths(value)) {
      for (const on of ['key', 'value'] as const) {
        assert.deepEqual(locateInText(text, path, on), locate(root, path, on), `${JSON.stringify(text)} at ${JSON.stringify(path)} (${on})`);
        compared++;
      }
    }
  }
  assert.ok(compared > 20000, `only ${compared} comparisons`);
});

test('locateInText underlines the last of repeated keys (the one JSON.parse keeps) and an escaped key by its decoded name', () => {
  const text = '{"a": 1, "a": {"b": 2}, "k\\u0065y": [10, 20]}';
  assert.deepEqual(locateInText(text, ['a'], 'key'), { start: 9, end: 12 });
  assert.deepEqual(locateInText(text, ['a', 'b'], 'value'), { start: 20, end: 21 });
  assert.deepEqual(locateInText(text, ['key', 1], 'value'), { start: text.indexOf('20'), end: text.indexOf('20') + 2 });
  // A path past the value falls back to the deepest part that exists.
  assert.deepEqual(locateInText(text, ['key', 5, 'x'], 'value'), { start: text.indexOf('['), end: text.indexOf('[') + 1 });
});
