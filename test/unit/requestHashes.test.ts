// The submission record keeps a hash per request (inline by custom_id, .jsonl lines as a set), the one the editor
// compares to mark results of requests edited since as stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MistralBatchApi } from '../../core/api';
import { requestHash } from '../../core/results/join';
import { LineHasher, LineHashes, lineHash, MAX_LINE_HASHES } from '../../core/results/lineHashes';
import { findLatestSubmission, KeyValueStore, submitBatchFile } from '../../core/submit';
import { startMockServer } from '../../mock-api/server';

const KEY = 'sk-unit-hashes-9a8b7c';

class MemoryStore implements KeyValueStore {
  private readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

test('submitting records each inline request\'s hash by custom_id, and the set of the local .jsonl inputs\' line hashes', async (t) => {
  const mock = await startMockServer({ apiKey: KEY });
  const dir = await mkdtemp(join(tmpdir(), 'mb-hashes-'));
  t.after(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });
  const inline = { custom_id: 'a', body: { messages: [{ role: 'user', content: 'one' }] } };
  const line = { custom_id: 'b', body: { messages: [{ role: 'user', content: 'two' }] } };
  const file = join(dir, 'mixed.batch.json');
  // Whitespace is not part of the hash: the file's layout differs from JSON.stringify's.
  await writeFile(file, `{ "model": "m", "endpoint": "/v1/chat/completions",\n  "requests": [ ${JSON.stringify(inline, null, 4)} ] }`);
  const store = new MemoryStore();
  const api = new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY });
  const { record } = await submitBatchFile(file, { api, checker: { check: async () => ({ errors: 0, warnings: 0 }) }, uploadCache: store, submissions: store });
  assert.deepEqual(record.requestHashes, { a: requestHash(inline) });
  assert.deepEqual(findLatestSubmission(store, file)?.requestHashes, { a: requestHash(inline) });

  const withInput = join(dir, 'input.batch.json');
  const other = { custom_id: 'c', body: { messages: [{ role: 'user', content: 'three' }] } };
  // A byte order mark, CRLF line breaks and no break after the last line: none is part of a line's hash.
  await writeFile(join(dir, 'lines.jsonl'), `\uFEFF${JSON.stringify(line)}\r\n\r\n${JSON.stringify(other)}`);
  await writeFile(withInput, JSON.stringify({ model: 'm', endpoint: '/v1/chat/completions', input_files: ['lines.jsonl'] }));
  const second = await submitBatchFile(withInput, { api, checker: { check: async () => ({ errors: 0, warnings: 0 }) }, uploadCache: store, submissions: store });
  assert.deepEqual(second.record.requestHashes, {});
  const sent = LineHashes.decode(findLatestSubmission(store, withInput)?.lineHashes);
  assert.ok(sent);
  assert.equal(sent.has(lineHash(JSON.stringify(line))), true);
  assert.equal(sent.has(lineHash(`  ${JSON.stringify(other)}\r`)), true);
  assert.equal(sent.has(lineHash(JSON.stringify({ ...other, body: {} }))), false);
  assert.equal(findLatestSubmission(store, file)?.lineHashes, undefined, 'no inputs, no line hashes');
  assert.notEqual(requestHash(inline), requestHash({ ...inline, body: { ...inline.body, temperature: 0 } }));
});

test('line hashes are the same however the bytes are cut into chunks, and none are kept past the cap', () => {
  const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ custom_id: `r-${i}`, body: { n: 'é'.repeat(i) } }));
  const bytes = Buffer.from(lines.join('\n'));
  const whole = new LineHasher();
  whole.push(bytes);
  whole.endInput();
  const cut = new LineHasher();
  for (let i = 0; i < bytes.length; i += 7) cut.push(bytes.subarray(i, i + 7));
  cut.endInput();
  assert.equal(cut.encode(), whole.encode());
  const set = LineHashes.decode(whole.encode());
  assert.ok(lines.every((l) => set?.has(lineHash(l))));

  const many = new LineHasher();
  many.push(Buffer.from(Array.from({ length: MAX_LINE_HASHES + 1 }, (_, i) => `{"custom_id":"${i}"}`).join('\n')));
  many.endInput();
  assert.equal(many.encode(), undefined);
});
