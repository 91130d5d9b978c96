// Fault injection: the bundled CLI (and the core, where a CLI flag cannot reach) against a hostile API
// on 127.0.0.1 — the project's mock server behind a proxy that spoils answers (test/support/hostile.ts)
// — and against odd files on disk. Each test asserts what the user is promised: exactly one job where
// one was asked for, an end instead of a hang (the test's own timeout is the hang guard; nothing here
// measures time), the exit code, no key in any output or file, no file lost or written outside its folder.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ApiError, MistralBatchApi } from '../../core/api';
import { downloadJobFiles, followJob, resultPathsIn } from '../../core/submit';
import { MockServer, startMockServer } from '../../mock-api/server';
import { HostileServer, startHostileServer } from '../support/hostile';

const BUILT_CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const KEY = 'sk-fault-secret-77aa88bb99';
const HANG_GUARD = { timeout: 30_000 };
const outputs: string[] = [];
const dirs: string[] = [];
let CLI = '';

before(async () => {
  assert.ok(existsSync(BUILT_CLI), `${BUILT_CLI} is missing: run \`node esbuild.mjs\` first`);
  const bin = await mkdtemp(join(tmpdir(), 'mb-faults-bin-'));
  await chmod(bin, 0o755);
  CLI = join(bin, 'cli.js');
  await copyFile(BUILT_CLI, CLI);
});

after(async () => {
  // The key never shows: not in anything printed, not in any file left in the work folders.
  for (const text of outputs) assert.ok(!text.includes(KEY), `the key appeared in output: ${text.slice(0, 200)}`);
  for (const dir of dirs) {
    for (const file of await listFiles(dir)) {
      const content = await readFile(file, 'utf8').catch(() => '');
      assert.ok(!content.includes(KEY), `the key appeared in ${file}`);
    }
    await rm(dir, { recursive: true, force: true });
  }
  await rm(dirname(CLI), { recursive: true, force: true });
});

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Ws {
  dir: string;
  mock: MockServer;
  hostile: HostileServer;
  write(name: string, content: string | object): Promise<string>;
  /** Runs the CLI; `signal` is sent once stderr matches `until`, or once `when` resolves. */
  cli(args: string[], opts?: { env?: Record<string, string>; until?: RegExp; when?: Promise<void>; signal?: NodeJS.Signals; uid?: number }): Promise<Run>;
  jobs(): number;
}

async function withWorkspace(fn: (ws: Ws) => Promise<void>): Promise<void> {
  const mock = await startMockServer({ apiKey: KEY });
  const hostile = await startHostileServer(mock.url);
  const dir = await mkdtemp(join(tmpdir(), 'mb-faults-'));
  dirs.push(dir);
  const cache = join(dir, '.cache');
  const ws: Ws = {
    dir,
    mock,
    hostile,
    write: async (name, content) => {
      await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return name;
    },
    cli: (args, opts = {}) => new Promise((done) => {
      const env = { PATH: process.env.PATH ?? '', HOME: dir, MISTRAL_BATCH_CACHE_DIR: cache, MISTRAL_API_KEY: KEY, MISTRAL_BASE_URL: hostile.url, ...opts.env };
      const child: ChildProcess = spawn(process.execPath, [CLI, ...args], { cwd: dir, env, ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}) });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr?.on('data', (c: Buffer) => {
        stderr += c.toString();
        if (opts.until && !sent && opts.until.test(stderr)) {
          sent = true;
          child.kill(opts.signal ?? 'SIGINT');
        }
      });
      void opts.when?.then(() => {
        if (!sent) child.kill(opts.signal ?? 'SIGINT');
        sent = true;
      });
      child.on('close', (code, signal) => {
        outputs.push(stdout, stderr);
        done({ code, signal, stdout, stderr });
      });
    }),
    jobs: () => mock.state.listJobs({ page: 0, pageSize: 100 }).data.length,
  };
  try {
    await fn(ws);
  } finally {
    await hostile.close();
    await mock.close();
  }
}

const chat = (text: string): object => ({ messages: [{ role: 'user', content: text }] });
const inline = { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [{ custom_id: 'a', body: chat('hi') }] };

/** After a create whose answer was spoiled: the job exists once, and a plain rerun stops with exit 3 naming it. */
async function assertOneJobAndRerunBlocked(ws: Ws, first: Run): Promise<void> {
  assert.equal(ws.jobs(), 1, 'the spoiled answer did create the job');
  assert.match(first.stderr, /may have been created/);
  const again = await ws.cli(['submit', 'inline.batch.json']);
  assert.equal(again.code, 3, again.stderr);
  const [job] = ws.mock.state.listJobs({ page: 0, pageSize: 10 }).data;
  assert.match(again.stderr, new RegExp(`^  ${job.id} `, 'm'), 'the job created since is listed');
  assert.equal(ws.jobs(), 1, 'the rerun created no second job');
}

for (const kind of ['html', 'truncate', 'missing-id'] as const) {
  test(`a 2xx create answer that cannot be read (${kind}) means "the job may exist": one job, the rerun stops with exit 3`, HANG_GUARD, () =>
    withWorkspace(async (ws) => {
      await ws.write('inline.batch.json', inline);
      ws.hostile.spoil({ route: 'POST /v1/batch/jobs', spoil: { kind } });
      const first = await ws.cli(['submit', 'inline.batch.json']);
      assert.equal(first.code, 1, first.stderr);
      assert.match(first.stderr, /This attempt was noted/);
      await assertOneJobAndRerunBlocked(ws, first);
    }));
}

for (const kind of ['stall-body', 'stall-headers'] as const) {
  test(`a create answer that stalls (${kind}) ends at the deadline; one job; the rerun stops with exit 3`, HANG_GUARD, () =>
    withWorkspace(async (ws) => {
      await ws.write('inline.batch.json', inline);
      ws.hostile.spoil({ route: 'POST /v1/batch/jobs', spoil: { kind } });
      const first = await ws.cli(['submit', 'inline.batch.json', '--timeout', '1']);
      assert.equal(first.code, 1, first.stderr);
      assert.match(first.stderr, /did not answer completely within 1 s/);
      await assertOneJobAndRerunBlocked(ws, first);
    }));
}

test('a status answer that trickles a byte at a time ends at the deadline with a timeout, exit 1', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    const id = (await ws.cli(['submit', 'inline.batch.json'])).stdout.trim();
    ws.hostile.spoil({ route: 'GET /v1/batch/jobs/*', spoil: { kind: 'trickle', everyMs: 100 }, times: 100 });
    const run = await ws.cli(['status', id, '--timeout', '1']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /did not answer completely within 1 s when trying to get batch job/);
    assert.match(run.stderr, /trying again in/, 'each retry is said');
  }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} during the create call exits at once (${signal === 'SIGINT' ? 130 : 143}); the attempt was noted before sending, so the rerun stops with exit 3`, HANG_GUARD, () =>
    withWorkspace(async (ws) => {
      await ws.write('inline.batch.json', inline);
      ws.hostile.spoil({ route: 'POST /v1/batch/jobs', spoil: { kind: 'stall-headers' } });
      // Stopped once the server has created the job and is sitting on the answer.
      const first = await ws.cli(['submit', 'inline.batch.json', '--timeout', '600'], { when: ws.hostile.handled('POST /v1/batch/jobs'), signal });
      assert.equal(first.code, signal === 'SIGINT' ? 130 : 143, first.stderr);
      assert.match(first.stderr, /may have been created/);
      await assertOneJobAndRerunBlocked(ws, first);
    }));
}

test('Ctrl-C during a 429 wait exits 130 at once; nothing was created, so a rerun submits normally', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    ws.hostile.spoil({ route: 'POST /v1/batch/jobs', spoil: { kind: 'rate-limit', retryAfter: 60 } });
    const first = await ws.cli(['submit', 'inline.batch.json'], { until: /trying again in 30 s/ });
    assert.equal(first.code, 130, first.stderr);
    assert.match(first.stderr, /Could not create the batch job \(HTTP 429\); trying again in 30 s \(attempt 2\)\. Ctrl-C stops\./);
    assert.equal(ws.jobs(), 0);
    const again = await ws.cli(['submit', 'inline.batch.json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(ws.jobs(), 1);
  }));

test('a refused connection is retried twice, each wait printed, then says no job was created', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    const closed = await startMockServer({ apiKey: KEY });
    const url = closed.url;
    await closed.close();
    const run = await ws.cli(['submit', 'inline.batch.json', '--base-url', url]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr.match(/Could not create the batch job \(ECONNREFUSED\); trying again in/g)?.length, 2);
    assert.match(run.stderr, /Nothing reached the server, so no job was created/);
  }));

test('when the journal cannot be written nothing is sent and nothing claims it was noted (exit 2)', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    // A readable but unwritable records folder: as root, permissions do not bind, so the CLI runs as nobody.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    const cache = join(ws.dir, 'locked');
    await mkdir(cache);
    await writeFile(join(cache, 'state.json'), '{}');
    await chmod(ws.dir, 0o755);
    await chmod(join(ws.dir, 'inline.batch.json'), 0o644);
    await chmod(join(cache, 'state.json'), 0o444);
    await chmod(cache, 0o555);
    try {
      const run = await ws.cli(['submit', 'inline.batch.json'], { env: { MISTRAL_BATCH_CACHE_DIR: cache }, uid });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /could not be noted before creating the job .*nothing was sent/);
      assert.doesNotMatch(run.stderr, /This attempt was noted/);
      assert.equal(ws.mock.state.count('POST /v1/batch/jobs'), 0);
    } finally {
      await chmod(cache, 0o755);
    }
  }));

test('a damaged state.json is an error naming it, left untouched, and nothing is sent', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    await mkdir(join(ws.dir, '.cache'), { recursive: true });
    const state = join(ws.dir, '.cache', 'state.json');
    await writeFile(state, '{"mistralBatch.uncertainAttempts": [ {"batchFile"');
    const run = await ws.cli(['submit', 'inline.batch.json']);
    assert.equal(run.code, 2, run.stderr);
    assert.ok(run.stderr.includes(state), run.stderr);
    assert.equal(await readFile(state, 'utf8'), '{"mistralBatch.uncertainAttempts": [ {"batchFile"');
    assert.equal(ws.mock.state.count('POST /v1/batch/jobs'), 0);
  }));

test('a redirect of the create request to another server is refused, naming both URLs; the other server gets nothing', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    const elsewhere = await startMockServer({ apiKey: KEY });
    try {
      ws.hostile.spoil({ route: 'POST /v1/batch/jobs', spoil: { kind: 'redirect', status: 307, location: `${elsewhere.url}/v1/batch/jobs?token=abc` } });
      const run = await ws.cli(['submit', 'inline.batch.json']);
      assert.equal(run.code, 2, run.stderr);
      assert.ok(run.stderr.includes(`${ws.hostile.url}/v1/batch/jobs redirected the request to create the batch job to ${elsewhere.url}/v1/batch/jobs,`), run.stderr);
      assert.doesNotMatch(run.stderr, /token=abc/);
      assert.equal(elsewhere.state.requests.length, 0);
      assert.equal(ws.jobs(), 0);
    } finally {
      await elsewhere.close();
    }
  }));

test('a read redirected within the same server is followed', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    const id = (await ws.cli(['submit', 'inline.batch.json'])).stdout.trim();
    ws.hostile.spoil({ route: `GET /v1/batch/jobs/${id}`, spoil: { kind: 'redirect', status: 302, location: `/v1/batch/jobs/${id}?again=1` } });
    const run = await ws.cli(['status', id]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^job ${id}$`, 'm'));
  }));

test('a job id holding a path (../../x) becomes one safe file name inside the folder', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    ws.hostile.renameJobs(() => '../../x');
    const id = (await ws.cli(['submit', 'inline.batch.json'])).stdout.trim();
    assert.equal(id, '../../x');
    for (let i = 0; i < 4; i++) await ws.cli(['status', id]);
    // Deep enough that where `../../x` would lead is still inside this test's folder.
    const out = join(ws.dir, 'a', 'b', 'out');
    // On another machine (no record of the job): the name comes from the id.
    const run = await ws.cli(['download', id, '--out', out], { env: { MISTRAL_BATCH_CACHE_DIR: join(ws.dir, 'other-cache') } });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(await readdir(out), ['__.._x.results.jsonl']);
    assert.equal(existsSync(join(ws.dir, 'x.results.jsonl')), false);
    assert.equal(existsSync(resolve(out, '../../x.results.jsonl')), false);
    assert.deepEqual(await readdir(join(ws.dir, 'a')), ['b']);
  }));

test('control characters in a job id are printed escaped', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    ws.hostile.renameJobs(() => 'job\u001b[2J\u001b]0;pwned\u0007');
    const run = await ws.cli(['submit', 'inline.batch.json']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'job\\x1b[2J\\x1b]0;pwned\\x07\n');
    assert.doesNotMatch(run.stdout + run.stderr, /[\u0000-\u0008\u000b-\u001f\u007f]/);
  }));

test('three --wait submissions of one file, then a download of the second job: no results or errors file is ever lost', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('mixed.batch.json', { ...inline, requests: [{ custom_id: 'ok', body: chat('a') }, { custom_id: 'fail-1', body: chat('b') }] });
    const everSeen = new Set<string>();
    const snapshot = async (): Promise<Set<string>> => {
      const contents = new Set<string>();
      for (const f of await readdir(ws.dir)) if (/^mixed\.(results|errors)/.test(f)) contents.add(await readFile(join(ws.dir, f), 'utf8'));
      return contents;
    };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await ws.cli(['submit', 'mixed.batch.json', '--wait', '--poll-interval', '1']);
      assert.equal(run.code, 0, run.stderr);
      ids.push(run.stdout.split('\n')[0]);
      for (const c of await snapshot()) everSeen.add(c);
    }
    const download = await ws.cli(['download', ids[1]]);
    assert.equal(download.code, 0, download.stderr);
    assert.match(download.stderr, /Kept the earlier mixed\.results\.jsonl as \S+mixed\.results\.\d\.jsonl/);
    const now = await snapshot();
    for (const c of everSeen) assert.ok(now.has(c), 'every results and errors file written stays on disk');
    const names = (await readdir(ws.dir)).filter((f) => /^mixed\.(results|errors)/.test(f));
    assert.equal(names.length, new Set(names).size);
    assert.ok(names.length >= 6, names.join(', '));
  }));

test('a read-only batch folder: --wait saves the outputs to the fallback it names, exit 0', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await ws.write('inline.batch.json', inline);
    // As root, permissions do not bind: the CLI then runs as nobody.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    await mkdir(join(ws.dir, '.cache'), { recursive: true });
    if (uid !== undefined) {
      await chmod(ws.dir, 0o755);
      await chown(join(ws.dir, '.cache'), uid, uid);
      await chmod(join(ws.dir, 'inline.batch.json'), 0o644);
    }
    await chmod(ws.dir, 0o555);
    try {
      const run = await ws.cli(['submit', 'inline.batch.json', '--wait', '--poll-interval', '1'], { uid });
      assert.equal(run.code, 0, run.stderr);
      const fallback = /saved it as (\S+) instead/.exec(run.stderr)?.[1];
      assert.ok(fallback, run.stderr);
      assert.ok(fallback.startsWith(join(ws.dir, '.cache')), fallback);
      assert.ok((await stat(fallback)).size > 0);
      assert.match(run.stderr, /finished: SUCCESS/);
    } finally {
      await chmod(ws.dir, 0o755);
    }
  }));

test('a FIFO named in input_files (or as the batch file) is refused unread: validate and submit end, nothing is sent', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    execFileSync('mkfifo', [join(ws.dir, 'pipe.jsonl'), join(ws.dir, 'pipe.batch.json')]);
    await ws.write('job.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['pipe.jsonl'] });
    const validate = await ws.cli(['validate', 'job.batch.json']);
    assert.equal(validate.code, 1, validate.stdout);
    assert.match(validate.stdout, /pipe\.jsonl is a FIFO/);
    const submit = await ws.cli(['submit', 'job.batch.json']);
    assert.equal(submit.code, 1, submit.stderr);
    // validate may read the account's model list; nothing else reaches the API.
    assert.deepEqual(ws.mock.state.requests.map((r) => r.route).filter((r) => r !== 'GET /v1/models'), []);
    const batch = await ws.cli(['validate', 'pipe.batch.json']);
    assert.equal(batch.code, 2);
    assert.match(batch.stderr, /is a FIFO/);
  }));

test('600 MB of NUL bytes as an input is an error, never "0 errors", and is not uploaded', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    await writeFile(join(ws.dir, 'zeros.jsonl'), '');
    await truncate(join(ws.dir, 'zeros.jsonl'), 600 * 1024 * 1024);
    await ws.write('job.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['zeros.jsonl'] });
    const validate = await ws.cli(['validate', 'job.batch.json']);
    assert.equal(validate.code, 1, validate.stdout);
    assert.doesNotMatch(validate.stdout, /^0 errors/m);
    assert.match(validate.stdout, /zeros\.jsonl is 629145600 bytes, more than/);
    const submit = await ws.cli(['submit', 'job.batch.json']);
    assert.equal(submit.code, 1);
    assert.equal(ws.mock.state.count('POST /v1/files'), 0);
  }));

// Where no CLI flag reaches: the deadline of a file transfer.
test('a download that trickles past the transfer deadline fails as a timeout and leaves the earlier file whole', HANG_GUARD, () =>
  withWorkspace(async (ws) => {
    const api = new MistralBatchApi({ baseUrl: ws.hostile.url, apiKey: KEY, timeoutMs: 2000, transferTimeoutMs: 500, retry: { maxElapsedMs: 0 } });
    await ws.write('inline.batch.json', inline);
    const id = (await ws.cli(['submit', 'inline.batch.json'])).stdout.trim();
    const job = await followJob(api, id, { intervalMs: 1 });
    const target = resultPathsIn(ws.dir, 'inline');
    await writeFile(target.results, 'earlier\n');
    ws.hostile.spoil({ route: 'GET /v1/files/*/content', spoil: { kind: 'trickle', everyMs: 100 } });
    const err = await downloadJobFiles(api, job, target).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.kind, 'timeout');
    assert.equal(await readFile(target.results, 'utf8'), 'earlier\n');
    assert.deepEqual((await readdir(ws.dir)).filter((f) => f.endsWith('.tmp')), []);
  }));
