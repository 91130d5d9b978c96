// `mistral-batch try` (the bundled dist/cli.js) against the mock: a streamed chat answer printed line by line,
// a refused request that sends nothing, a .jsonl line tried with the batch file that names it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startMockServer } from '../../mock-api/server';

const KEY = 'sk-cli-try-secret-77';
const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

async function withFiles(fn: (t: { dir: string; cli: (...args: string[]) => Promise<{ code: number; out: string; err: string }>; calls: () => number; mock: Awaited<ReturnType<typeof startMockServer>> }) => Promise<void>): Promise<void> {
  const mock = await startMockServer({ apiKey: KEY, streamDelayMs: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'mb-try-'));
  await writeFile(join(dir, 'job.batch.json'), JSON.stringify({
    endpoint: '/v1/chat/completions', model: 'mistral-small-latest', input_files: ['in.jsonl'],
    requests: [
      { custom_id: 'hello', body: { messages: [{ role: 'user', content: 'Say hello' }] } },
      { custom_id: 'bad', body: { messages: [{ role: 'usr', content: 'x' }] } },
    ],
  }, null, 2));
  await writeFile(join(dir, 'in.jsonl'), '{"custom_id":"l1","body":{"messages":[{"role":"user","content":"from the jsonl"}]}}\n');
  const cli = async (...args: string[]) => {
    const env = { PATH: process.env.PATH, HOME: dir, MISTRAL_API_KEY: KEY, MISTRAL_BASE_URL: mock.url };
    const r = await new Promise<{ code: number; out: string; err: string }>((done) =>
      execFile(process.execPath, [CLI, ...args], { cwd: dir, env }, (e, out, err) => done({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, out: out.trimEnd(), err })));
    assert.ok(!(r.out + r.err).includes(KEY), 'the key is never printed');
    return r;
  };
  try {
    await fn({ dir, cli, mock, calls: () => mock.state.requests.filter((r) => r.route === 'POST /v1/chat/completions').length });
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('try --request prints the streamed answer, then finish reason, tokens and latency', () =>
  withFiles(async ({ dir, cli, calls }) => {
    const r = await cli('try', join(dir, 'job.batch.json'), '--request', 'hello');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^## request hello · `\/v1\/chat\/completions`\n\nMock answer to "Say hello": /);
    assert.match(r.out, /\nmodel `mistral-small-latest` · finish_reason `stop` · tokens: 2 prompt \+ \d+ completion = \d+ total · \d+ (ms|\.\d\d s)/);
    assert.equal(calls(), 1);
  }));

test('try refuses a request with errors, prints its problems and sends nothing', () =>
  withFiles(async ({ dir, cli, calls }) => {
    const r = await cli('try', join(dir, 'job.batch.json'), '--index', '2');
    assert.equal(r.code, 1);
    assert.match(r.err, /job\.batch\.json:\d+:\d+: error: "usr" is not a valid role/);
    assert.match(r.err, /request bad was not sent: it has 1 error/);
    assert.equal(r.out, '');
    assert.equal(calls(), 0);
  }));

test('try --line takes a .jsonl line with the job of the batch file that names it; --raw prints JSON', () =>
  withFiles(async ({ dir, cli }) => {
    const r = await cli('try', join(dir, 'in.jsonl'), '--line', '1', '--raw');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /as an input of .*job\.batch\.json/);
    const json = JSON.parse(r.out) as { object: string; choices: { message: { content: string } }[] };
    assert.equal(json.object, 'chat.completion');
    assert.match(json.choices[0].message.content, /^Mock answer to "from the jsonl"/);
  }));

test('try without a request to pick, or a .jsonl no job names, is a usage or setup problem', () =>
  withFiles(async ({ dir, cli }) => {
    assert.equal((await cli('try', join(dir, 'job.batch.json'))).code, 2);
    await writeFile(join(dir, 'lone.jsonl'), '{"custom_id":"x","body":{"input":"y"}}\n');
    const r = await cli('try', join(dir, 'lone.jsonl'), '--line', '1');
    assert.equal(r.code, 2);
    assert.match(r.err, /pass --endpoint/);
    const e = await cli('try', join(dir, 'lone.jsonl'), '--line', '1', '--endpoint', '/v1/embeddings', '--model', 'mistral-embed');
    assert.equal(e.code, 0, e.err);
    assert.match(e.out, /1 embedding:\n\n- input 1: 1024 dimensions/);
  }));

test('a field the API rejects is named at its place in the batch file', () =>
  withFiles(async ({ dir, cli, calls, mock }) => {
    const file = join(dir, 'empty.batch.json');
    // A request the local check passes and the API still rejects (the API checks more than it documents).
    mock.state.addFault({ route: 'POST /v1/chat/completions', status: 422, body: { detail: [{ type: 'missing', loc: ['body', 'messages'], msg: 'Field required', input: null }] } });
    await writeFile(file, '{\n  "endpoint": "/v1/chat/completions",\n  "model": "mistral-small-latest",\n  "requests": [\n    { "custom_id": "e", "body": { "messages": [{ "role": "user", "content": "hi" }] } }\n  ]\n}\n');
    const r = await cli('try', file, '--request', 'e');
    assert.equal(r.code, 1);
    assert.match(r.err, /empty\.batch\.json:5:35: error: the API rejected this: Field required/);
    assert.equal(calls(), 1);
  }));
