// The submission record keeps a hash per request (inline and .jsonl lines), the one the editor
// compares to mark results of requests edited since as stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MistralBatchApi } from '../../core/api';
import { requestHash } from '../../core/results/join';
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

test('submitting records each inline request\'s hash by custom_id, and none for the lines of local .jsonl inputs', async (t) => {
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
  await writeFile(join(dir, 'lines.jsonl'), `${JSON.stringify(line)}\n`);
  await writeFile(withInput, JSON.stringify({ model: 'm', endpoint: '/v1/chat/completions', input_files: ['lines.jsonl'] }));
  const second = await submitBatchFile(withInput, { api, checker: { check: async () => ({ errors: 0, warnings: 0 }) }, uploadCache: store, submissions: store });
  // An input may hold a million lines; its requests are not recorded in the small state file.
  assert.deepEqual(second.record.requestHashes, {});
  assert.notEqual(requestHash(inline), requestHash({ ...inline, body: { ...inline.body, temperature: 0 } }));
});
