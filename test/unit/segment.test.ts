// The request scanner must find exactly the spans a plain character-by-character reading finds, and
// give up on exactly the same texts (a raw control character in a string, a comment, unbalanced brackets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Segments, segment } from '../../server/json/segment';
import { prng } from '../support/random';

/** A deliberately simple reading: one character at a time, recursion for containers. */
function reference(text: string): Segments | undefined {
  let pos = 0;
  let colons = 0;
  const space = () => {
    while (' \t\n\r'.includes(text[pos] ?? 'x')) pos++;
  };
  const str = (): boolean => {
    pos++;
    while (pos < text.length) {
      const c = text[pos];
      if (c === '"') {
        pos++;
        return true;
      }
      if (c === '\\') pos += 2;
      else if (c.charCodeAt(0) < 0x20) return false;
      else pos++;
    }
    return false;
  };
  const value = (depth: number): boolean => {
    const c = text[pos];
    if (c === '"') return str();
    if (c !== '{' && c !== '[') {
      const start = pos;
      while (pos < text.length && !',]} \n\r\t:'.includes(text[pos])) {
        if ('"{[/'.includes(text[pos])) return false;
        pos++;
      }
      return pos > start;
    }
    const close = c === '{' ? '}' : ']';
    pos++;
    while (pos < text.length) {
      const d = text[pos];
      if (d === '"') {
        if (!str()) return false;
      } else if (d === '{' || d === '[') {
        if (depth >= 4096 || !value(depth + 1)) return false;
      } else if (d === '}' || d === ']') {
        pos++;
        return d === close;
      } else if (d === '/') {
        return false;
      } else {
        if (d === ':') colons++;
        pos++;
      }
    }
    return false;
  };
  space();
  if (text[pos] !== '{') return undefined;
  pos++;
  space();
  let found: Segments | undefined;
  for (;;) {
    if (text[pos] !== '"') return undefined;
    const keyStart = pos;
    if (!str()) return undefined;
    const isRequests = text.slice(keyStart, pos) === '"requests"';
    space();
    if (text[pos] !== ':') return undefined;
    pos++;
    space();
    if (isRequests && text[pos] === '[') {
      if (found) return undefined;
      const open = pos;
      const items: { start: number; end: number }[] = [];
      const keys: number[] = [];
      pos++;
      space();
      if (text[pos] !== ']') {
        for (;;) {
          const start = pos;
          colons = 0;
          if (!value(1)) return undefined;
          items.push({ start, end: pos });
          keys.push(colons);
          space();
          if (text[pos] === ',') {
            pos++;
            space();
            continue;
          }
          if (text[pos] !== ']') return undefined;
          break;
        }
      }
      pos++;
      found = { array: { start: open, end: pos }, items, keys };
    } else {
      if (isRequests || !value(1)) return undefined;
    }
    space();
    if (text[pos] === ',') {
      pos++;
      space();
      continue;
    }
    if (text[pos] !== '}') return undefined;
    pos++;
    space();
    return pos === text.length ? found : undefined;
  }
}

const SNIPPETS = ['"', '\\', '\\"', '\n', '\t', '\u0001', '/', '//', '{', '}', '[', ']', ',', ':', ' ', 'x', '"requests": [1]', 'é', '\u2028'];

function batch(rand: () => number): string {
  const requests = Array.from({ length: Math.floor(rand() * 5) }, (_, i) => ({
    custom_id: `r${i}`,
    body: { messages: [{ role: 'user', content: rand() < 0.3 ? 'quote " and back\\slash' : `hi ${i}` }], n: [[1, 2], {}] },
  }));
  const job = rand() < 0.5 ? { model: 'm', requests, metadata: { a: 'b' } } : { requests, endpoint: '/v1/chat/completions' };
  return JSON.stringify(job, null, rand() < 0.5 ? 2 : undefined);
}

test('segment finds the same spans as a character-by-character reading, and gives up on the same texts', () => {
  const rand = prng(11);
  let segmented = 0;
  let refused = 0;
  for (let doc = 0; doc < 3000; doc++) {
    let text = batch(rand);
    for (let k = Math.floor(rand() * 3); k > 0; k--) {
      const at = Math.floor(rand() * (text.length + 1));
      text = text.slice(0, at) + SNIPPETS[Math.floor(rand() * SNIPPETS.length)] + text.slice(at);
    }
    const expected = reference(text);
    assert.deepEqual(segment(text), expected, JSON.stringify(text));
    if (expected) segmented++;
    else refused++;
  }
  // Both outcomes must be exercised for the comparison to mean anything.
  assert.ok(segmented > 500 && refused > 500, `segmented ${segmented}, refused ${refused}`);
});

test('segment counts the keys each request spells, repeated ones included', () => {
  assert.deepEqual(segment('{"requests": [{"a": 1, "a": {"b": "x:y"}}, [], 3, {"c": [{"d": 1}]}]}')?.keys, [3, 0, 0, 2]);
});

test('segment refuses a raw line break inside a string, and accepts it escaped', () => {
  assert.equal(segment('{"requests": [{"a": "x\ny"}]}'), undefined);
  assert.deepEqual(segment('{"requests": [{"a": "x\\ny"}]}')?.items, [{ start: 14, end: 27 }]);
});
