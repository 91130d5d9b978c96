// The submission core and the API client against the local mock server: uploads and their reuse,
// refusals that send nothing, retries that never create a job twice, error mapping, following a job
// and saving its results. No test sleeps on purpose: jobs advance per poll.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { inspect } from 'node:util';
import { ApiError, MistralBatchApi } from '../../core/api';
import {
  BatchChecker, downloadJobFiles, findPreviousSubmission, findSubmissionForJob, findUncertainAttempt, fingerprintBatchFile, followJob,
  KeyValueStore, locateJsonPath, nextPollDelay, resultPathsFor, sha256Hex, submitBatchFile, SubmitError, SubmitProgress,
} from '../../core/submit';
import { cliChecker } from '../../cli/check';
import { MockServer, startMockServer } from '../../mock-api/server';

const KEY = 'sk-unit-secret-4f1e2d3c';
const FAST_RETRY = { initialIntervalMs: 5, maxIntervalMs: 30, maxElapsedMs: 1500 };
const everyError: unknown[] = [];

class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

const realChecker = cliChecker('batch', () => undefined, { all: false, note: () => undefined });
const permissive: BatchChecker = { check: async () => ({ errors: 0, warnings: 0 }) };

interface Env {
  mock: MockServer;
  dir: string;
  api: MistralBatchApi;
  store: MemoryStore;
  write(name: string, content: string | object): Promise<string>;
  submit(file: string, extra?: Partial<Parameters<typeof submitBatchFile>[1]>): ReturnType<typeof submitBatchFile>;
}

async function withEnv(fn: (env: Env) => Promise<void>, apiOpts: Partial<ConstructorParameters<typeof MistralBatchApi>[0]> = {}): Promise<void> {
  const mock = await startMockServer({ apiKey: KEY });
  const dir = await mkdtemp(join(tmpdir(), 'mb-submit-'));
  const api = new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY, retry: FAST_RETRY, ...apiOpts });
  const store = new MemoryStore();
  const env: Env = {
    mock, dir, api, store,
    write: async (name, content) => {
      const path = join(dir, name);
      await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
    submit: (file, extra = {}) => submitBatchFile(file, { api, checker: realChecker, uploadCache: store, submissions: store, ...extra }),
  };
  try {
    await fn(env);
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Expects a rejection, keeps it for the key-leak test, and returns it. */
async function failure<T extends Error>(p: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  everyError.push(err);
  assert.ok(err instanceof type, `expected ${type.name}, got ${inspect(err)}`);
  return err;
}

/** The error `run` throws, which must be a `type`; kept for the check that no error shows the key. */
function thrownBy<T extends Error>(run: () => unknown, type: new (...args: never[]) => T): T {
  let err: unknown;
  try {
    run();
  } catch (e) {
    err = e;
  }
  everyError.push(err);
  assert.ok(err instanceof type, `expected ${type.name}, got ${inspect(err)}`);
  return err;
}

const chat = (text: string, extra: object = {}): object => ({ messages: [{ role: 'user', content: text }], ...extra });
const inline = { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [{ custom_id: 'a', body: chat('hi') }, { custom_id: 'b', body: chat('ho') }] };
const jsonl = (n: number, seed = ''): string => Array.from({ length: n }, (_, i) => JSON.stringify({ custom_id: `${seed}${i}`, body: chat(`q${seed}${i}`) })).join('\n') + '\n';

test('an inline job is created and recorded with its batch file', () =>
  withEnv(async ({ mock, write, submit, store }) => {
    const file = await write('inline.batch.json', inline);
    const stages: string[] = [];
    const result = await submit(file, { onProgress: (p) => stages.push(p.stage) });
    assert.equal(result.job.totalRequests, 2);
    assert.equal(result.job.status, 'QUEUED');
    assert.deepEqual(stages, ['checking', 'creating']);
    assert.equal(mock.state.count(), 1);
    const hash = sha256Hex(await readFile(file, 'utf8'));
    assert.equal(findPreviousSubmission(store, file, hash)?.jobId, result.job.id);
    assert.equal(findPreviousSubmission(store, file, sha256Hex('other')), undefined);
    assert.equal(findSubmissionForJob(store, result.job.id)?.batchFile, file);
  }));

test('local .jsonl inputs are uploaded once, reused while unchanged, uploaded again after a change', () =>
  withEnv(async ({ mock, write, submit, api }) => {
    await write('data.jsonl', jsonl(50));
    const file = await write('files.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['data.jsonl'] });
    const progress: SubmitProgress[] = [];
    const first = await submit(file, { onProgress: (p) => progress.push(p) });
    const uploading = progress.filter((p): p is Extract<SubmitProgress, { stage: 'uploading' }> => p.stage === 'uploading');
    assert.ok(uploading.length >= 2);
    assert.equal(uploading[uploading.length - 1].sentBytes, uploading[0].totalBytes);
    assert.equal(first.uploads[0].reused, false);
    assert.equal(first.job.totalRequests, 50);
    assert.equal(mock.state.count('POST /v1/files'), 1);
    // The batch file on disk still names the path, not the id.
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).input_files, ['data.jsonl']);

    const second = await submit(file);
    assert.equal(second.uploads[0].reused, true);
    assert.equal(second.uploads[0].fileId, first.uploads[0].fileId);
    assert.equal(mock.state.count('POST /v1/files'), 1);

    await write('data.jsonl', jsonl(3, 'changed'));
    const third = await submit(file);
    assert.equal(third.uploads[0].reused, false);
    assert.equal(third.job.totalRequests, 3);
    assert.equal(mock.state.count('POST /v1/files'), 2);

    // A cached upload that is gone from the server is uploaded again.
    mock.state.files.delete(third.uploads[0].fileId);
    const fourth = await submit(file);
    assert.equal(fourth.uploads[0].reused, false);
    assert.equal(mock.state.count('POST /v1/files'), 3);
    assert.equal((await api.listJobs()).total, 4);
  }));

test('a file with errors is refused and nothing is sent', () =>
  withEnv(async ({ mock, write, submit }) => {
    const file = await write('bad.batch.json', { model: 3, endpoint: '/v1/chat/completions', requests: [] });
    const err = await failure(submit(file), SubmitError);
    assert.equal(err.kind, 'has-errors');
    assert.ok((err.details.errors ?? 0) > 0);
    assert.match(err.message, /error.*Nothing was sent/);
    assert.equal(mock.state.count(), 0);
  }));

test('a missing .jsonl path is reported with its location before anything is sent', () =>
  withEnv(async ({ mock, write, submit }) => {
    await write('ok.jsonl', jsonl(2));
    const file = await write('missing.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['ok.jsonl', 'nope/missing.jsonl'] });
    // The checker looks beside the batch file, so the missing input is one of its errors, with its place.
    const checked = await failure(submit(file), SubmitError);
    assert.equal(checked.kind, 'has-errors');
    assert.equal(checked.details.errors, 1);
    // Should the file vanish after the check, the core still refuses before sending anything.
    const err = await failure(submit(file, { checker: permissive }), SubmitError);
    assert.equal(err.kind, 'missing-input');
    assert.deepEqual(err.details.jsonPath, ['input_files', 1]);
    assert.match(err.message, /nope\/missing\.jsonl" does not exist/);
    assert.equal(mock.state.count(), 0);
  }));

test('cancellation before the create call sends no job', () =>
  withEnv(async ({ mock, write, submit }) => {
    const file = await write('inline.batch.json', inline);
    const aborted = new AbortController();
    aborted.abort();
    assert.equal((await failure(submit(file, { signal: aborted.signal }), SubmitError)).kind, 'cancelled');
    assert.equal(mock.state.count(), 0);

    await write('data.jsonl', jsonl(5));
    const withFile = await write('files.batch.json', { model: 'm', endpoint: '/v1/chat/completions', input_files: ['data.jsonl'] });
    const during = new AbortController();
    const err = await failure(submit(withFile, { signal: during.signal, onProgress: (p) => p.stage === 'uploaded' && during.abort() }), SubmitError);
    assert.equal(err.kind, 'cancelled');
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 0);
  }));

test('cancellation once the create call has started reports the job that exists', () =>
  withEnv(async ({ write, submit, api }) => {
    const file = await write('inline.batch.json', inline);
    const ctrl = new AbortController();
    const result = await submit(file, { signal: ctrl.signal, onProgress: (p) => p.stage === 'creating' && ctrl.abort() });
    assert.equal(result.cancelledAfterCreate, true);
    assert.equal((await api.getJob(result.job.id)).id, result.job.id);
  }));

test('a 429 on create is retried and exactly one job is created', () =>
  withEnv(async ({ mock, write, submit, api }) => {
    mock.state.addFault({ route: 'POST /v1/batch/jobs', status: 429, retryAfter: 0, times: 2 });
    const result = await submit(await write('inline.batch.json', inline));
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 3);
    assert.deepEqual((await api.listJobs()).jobs.map((j) => j.id), [result.job.id]);
  }));

test('a dropped connection on create is not retried and says the job may exist', () =>
  withEnv(async ({ mock, write, submit, api }) => {
    mock.state.addFault({ route: 'POST /v1/batch/jobs', drop: 'after' });
    const err = await failure(submit(await write('inline.batch.json', inline)), ApiError);
    assert.equal(err.kind, 'connection-lost');
    assert.equal(err.mayHaveSucceeded, true);
    assert.match(err.message, /connection to http:\/\/127\.0\.0\.1:\d+ was lost .*may have been created/);
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 1);
    assert.equal((await api.listJobs()).total, 1);
  }));

test('an uncertain create is noted with the content it sent, and cleared once a job is created from the file', () =>
  withEnv(async ({ mock, write, submit, store, api }) => {
    await write('data.jsonl', jsonl(2));
    const file = await write('files.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['data.jsonl'] });
    mock.state.addFault({ route: 'POST /v1/batch/jobs', status: 502 });
    const err = await failure(submit(file), ApiError);
    assert.equal(err.mayHaveSucceeded, true);
    const print = await fingerprintBatchFile(file, await readFile(file, 'utf8'));
    const attempt = findUncertainAttempt(store, file, print, api.baseUrl);
    assert.equal(attempt?.reason, err.message);
    assert.equal(findUncertainAttempt(store, file, print, 'https://api.mistral.ai'), undefined);

    // Another .jsonl content is another submission, for both kinds of record.
    await write('data.jsonl', jsonl(3));
    const changed = await fingerprintBatchFile(file, await readFile(file, 'utf8'));
    assert.equal(changed.contentHash, print.contentHash);
    assert.equal(findUncertainAttempt(store, file, changed, api.baseUrl), undefined);
    const { job } = await submit(file);
    assert.equal(findPreviousSubmission(store, file, changed, api.baseUrl)?.jobId, job.id);
    assert.equal(findPreviousSubmission(store, file, print, api.baseUrl), undefined);
    // A job made from other content says nothing about the first attempt: it stays noted...
    assert.equal(findUncertainAttempt(store, file, print, api.baseUrl)?.reason, err.message);
    // ...until a job is created from that very content.
    await write('data.jsonl', jsonl(2));
    await submit(file);
    assert.equal(findUncertainAttempt(store, file, print, api.baseUrl), undefined);
  }));

test('a 5xx on create is not retried either; reads retry on 5xx and dropped connections', () =>
  withEnv(async ({ mock, write, submit, api }) => {
    mock.state.addFault({ route: 'POST /v1/batch/jobs', status: 500 });
    const err = await failure(submit(await write('inline.batch.json', inline)), ApiError);
    assert.equal(err.kind, 'server');
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 1);

    const job = (await submit(await write('again.batch.json', inline))).job;
    mock.state.addFault({ route: 'GET /v1/batch/jobs/{id}', status: 503, retryAfter: 0 });
    mock.state.addFault({ route: 'GET /v1/batch/jobs/{id}', drop: 'before' });
    assert.equal((await api.getJob(job.id)).id, job.id);
    assert.equal(mock.state.count('GET /v1/batch/jobs/{id}'), 3);
  }));

/** A port nothing listens on (any more). */
function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test('connection refused on create is retried until the server is there', async () => {
  const port = await freePort();
  const api = new MistralBatchApi({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY, retry: { ...FAST_RETRY, maxElapsedMs: 5000 } });
  let mock: MockServer | undefined;
  const late = new Promise<void>((resolve) => setTimeout(() => void startMockServer({ apiKey: KEY, port }).then((m) => { mock = m; resolve(); }), 150));
  try {
    const job = await api.createJob({ endpoint: '/v1/chat/completions', model: 'm', requests: [{ body: {} }] });
    await late;
    assert.equal(mock?.state.count('POST /v1/batch/jobs'), 1);
    assert.ok(job.id);
  } finally {
    await late;
    await mock?.close();
  }
});

test('an unreachable server names the address and the setting to check', async () => {
  const port = await freePort();
  const api = new MistralBatchApi({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY, retry: { ...FAST_RETRY, maxElapsedMs: 100 } });
  const err = await failure(api.listJobs(), ApiError);
  assert.equal(err.kind, 'network');
  assert.equal(err.message, `Could not reach http://127.0.0.1:${port} to list batch jobs (ECONNREFUSED): check mistralBatch.baseUrl or your connection.`);
});

test('when nothing was sent (refused connection, https to a plain-http server) create says no job was created', () =>
  withEnv(async ({ mock }) => {
    const request = { endpoint: '/v1/chat/completions' as const, model: 'm', requests: [{ body: {} }] };
    const tls = new MistralBatchApi({ baseUrl: mock.url.replace('http:', 'https:'), apiKey: KEY, retry: FAST_RETRY });
    const started = Date.now();
    const mismatch = await failure(tls.createJob(request), ApiError);
    assert.equal(mismatch.kind, 'network');
    assert.equal(mismatch.mayHaveSucceeded, false);
    assert.match(mismatch.message, /^Could not set up a connection to https:\/\/127\.0\.0\.1:\d+ to create the batch job \(ERR_SSL_WRONG_VERSION_NUMBER\).*Nothing reached the server, so no job was created\.$/);
    // Retrying cannot fix a protocol mismatch, so it fails at once.
    assert.ok(Date.now() - started < 1000);
    assert.equal(mock.state.count(), 0);

    const refused = new MistralBatchApi({ baseUrl: `http://127.0.0.1:${await freePort()}`, apiKey: KEY, retry: { ...FAST_RETRY, maxElapsedMs: 100 } });
    const err = await failure(refused.createJob(request), ApiError);
    assert.equal(err.kind, 'network');
    assert.match(err.message, /\(ECONNREFUSED\).*Nothing reached the server, so no job was created\.$/);
  }));

test('timeouts: reads give up after retrying, create is never retried', () =>
  withEnv(async ({ mock, api }) => {
    mock.state.addFault({ route: 'GET /v1/models', delayMs: 300, times: 100 });
    const read = await failure(api.listModels(), ApiError);
    assert.equal(read.kind, 'timeout');
    assert.match(read.message, /did not answer within 100 ms when trying to list models\. Try again, or raise mistralBatch\.requestTimeoutSeconds/);

    mock.state.addFault({ route: 'POST /v1/batch/jobs', delayMs: 300 });
    const create = await failure(api.createJob({ endpoint: '/v1/chat/completions', model: 'm', requests: [{ body: {} }] }), ApiError);
    assert.equal(create.kind, 'timeout');
    assert.equal(create.mayHaveSucceeded, true);
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 1);
  }, { timeoutMs: 100, retry: { ...FAST_RETRY, maxElapsedMs: 300 } }));

test('a rejected key is a clear 401 error', () =>
  withEnv(async ({ mock, write, submit }) => {
    const wrong = new MistralBatchApi({ baseUrl: mock.url, apiKey: `${KEY}-wrong`, retry: FAST_RETRY });
    const err = await failure(submit(await write('inline.batch.json', inline), { api: wrong }), ApiError);
    assert.equal(err.kind, 'unauthorized');
    assert.match(err.message, /^The API key was rejected by http:\/\/127\.0\.0\.1:\d+ \(401 Unauthorized\) when trying to create the batch job: set a valid key/);
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 1);
  }));

test('a 422 keeps the API messages and field locations, mappable to lines', () =>
  withEnv(async ({ write, submit }) => {
    const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [{ "body": { "messages": [] } }],\n  "timeout_hours": 500\n}\n';
    const file = await write('late.batch.json', text);
    const err = await failure(submit(file, { checker: permissive }), ApiError);
    assert.equal(err.kind, 'validation');
    assert.deepEqual(err.problems.map((p) => [p.loc, p.path]), [[['body', 'timeout_hours'], ['timeout_hours']]]);
    assert.match(err.message, /timeout_hours: Input should be less than or equal to 168/);
    assert.deepEqual(locateJsonPath(text, err.problems[0].path).start, { line: 4, character: 2 });
  }));

test('a 422 quoting the key keeps it out of the message and the field messages', () =>
  withEnv(async ({ mock, write, submit }) => {
    mock.state.addFault({ route: 'POST /v1/batch/jobs', status: 422, body: { detail: [{ loc: ['body', 'model'], msg: `Bearer ${KEY.toUpperCase()} not allowed` }] } });
    const err = await failure(submit(await write('inline.batch.json', inline)), ApiError);
    assert.deepEqual(err.problems.map((p) => p.message), ['Bearer *** not allowed']);
    assert.match(err.message, /model: Bearer \*\*\* not allowed/);
  }));

test('a base URL holding the key is not quoted back', () => {
  for (const bad of [KEY, `http://${KEY}.example`]) {
    const err = thrownBy(() => new MistralBatchApi({ baseUrl: bad, apiKey: KEY }), ApiError);
    assert.equal(err.kind, 'config', bad);
  }
});

test('base URLs must be https except on loopback', () => {
  for (const ok of ['https://api.mistral.ai', 'http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:3000', 'https://api.eu.mistral.ai/']) {
    assert.doesNotThrow(() => new MistralBatchApi({ baseUrl: ok, apiKey: KEY }), ok);
  }
  for (const bad of ['http://api.mistral.ai', 'http://10.0.0.5:8080', 'ftp://x', 'not a url', 'https://u:p@api.mistral.ai', 'https://proxy/mistral']) {
    const err = thrownBy(() => new MistralBatchApi({ baseUrl: bad, apiKey: KEY }), ApiError);
    assert.equal(err.kind, 'config', bad);
    assert.match(err.message, /mistralBatch\.baseUrl/);
  }
});

test('following a job stops at SUCCESS and saves results and errors beside the batch file', () =>
  withEnv(async ({ write, submit, api, dir }) => {
    const file = await write('mixed.batch.json', { ...inline, requests: [...inline.requests, { custom_id: 'fail-c', body: chat('x') }] });
    const { job } = await submit(file);
    const seen: string[] = [];
    const final = await followJob(api, job.id, { intervalMs: 1, onUpdate: (j) => seen.push(j.status) });
    assert.deepEqual(seen, ['RUNNING', 'RUNNING', 'SUCCESS']);
    const target = resultPathsFor(file);
    assert.deepEqual(target, { results: join(dir, 'mixed.results.jsonl'), errors: join(dir, 'mixed.errors.jsonl') });
    assert.deepEqual(await downloadJobFiles(api, final, target), { ...target, movedAside: [] });
    const results = (await readFile(target.results, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(results.map((r) => r.custom_id), ['a', 'b']);
    assert.equal(JSON.parse(await readFile(target.errors, 'utf8')).custom_id, 'fail-c');
  }));

test('saving a finished job\'s files moves aside the other file left by an earlier job, never before the end, never deleting it', () =>
  withEnv(async ({ write, submit, api, dir }) => {
    const file = await write('clean.batch.json', inline);
    const target = resultPathsFor(file);
    await writeFile(target.errors, 'errors of an earlier job\n');
    const { job } = await submit(file);
    assert.deepEqual(await downloadJobFiles(api, job, target), { movedAside: [] });
    const final = await followJob(api, job.id, { intervalMs: 1 });
    const aside = join(dir, `clean.errors.before-${job.id.slice(0, 8)}.jsonl`);
    assert.deepEqual(await downloadJobFiles(api, final, target), { results: target.results, movedAside: [{ from: target.errors, to: aside }] });
    assert.deepEqual((await readdir(dir)).sort(), ['clean.batch.json', basename(aside), 'clean.results.jsonl'].sort());
    assert.equal(await readFile(aside, 'utf8'), 'errors of an earlier job\n', 'the earlier file is kept, whole');
  }));

test('a failed download leaves the earlier results file whole and no temp file behind', () =>
  withEnv(async ({ mock, write, submit, api, dir }) => {
    const file = await write('keep.batch.json', inline);
    const final = await followJob(api, (await submit(file)).job.id, { intervalMs: 1 });
    const target = resultPathsFor(file);
    await writeFile(target.results, 'previous results\n');
    mock.state.addFault({ route: 'GET /v1/files/{id}/content', status: 500, times: 1000 });
    const impatient = new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY, retry: { ...FAST_RETRY, maxElapsedMs: 50 } });
    assert.equal((await failure(downloadJobFiles(impatient, final, target), ApiError)).kind, 'server');
    assert.equal(await readFile(target.results, 'utf8'), 'previous results\n');
    assert.deepEqual((await readdir(dir)).sort(), ['keep.batch.json', 'keep.results.jsonl']);
  }));

test('following backs off on transient errors and gives up on permanent ones', () =>
  withEnv(async ({ mock, write, submit, api }) => {
    const { job } = await submit(await write('inline.batch.json', inline));
    mock.state.addFault({ route: 'GET /v1/batch/jobs/{id}', status: 503, times: 1000 });
    const waits: number[] = [];
    const impatient = new MistralBatchApi({ baseUrl: mock.url, apiKey: KEY, retry: { ...FAST_RETRY, maxElapsedMs: 50 } });
    const err = await failure(followJob(impatient, job.id, { intervalMs: 10, maxConsecutiveErrors: 3, wait: async (ms) => void waits.push(ms) }), ApiError);
    assert.equal(err.kind, 'server');
    assert.deepEqual(waits, [20, 40]);
    assert.equal(nextPollDelay(1000, 20, 60_000), 60_000);
    mock.state.faults = [];
    assert.equal((await failure(followJob(api, '00000000-0000-0000-0000-000000000000', { intervalMs: 1 }), ApiError)).kind, 'not-found');
  }));

test('the API key appears in no error message or inspected error', () => {
  assert.ok(everyError.length >= 15, `only ${everyError.length} errors collected`);
  for (const err of everyError) {
    assert.ok(!inspect(err, { depth: 20, showHidden: true }).toLowerCase().includes(KEY.toLowerCase()));
    assert.ok(!String((err as Error).message).toLowerCase().includes(KEY.toLowerCase()));
  }
});
