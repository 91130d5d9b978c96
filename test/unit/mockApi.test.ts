// The mock server answers every route the project uses in shapes the official SDK accepts, moves jobs
// by poll count, and injects faults. The SDK is called directly here, without our client, so the
// checks are about the mock and not about our error handling.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MistralCore } from '@mistralai/mistralai/core.js';
import { batchJobsCancel } from '@mistralai/mistralai/funcs/batchJobsCancel.js';
import { batchJobsCreate } from '@mistralai/mistralai/funcs/batchJobsCreate.js';
import { batchJobsGet } from '@mistralai/mistralai/funcs/batchJobsGet.js';
import { batchJobsList } from '@mistralai/mistralai/funcs/batchJobsList.js';
import { filesDownload } from '@mistralai/mistralai/funcs/filesDownload.js';
import { filesRetrieve } from '@mistralai/mistralai/funcs/filesRetrieve.js';
import { filesUpload } from '@mistralai/mistralai/funcs/filesUpload.js';
import { modelsList } from '@mistralai/mistralai/funcs/modelsList.js';
import * as http from 'node:http';
import { existsSync, rmSync } from 'node:fs';
import { startMockServer, MockServer } from '../../mock-api/server';

const KEY = 'mock-test-key-0123456789';

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw r.error instanceof Error ? r.error : new Error(String(r.error));
  return r.value;
}

async function withMock(fn: (mock: MockServer, sdk: MistralCore) => Promise<void>, opts: Parameters<typeof startMockServer>[0] = {}): Promise<void> {
  const mock = await startMockServer({ apiKey: KEY, ...opts });
  try {
    await fn(mock, new MistralCore({ serverURL: mock.url, apiKey: KEY }));
  } finally {
    await mock.close();
  }
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

const jsonl = (lines: object[]): Uint8Array => new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');

test('every route answers in a shape the SDK parses', () =>
  withMock(async (mock, sdk) => {
    const models = unwrap(await modelsList(sdk));
    assert.ok((models.data ?? []).some((m) => 'id' in m && m.id === 'mistral-small-latest'));

    const content = jsonl([
      { custom_id: 'a', body: { messages: [{ role: 'user', content: 'hello' }] } },
      { custom_id: 'b', body: { messages: [{ role: 'user', content: 'boom' }], __fail: true } },
    ]);
    const uploaded = unwrap(await filesUpload(sdk, { file: { fileName: 'in.jsonl', content }, purpose: 'batch' }));
    assert.equal(uploaded.purpose, 'batch');
    assert.equal(uploaded.sizeBytes, content.length);
    const info = unwrap(await filesRetrieve(sdk, { fileId: uploaded.id }));
    assert.equal(info.filename, 'in.jsonl');
    assert.equal(await text(unwrap(await filesDownload(sdk, { fileId: uploaded.id }))), new TextDecoder().decode(content));

    const job = unwrap(await batchJobsCreate(sdk, { inputFiles: [uploaded.id], endpoint: '/v1/chat/completions', model: 'mistral-small-latest' }));
    assert.equal(job.status, 'QUEUED');
    assert.equal(job.totalRequests, 2);

    const seen: string[] = [job.status];
    for (let i = 0; i < 3; i++) seen.push(unwrap(await batchJobsGet(sdk, { jobId: job.id })).status);
    assert.deepEqual(seen, ['QUEUED', 'RUNNING', 'RUNNING', 'SUCCESS']);
    const done = unwrap(await batchJobsGet(sdk, { jobId: job.id }));
    assert.equal(done.succeededRequests, 1);
    assert.equal(done.failedRequests, 1);
    assert.ok(done.outputFile && done.errorFile);

    const output = (await text(unwrap(await filesDownload(sdk, { fileId: done.outputFile })))).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(output.length, 1);
    assert.equal(output[0].custom_id, 'a');
    assert.equal(output[0].response.status_code, 200);
    assert.match(output[0].response.body.choices[0].message.content, /hello/);
    const errors = (await text(unwrap(await filesDownload(sdk, { fileId: done.errorFile })))).trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(errors[0].custom_id, 'b');
    assert.equal(errors[0].response.status_code, 400);

    const list = unwrap(await batchJobsList(sdk, { page: 0, pageSize: 10 }));
    assert.equal(list.total, 1);
    assert.equal(list.data?.[0]?.id, job.id);

    const inline = unwrap(await batchJobsCreate(sdk, { requests: [{ customId: 'x', body: { input: ['hi'] } }], endpoint: '/v1/embeddings', model: 'mistral-embed' }));
    const cancelled = unwrap(await batchJobsCancel(sdk, { jobId: inline.id }));
    assert.equal(cancelled.status, 'CANCELLATION_REQUESTED');
    assert.equal(unwrap(await batchJobsGet(sdk, { jobId: inline.id })).status, 'CANCELLED');
    assert.equal(mock.state.count(), 15);
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 2);
  }));

test('lists newest first, paginated and filtered by status', () =>
  withMock(async (mock, sdk) => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(unwrap(await batchJobsCreate(sdk, { requests: [{ body: { n: i } }], endpoint: '/v1/chat/completions', model: 'm' })).id);
    }
    mock.state.advance(ids[0], 10);
    const page0 = unwrap(await batchJobsList(sdk, { page: 0, pageSize: 2 }));
    const page1 = unwrap(await batchJobsList(sdk, { page: 1, pageSize: 2 }));
    assert.equal(page0.total, 5);
    assert.deepEqual([...(page0.data ?? []), ...(page1.data ?? [])].map((j) => j.id), [ids[4], ids[3], ids[2], ids[1]]);
    const finished = unwrap(await batchJobsList(sdk, { status: ['SUCCESS'] }));
    assert.deepEqual(finished.data?.map((j) => j.id), [ids[0]]);
  }, { autoAdvance: false }));

test('a wrong or missing key gets a 401 with a JSON error, without echoing the key', async () => {
  const mock = await startMockServer({ apiKey: KEY });
  try {
    const res = await fetch(`${mock.url}/v1/models`, { headers: { authorization: 'Bearer wrong-key-abcdef' } });
    assert.equal(res.status, 401);
    const body = await res.text();
    assert.equal(JSON.parse(body).message, 'Unauthorized');
    assert.ok(!body.includes('wrong-key-abcdef'));
    assert.equal((await fetch(`${mock.url}/v1/models`)).status, 401);
  } finally {
    await mock.close();
  }
});

test('an invalid create body gets a 422 whose detail names the field', () =>
  withMock(async (mock) => {
    const res = await fetch(`${mock.url}/v1/batch/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: '/v1/chat/completions', model: 'm', requests: [{ body: 'x' }], timeout_hours: 500 }),
    });
    assert.equal(res.status, 422);
    const { detail } = (await res.json()) as { detail: Array<{ loc: unknown[]; msg: string }> };
    assert.deepEqual(detail.map((d) => d.loc), [['body', 'requests', 0, 'body'], ['body', 'timeout_hours']]);
    assert.match(detail[1].msg, /less than or equal to 168/);
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 1);
  }));

test('faults: 429 with Retry-After, 503, delay and dropped connections, per route and count', () =>
  withMock(async (mock) => {
    const get = (): Promise<Response> => fetch(`${mock.url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    const admin = await fetch(`${mock.url}/__admin/faults`, {
      method: 'POST',
      body: JSON.stringify([{ route: 'GET /v1/models', status: 429, retryAfter: 2, times: 2 }, { route: 'GET /v1/models', status: 503 }]),
    });
    assert.equal(admin.status, 200);
    const first = await get();
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '2');
    assert.equal((await get()).status, 429);
    assert.equal((await get()).status, 503);
    assert.equal((await get()).status, 200);

    mock.state.addFault({ route: 'GET /v1/models', drop: 'before' });
    await assert.rejects(get(), /fetch failed/);
    mock.state.addFault({ route: 'GET /v1/models', delayMs: 50, skip: 1 });
    assert.equal((await get()).status, 200);
    const started = Date.now();
    assert.equal((await get()).status, 200);
    assert.ok(Date.now() - started >= 45);

    const counts = (await (await fetch(`${mock.url}/__admin/requests`)).json()) as { total: number; byRoute: Record<string, number> };
    assert.equal(counts.byRoute['GET /v1/models'], 7);
    assert.equal(counts.total, 7);
  }));

test('a dropped connection after handling still changes the state', () =>
  withMock(async (mock, sdk) => {
    mock.state.addFault({ route: 'POST /v1/batch/jobs', drop: 'after' });
    const r = await batchJobsCreate(sdk, { requests: [{ body: {} }], endpoint: '/v1/chat/completions', model: 'm' });
    assert.equal(r.ok, false);
    assert.equal(unwrap(await batchJobsList(sdk, {})).total, 1);
  }));

test('metadata mock_outcome forces a terminal status', () =>
  withMock(async (_mock, sdk) => {
    const job = unwrap(await batchJobsCreate(sdk, { requests: [{ body: {} }], endpoint: '/v1/chat/completions', model: 'm', metadata: { mock_outcome: 'TIMEOUT_EXCEEDED' } }));
    let status = job.status;
    for (let i = 0; i < 3; i++) status = unwrap(await batchJobsGet(sdk, { jobId: job.id })).status;
    assert.equal(status, 'TIMEOUT_EXCEEDED');
  }));

test('mock outcomes: fail-<code> error lines, lost requests with no line, slow ones time the job out with partial results, shuffled order', async () => {
  const { MockState } = await import('../../mock-api/state');
  const state = new MockState({ autoAdvance: false, steps: 1 });
  const ids = ['ok-1', 'fail-429-a', 'lost-b', 'ok-2', 'ok-3', 'ok-4', 'fail-c', 'slow-d'];
  const created = state.createJob({ endpoint: '/v1/chat/completions', model: 'm', input_files: [], requests: ids.map((custom_id) => ({ custom_id, body: { messages: [] } })) } as unknown as Parameters<typeof state.createJob>[0]);
  assert.ok(created.ok);
  const job = state.advance(created.job.id, 3)!;
  assert.equal(job.status, 'TIMEOUT_EXCEEDED');
  assert.deepEqual([job.completed_requests, job.succeeded_requests, job.failed_requests], [7, 4, 3]);
  const lines = (fileId: string | null) => state.files.get(fileId!)!.content.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { custom_id: string; response: { status_code: number; body: { message?: string } }; error: unknown });
  const results = lines(job.output_file);
  assert.deepEqual(results.map((l) => l.custom_id).sort(), ['ok-1', 'ok-2', 'ok-3', 'ok-4']);
  assert.notDeepEqual(results.map((l) => l.custom_id), ['ok-1', 'ok-2', 'ok-3', 'ok-4'], 'lines are not in request order');
  const errors = lines(job.error_file);
  assert.deepEqual(errors.map((l) => [l.custom_id, l.response.status_code, l.response.body.message]).sort(), [
    ['fail-429-a', 429, 'Rate limit exceeded'],
    ['fail-c', 400, 'Request failed on purpose (mock trigger: "__fail": true or a custom_id starting with "fail").'],
  ]);
});

const PART_START = '--mock-test-boundary\r\ncontent-disposition: form-data; name="file"; filename="in.jsonl"\r\ncontent-type: application/jsonl\r\n\r\n';

/** Starts a multipart upload by hand, sends `first`, and leaves the request open. */
function startUpload(mock: MockServer, first: string): { request: import('node:http').ClientRequest; answer: Promise<{ status: number; body: string }> } {
  const request = http.request(`${mock.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': `multipart/form-data; boundary=mock-test-boundary` } });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', reject);
  });
  request.flushHeaders();
  if (first) request.write(first);
  return { request, answer };
}

test('an upload whose disk write fails gets a 500, and the mock goes on answering', { timeout: 20_000 }, () =>
  withMock(async (mock, sdk) => {
    const { request, answer } = startUpload(mock, '');
    // The uploads' folder is made when the upload starts; take it away before the file part comes.
    await new Promise((r) => setTimeout(r, 50));
    rmSync(mock.state.uploadDir(), { recursive: true, force: true });
    request.write(PART_START + '{"custom_id":"b","body":{}}\n'.repeat(1000));
    request.end('\r\n--mock-test-boundary\r\ncontent-disposition: form-data; name="purpose"\r\n\r\nbatch\r\n--mock-test-boundary--\r\n');
    const { status, body } = await answer;
    assert.equal(status, 500);
    assert.match(body, /ENOENT/);
    assert.ok(unwrap(await modelsList(sdk, {})).data?.length);
  }));

test('closing the mock while an upload is cut short waits for it, with no stray file error', { timeout: 20_000 }, async () => {
  const mock = await startMockServer({ apiKey: KEY });
  const { request, answer } = startUpload(mock, PART_START + '{"custom_id":"a","body":{}}\n'.repeat(1000));
  answer.catch(() => undefined);
  await new Promise((r) => setTimeout(r, 20));
  const dir = mock.state.uploadDir();
  request.destroy();
  await mock.close();
  assert.equal(existsSync(dir), false, 'the uploads folder is removed once the cut upload is done with');
  // An 'error' event from a file opened after the folder went would surface here as an uncaught exception.
  await new Promise((r) => setTimeout(r, 50));
});

test('a large upload waits for the disk without piling up listeners', () =>
  withMock(async (_mock, sdk) => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const content = jsonl(Array.from({ length: 40_000 }, (_, i) => ({ custom_id: `r${i}`, body: { messages: [{ role: 'user', content: 'x'.repeat(100) }] } })));
      const uploaded = unwrap(await filesUpload(sdk, { file: { fileName: 'big.jsonl', content }, purpose: 'batch' }));
      assert.equal(uploaded.sizeBytes, content.length);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning')), []);
    } finally {
      process.off('warning', onWarning);
    }
  }));
