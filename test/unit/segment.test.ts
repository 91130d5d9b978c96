// The request scanner must find exactly the spans a plain character-by-character reading finds, and
// give up on exactly the same texts (a raw control character in a string, a comment, unbalanced brackets).
// A request that does not read cleanly is not a reason to give up: it runs to the next request's start.
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
  const isSpace = (c: string | undefined) => c !== undefined && ' \t\n\r'.includes(c);
  /** A `{` after a `,` whose first key is `custom_id` or `body`. */
  const startsRequest = (at: number): boolean => {
    let back = at - 1;
    while (isSpace(text[back])) back--;
    if (text[back] !== ',') return false;
    let k = at + 1;
    while (isSpace(text[k])) k++;
    const key = ['"custom_id"', '"body"'].find((name) => text.startsWith(name, k));
    if (!key) return false;
    k += key.length;
    while (isSpace(text[k])) k++;
    return text[k] === ':';
  };
  const trimmed = (end: number) => {
    while (isSpace(text[end - 1])) end--;
    return end;
  };
  const value = (depth: number, request = false): boolean => {
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
        if (depth >= 4096 || (request && d === '{' && startsRequest(pos)) || !value(depth + 1, request)) return false;
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
  /** The root after the `requests` array: more members, `}`, then only space. */
  const tailFrom = (at: number): boolean => {
    const saved = pos;
    pos = at;
    try {
      for (;;) {
        space();
        if (text[pos] === '}') {
          pos++;
          space();
          return pos === text.length;
        }
        if (text[pos] !== ',') return false;
        pos++;
        space();
        const keyStart = pos;
        if (text[pos] !== '"' || !str() || text.slice(keyStart, pos) === '"requests"') return false;
        space();
        if (text[pos] !== ':') return false;
        pos++;
        space();
        if (!value(1)) return false;
      }
    } finally {
      pos = saved;
    }
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
          if (value(1, true)) {
            const end = pos;
            space();
            if (text[pos] === ',' || text[pos] === ']') {
              items.push({ start, end });
              keys.push(colons);
              if (text[pos] === ']') break;
              pos++;
              space();
              if (text[pos] === ']') return undefined;
              continue;
            }
          }
          // Damaged: up to the next request's start, else up to the `]` after which the root reads cleanly.
          let next = -1;
          for (let at = start + 1; at < text.length && next < 0; at++) if (text[at] === '{' && startsRequest(at)) next = at;
          if (next >= 0) {
            let comma = next - 1;
            while (isSpace(text[comma])) comma--;
            items.push({ start, end: trimmed(comma) });
            keys.push(-1);
            pos = next;
            continue;
          }
          let close = -1;
          for (let at = start + 1; at < text.length && close < 0; at++) if (text[at] === ']' && tailFrom(at + 1)) close = at;
          if (close < 0) return undefined;
          items.push({ start, end: trimmed(close) });
          keys.push(-1);
          pos = close;
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
  let damaged = 0;
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
    if (expected?.keys.includes(-1)) damaged++;
  }
  // Every outcome must be exercised for the comparison to mean anything.
  assert.ok(segmented > 500 && refused > 300 && damaged > 300, `segmented ${segmented} (${damaged} with a damaged request), refused ${refused}`);
});

test('segment counts the keys each request spells, repeated ones included', () => {
  assert.deepEqual(segment('{"requests": [{"a": 1, "a": {"b": "x:y"}}, [], 3, {"c": [{"d": 1}]}]}')?.keys, [3, 0, 0, 2]);
});

test('segment refuses a raw line break inside a string outside the requests, and accepts it escaped', () => {
  assert.equal(segment('{"model": "x\ny", "requests": [{"a": 1}]}'), undefined);
  assert.deepEqual(segment('{"requests": [{"a": "x\\ny"}]}')?.items, [{ start: 14, end: 27 }]);
});

test('a request that does not read cleanly runs to the next request, and the rest is read as usual', () => {
  const text = '{"requests": [{"custom_id": "a", "body": {"x": 1}, {"custom_id": "b", "body": {}}, {"body": {"y": "z\n"}}, {"custom_id": "c"}], "model": "m"}';
  const spans = segment(text)?.items.map((s) => text.slice(s.start, s.end));
  assert.deepEqual(spans, ['{"custom_id": "a", "body": {"x": 1}', '{"custom_id": "b", "body": {}}', '{"body": {"y": "z\n"}}', '{"custom_id": "c"}']);
  const last = '{"requests": [{"custom_id": "a"}, {"custom_id": "b", "body": {]}';
  assert.deepEqual(segment(last)?.items.map((s) => last.slice(s.start, s.end)), ['{"custom_id": "a"}', '{"custom_id": "b", "body": {']);
  assert.equal(segment('{"requests": [{"a": 1},]}'), undefined, 'a trailing comma is for the full parser');
});
