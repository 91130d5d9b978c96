// What is uploaded is what was checked: an input that changes after its check, or during its upload,
// is refused, and no job is created from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MistralBatchApi } from '../../core/api';
import { BatchChecker, KeyValueStore, submitBatchFile, SubmitError, UploadCache } from '../../core/submit';
import { cliChecker } from '../../cli/check';
import { startMockServer } from '../../mock-api/server';

const KEY = 'sk-input-change';
const line = (i: number) => `${JSON.stringify({ custom_id: `r${i}`, body: { messages: [{ role: 'user', content: `question ${i} `.repeat(20) }] } })}\n`;

class MemoryStore implements KeyValueStore, UploadCache {
  private readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, value);
  }
}

async function withInput(lines: number, run: (ctx: { batch: string; input: string; submit: (checker: BatchChecker, onUpload?: () => void) => Promise<unknown>; count: (route: string) => number }) => Promise<void>): Promise<void> {
  const mock = await startMockServer({ apiKey: KEY });
  const dir = await mkdtemp(join(tmpdir(), 'mb-change-'));
  try {
    const input = join(dir, 'in.jsonl');
    await writeFile(input, Array.from({ length: lines }, (_, i) => line(i)).join(''));
    const batch = join(dir, 'job.batch.json');
    await writeFile(batch, JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['in.jsonl'] }));
    const api = new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY, retry: { initialIntervalMs: 1, maxIntervalMs: 2, maxElapsedMs: 50 } });
    const store = new MemoryStore();
    await run({
      batch, input,
      count: (route) => mock.state.count(route),
      submit: (checker, onUpload) => submitBatchFile(batch, {
        api, checker, uploadCache: store, submissions: store,
        onProgress: (p) => {
          if (p.stage === 'uploading') onUpload?.();
        },
      }),
    });
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const real = cliChecker('job.batch.json', () => undefined, { all: false, note: () => undefined });

test('an input changed between its check and its upload is refused before anything is sent', () =>
  withInput(20, async ({ input, submit, count }) => {
    const changing: BatchChecker = {
      check: async (text, file) => {
        const summary = await real.check(text, file);
        appendFileSync(input, line(99));
        return summary;
      },
    };
    const err = await submit(changing).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof SubmitError, String(err));
    assert.equal(err.kind, 'input-changed');
    assert.match(err.message, /input_files\[0\]: "in\.jsonl" changed after it was checked \(it grew from \d+ to \d+ bytes\): submit again.*Nothing was sent\./);
    assert.equal(count('POST /v1/files'), 0);
  }));

test('an input changed during its upload fails the upload, and no job is created', () =>
  withInput(3000, async ({ input, submit, count }) => {
    let touched = false;
    const err = await submit(real, () => {
      if (!touched) appendFileSync(input, line(99));
      touched = true;
    }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof SubmitError, String(err));
    assert.equal(err.kind, 'input-changed');
    assert.match(err.message, /changed while it was being uploaded \(it grew from \d+ to \d+ bytes\); that upload is not used: submit again\. The job was not created\./);
    assert.equal(count('POST /v1/batch/jobs'), 0);
  }));
