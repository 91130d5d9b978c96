// Bad input through the real connection: mutated, truncated, binary, huge and deeply nested
// documents. The server must answer every request, never log a failure, and still be correct after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, positionAtOffset, positionOf } from './harness';
import { prng } from '../support/random';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const BASE = JSON.stringify({
  model: 'mistral-small-latest',
  endpoint: '/v1/chat/completions',
  metadata: { team: 'search' },
  requests: Array.from({ length: 8 }, (_, i) => ({
    custom_id: `r${i}`,
    body: { messages: [{ role: 'user', content: `q ${i}` }], temperature: 0.3, response_format: { type: 'json_object' } },
  })),
}, null, 2);

const TOKENS = ['{', '}', '[', ']', '"', ',', ':', 'null', 'true', '-', '1e999', '\\u12', '/*', '\u0000', '\ud800', '"role": 5', '[[[[', '}}}}', '\n'];
const WRONG = [0, -1, 1.5, 'x', '', true, null, [], {}, [1, 'a'], { role: 'usr' }];

function mutate(rand: () => number, text: string): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const at = Math.floor(rand() * (text.length + 1));
  switch (Math.floor(rand() * 7)) {
    case 0: return text.slice(0, at) + pick(TOKENS) + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 20));
    case 2: return text.slice(0, at);
    case 3: return Array.from({ length: 1 + Math.floor(rand() * 300) }, () => String.fromCharCode(Math.floor(rand() * 0xffff))).join('');
    case 4: {
      // A wrong type in a random value position.
      const matches = [...text.matchAll(/: ("[^"]*"|-?\d+(\.\d+)?|true|false|null)/g)];
      if (matches.length === 0) return text + pick(TOKENS);
      const m = pick(matches);
      const start = (m.index ?? 0) + 2;
      return text.slice(0, start) + JSON.stringify(pick(WRONG)) + text.slice(start + m[1].length);
    }
    case 5: return pick(['', ' ', '[]', '"text"', '42', 'null', '[' + BASE + ']', '{"requests": {}}', '{"requests": [1, "two", null]}']);
    default: return text.slice(0, at) + text.slice(at).replace(/"(\w+)":/, '"$1x":');
  }
}

test('10,000 mutated documents never crash or hang the server', async () => {
  const rand = prng(2024);
  const uri = 'file:///fuzz/doc.batch.json';
  await client.open(uri, BASE);
  let text = BASE;
  let version = 1;
  let sent = 0;
  while (sent < 10000) {
    // A batch of changes, then a request at a random place, then wait for the last version's diagnostics.
    let last: Promise<unknown> = Promise.resolve();
    for (let k = 0; k < 50; k++) {
      text = rand() < 0.15 ? BASE : mutate(rand, text);
      if (text.length > 200000) text = BASE;
      version++;
      sent++;
      last = client.change(uri, version, [{ text }]);
    }
    const position = positionAtOffset(text, Math.floor(rand() * (text.length + 1)));
    await Promise.all([last, client.completion(uri, position), client.hover(uri, position)]);
  }
  assert.equal(sent, 10000);
  assert.ok(client.alive, 'the server process is alive');
  assert.deepEqual(client.errors, [], 'no handler failed');
});

test('huge and deeply nested documents get answers', async () => {
  const deep = '{"model":"m","endpoint":"/v1/embeddings","requests":[' + '['.repeat(100000) + ']'.repeat(100000) + ']}';
  const deepDiagnostics = await client.open('file:///fuzz/deep.batch.json', deep);
  assert.ok(deepDiagnostics.length >= 1);
  const item = JSON.stringify({ custom_id: 'x', body: { input: 'y'.repeat(200) } });
  const big = `{"model":"mistral-embed","endpoint":"/v1/embeddings","requests":[${Array.from({ length: 20 * 1024 * 1024 / item.length }, () => item).join(',')}]}`;
  assert.ok(big.length > 20 * 1024 * 1024 - item.length);
  const bigDiagnostics = await client.open('file:///fuzz/big.batch.json', big);
  // Every request repeats custom_id "x": one warning each after the first, capped at 1000 plus a summary.
  assert.equal(bigDiagnostics.length, 1001);
  assert.match(bigDiagnostics[1000].message, /more problems not shown/);
  assert.deepEqual(client.errors, []);
});

test('after the fuzzing, a normal document gets correct answers', async () => {
  const uri = 'file:///fuzz/normal.batch.json';
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "timeout_hours": 500,\n  "requests": [{ "custom_id": "a", "body": { "messages": [{ "role": "user", "content": "hi" }] } }]\n}\n';
  const diagnostics = await client.open(uri, text);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0].range.start.line, 3);
  const items = await client.completion(uri, positionOf(text, '"role": "user"', 9));
  assert.ok(items.some((i) => i.label === '"assistant"'));
});

const JSONL_BASE = Array.from({ length: 12 }, (_, i) => JSON.stringify({
  custom_id: `r${i % 10}`,
  body: { messages: [{ role: 'user', content: `q ${i}` }], temperature: 0.3 },
})).join('\n') + '\n';

test('3,000 mutated batch inputs, edited in place with lines joined and split, never crash or hang the server', async () => {
  const rand = prng(77);
  const uri = 'file:///fuzz/input.jsonl';
  await client.open(uri, JSONL_BASE);
  let text = JSONL_BASE;
  let version = 1;
  let sent = 0;
  while (sent < 3000) {
    let last: Promise<unknown> = Promise.resolve();
    for (let k = 0; k < 50; k++) {
      version++;
      sent++;
      const r = rand();
      if (r < 0.5) {
        // A ranged edit, as an editor sends: a token, a line break, or a join of two lines.
        const at = Math.floor(rand() * (text.length + 1));
        const length = r < 0.15 ? Math.min(text.length - at, 1 + Math.floor(rand() * 5)) : 0;
        const insert = length > 0 ? '' : ['\n', '\r\n', '\r', '}', '{', '"', '\ud800', '\uFEFF', '\u0000'][Math.floor(rand() * 9)];
        const start = positionAtOffset(text, at);
        const end = positionAtOffset(text, at + length);
        text = text.slice(0, at) + insert + text.slice(at + length);
        last = client.change(uri, version, [{ range: { start, end }, text: insert }]);
      } else {
        text = rand() < 0.1 ? JSONL_BASE : mutate(rand, text);
        if (text.length > 200000) text = JSONL_BASE;
        last = client.change(uri, version, [{ text }]);
      }
    }
    const position = positionAtOffset(text, Math.floor(rand() * (text.length + 1)));
    await Promise.all([last, client.completion(uri, position), client.hover(uri, position)]);
  }
  assert.equal(sent, 3000);
  assert.ok(client.alive, 'the server process is alive');
  assert.deepEqual(client.errors, [], 'no handler failed');
});

test('bad batch inputs get answers: one 50 MB line, binary, BOM, CRLF, no final newline, lone surrogates, deep nesting', async () => {
  const request = (id: string, content: string) => JSON.stringify({ custom_id: id, body: { messages: [{ role: 'user', content }] } });
  const huge = request('big', 'y'.repeat(50 * 1024 * 1024));
  assert.deepEqual(await client.open('file:///fuzz/huge.jsonl', huge), []);
  const binary = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 0xffff)).join('');
  assert.ok((await client.open('file:///fuzz/binary.jsonl', binary)).length >= 1);
  const bom = '\uFEFF' + request('a', 'x') + '\r\n' + request('b', 'y');
  assert.deepEqual(await client.open('file:///fuzz/bom.jsonl', bom), [], 'a BOM, CRLF and no final newline are fine');
  const surrogates = request('s', '\ud800 lone \udc00') + '\n{"custom_id": "\ud800", "body": {"messages": [{"role": "\udfff"}]}}\n';
  const lone = await client.open('file:///fuzz/surrogates.jsonl', surrogates);
  assert.ok(lone.some((d) => d.range.start.line === 1), JSON.stringify(lone));
  // Balanced (valid JSON, wrong in content) and unbalanced (broken) 100,000-deep lines.
  const balanced = '{"custom_id": "d", "body": {"messages": [{"role": "user", "content": ' + '['.repeat(100000) + ']'.repeat(100000) + '}]}}';
  const broken = '{"custom_id": "e", "body": ' + '{"a": '.repeat(100000) + '}';
  const deep = [request('a', 'x'), balanced, broken, request('c', 'z')].join('\n') + '\n';
  const nested = await client.open('file:///fuzz/deep.jsonl', deep);
  assert.ok(nested.some((d) => d.range.start.line === 1), JSON.stringify(nested));
  assert.ok(nested.some((d) => d.range.start.line === 2 && /nesting is deeper/.test(d.message)), JSON.stringify(nested));
  assert.ok(!nested.some((d) => d.range.start.line === 0 || d.range.start.line === 3), 'the other lines are fine');
  // And the next request is answered correctly.
  const uri = 'file:///fuzz/after.jsonl';
  const text = '{"custom_id": "a", "body": {"messages": [{"role": "usr", "content": "hi"}]}}\n';
  const diagnostics = await client.open(uri, text);
  assert.ok(diagnostics.some((d) => /"usr" is not a valid role/.test(d.message)));
  const items = await client.completion(uri, positionOf(text, '"usr"', 1));
  assert.ok(items.some((i) => i.label === '"assistant"'));
  assert.deepEqual(client.errors, []);
});
