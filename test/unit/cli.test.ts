// The bundled CLI (dist/cli.js, built by `node esbuild.mjs`) run as a child process against the mock
// server: output formats, exit codes, and that the key never shows in anything it prints.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { MockServer, startMockServer } from '../../mock-api/server';
import { contentOf } from '../../mock-api/state';

const BUILT_CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const KEY = 'sk-cli-secret-9a8b7c6d';
const outputs: string[] = [];
let CLI = '';

// Run a copy outside the repository, where no node_modules can be found: this proves the bundle is
// self-contained and loads without the SDK's optional OpenTelemetry peers.
before(async () => {
  assert.ok(existsSync(BUILT_CLI), `${BUILT_CLI} is missing: run "node esbuild.mjs" first`);
  CLI = join(await mkdtemp(join(tmpdir(), 'mb-cli-bin-')), 'cli.js');
  await copyFile(BUILT_CLI, CLI);
  // The tokenizer's vocabulary ships beside the bundles.
  await copyFile(join(dirname(BUILT_CLI), 'tekken-240718.json'), join(dirname(CLI), 'tekken-240718.json'));
});
after(() => rm(dirname(CLI), { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], opts: { cwd: string; env?: Record<string, string | undefined> }): Promise<Run> {
  // A clean environment: a real MISTRAL_API_KEY or base URL of the developer's must not leak in.
  const env = { PATH: process.env.PATH, HOME: opts.cwd, MISTRAL_BATCH_CACHE_DIR: join(opts.cwd, '.cache'), MISTRAL_API_KEY: KEY, ...opts.env };
  for (const k of Object.keys(env)) if (env[k as keyof typeof env] === undefined) delete env[k as keyof typeof env];
  // With a key, validate lists the account's models at the base URL: never the real API from a test.
  const set = env as Record<string, string | undefined>;
  const offline = args[0] === 'validate' && set.MISTRAL_API_KEY !== undefined && set.MISTRAL_BASE_URL === undefined && !args.includes('--base-url') ? ['--offline'] : [];
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args, ...offline], { cwd: opts.cwd, env: env as NodeJS.ProcessEnv }, (err, stdout, stderr) => {
      outputs.push(stdout, stderr);
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

async function withWorkspace(fn: (ws: { dir: string; mock: MockServer; write(name: string, content: string | object): Promise<string> }) => Promise<void>): Promise<void> {
  const mock = await startMockServer({ apiKey: KEY });
  const dir = await mkdtemp(join(tmpdir(), 'mb-cli-'));
  try {
    await fn({
      dir,
      mock,
      write: async (name, content) => {
        await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
        return name;
      },
    });
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const chat = (text: string): object => ({ messages: [{ role: 'user', content: text }] });
const inline = { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [{ custom_id: 'a', body: chat('hi') }] };

test('validate prints file:line:col problems and a summary, exit 1 on errors', () =>
  withWorkspace(async ({ dir, write }) => {
    await write('good.batch.json', inline);
    await write('bad.batch.json', '{\n  "model": 3,\n  "endpoint": "/v1/chat/completions",\n  "requests": [{ "body": {} }]\n}\n');
    const good = await cli(['validate', 'good.batch.json'], { cwd: dir });
    assert.equal(good.code, 0);
    assert.equal(good.stdout, '0 errors, 0 warnings in 1 file checked\n');
    const bad = await cli(['validate', 'good.batch.json', 'bad.batch.json'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^bad\.batch\.json:2:12: error: .*model/m);
    assert.match(bad.stdout, /^\d+ errors?, \d+ warnings? in 2 files checked$/m);
  }));

test('validate and submit check the lines of local .jsonl inputs, named beside the batch file', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await mkdir(join(dir, 'data'));
    await write('data/in.jsonl', '{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "hi"}]}}\n{"custom_id": "b", "body": {"messages": [{"role": "usr", "content": "hi"}]}}\n');
    await write('files.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['data/in.jsonl'] });
    const checked = await cli(['validate', 'files.batch.json'], { cwd: dir });
    assert.equal(checked.code, 1);
    assert.match(checked.stdout, /^data\/in\.jsonl:2:51: error: "usr" is not a valid role/m);
    assert.match(checked.stdout, /^1 error, 0 warnings in 1 file checked$/m);
    const sent = await cli(['submit', 'files.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(sent.code, 1, sent.stderr);
    assert.match(sent.stderr, /^data\/in\.jsonl:2:51: error: "usr" is not a valid role/m);
    assert.equal(mock.state.count(), 0, 'nothing is uploaded or created');
  }));

test('validate prints every problem: errors after 1,500 warnings are shown, no editor setting is named', () =>
  withWorkspace(async ({ dir, write }) => {
    const requests = [
      ...Array.from({ length: 1500 }, () => ({ body: { input: 'x' } })),
      ...Array.from({ length: 2 }, (_, i) => ({ custom_id: `e${i}`, body: { input: 5 } })),
    ];
    await write('many.batch.json', JSON.stringify({ model: 'mistral-embed', endpoint: '/v1/embeddings', requests }, null, 2));
    const run = await cli(['validate', 'many.batch.json'], { cwd: dir });
    assert.equal(run.code, 1);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 1503);
    assert.equal(lines.filter((l) => / warning: /.test(l)).length, 1500);
    assert.equal(lines.filter((l) => / error: /.test(l)).length, 2);
    assert.equal(lines[1502], '2 errors, 1500 warnings in 1 file checked');
    assert.doesNotMatch(run.stdout + run.stderr, /maxProblems|not shown/);
  }));

test('an input that is a dangling symbolic link is one error, on its input_files entry', () =>
  withWorkspace(async ({ dir, write }) => {
    await symlink('gone.jsonl', join(dir, 'link.jsonl'));
    await write('linked.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['link.jsonl'] });
    const run = await cli(['validate', 'linked.batch.json'], { cwd: dir });
    assert.equal(run.code, 1);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 2, run.stdout);
    assert.match(lines[0], /^linked\.batch\.json:\d+:\d+: error: .*link\.jsonl is a symbolic link to gone\.jsonl, which does not exist/);
    assert.equal(lines[1], '1 error, 0 warnings in 1 file checked');
  }));

test('validate exits 2 on unreadable files and usage errors', () =>
  withWorkspace(async ({ dir }) => {
    const missing = await cli(['validate', 'nope.batch.json'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.batch\.json: error: file not found: check the path/);
    const folder = await cli(['validate', '.'], { cwd: dir });
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /^\.: error: is a folder, not a file/);
    assert.equal((await cli(['validate'], { cwd: dir })).code, 2);
    assert.equal((await cli(['frobnicate'], { cwd: dir })).code, 2);
    const help = await cli(['--help'], { cwd: dir });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /mistral-batch submit FILE \[--wait\]/);
    assert.match(help.stdout, /mistral-batch status JOB_ID/);
    const version = await cli(['--version'], { cwd: dir });
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const fast = await cli(['submit', 'x.batch.json', '--poll-interval', '0.2'], { cwd: dir });
    assert.equal(fast.code, 2);
    assert.match(fast.stderr, /--poll-interval must be at least 1 second \(got 0\.2\)/);
  }));

test('a UTF-8 byte order mark before a batch file or a .jsonl input is no error, and is not uploaded', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('data.jsonl', '\uFEFF' + JSON.stringify({ custom_id: 'a', body: chat('one') }) + '\n');
    await write('bom.batch.json', '\uFEFF' + JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['data.jsonl'] }));
    const checked = await cli(['validate', 'bom.batch.json'], { cwd: dir });
    assert.equal(checked.stdout, '0 errors, 0 warnings in 1 file checked\n');
    const run = await cli(['submit', 'bom.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const [uploaded] = [...mock.state.files.values()];
    assert.equal(contentOf(uploaded).toString('utf8'), JSON.stringify({ custom_id: 'a', body: chat('one') }) + '\n');
  }));

test('submit without a key names the variable, exits 2 and sends nothing', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('inline.batch.json', inline);
    const run = await cli(['submit', 'inline.batch.json', '--base-url', mock.url], { cwd: dir, env: { MISTRAL_API_KEY: undefined } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /MISTRAL_API_KEY/);
    assert.equal(mock.state.count(), 0);
  }));

test('submit prints the job id; MISTRAL_BASE_URL works like --base-url; a 429 on create makes one job', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('inline.batch.json', inline);
    mock.state.addFault({ route: 'POST /v1/batch/jobs', status: 429, retryAfter: 0 });
    const run = await cli(['submit', 'inline.batch.json'], { cwd: dir, env: { MISTRAL_BASE_URL: mock.url } });
    assert.equal(run.code, 0, run.stderr);
    const [id] = run.stdout.trim().split('\n');
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(mock.state.getJob(id, false)?.id, id);
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 2);
    assert.equal(mock.state.listJobs({ page: 0, pageSize: 10 }).total, 1);
    const again = await cli(['submit', 'inline.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.match(again.stderr, new RegExp(`already submitted as job ${id}`));
  }));

test('after an uncertain create, the same content is refused (exit 3) with the candidate jobs until --force', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('inline.batch.json', inline);
    mock.state.addFault({ route: 'POST /v1/batch/jobs', drop: 'after' });
    const first = await cli(['submit', 'inline.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(first.code, 1);
    assert.match(first.stderr, /may have been created anyway/);
    assert.match(first.stderr, /running the same command again stops \(exit code 3\) and lists the jobs created since, unless you add --force/);
    const [created] = mock.state.listJobs({ page: 0, pageSize: 10 }).data;

    const again = await cli(['submit', 'inline.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(again.code, 3);
    assert.equal(again.stdout, '');
    assert.match(again.stderr, /not submitted: an attempt to submit this unchanged file just now \(\d{4}-\d\d-\d\dT[^)]+\) ended without knowing/);
    assert.match(again.stderr, new RegExp(`^  ${created.id} [A-Z]+ 0/1 mistral-small-latest /v1/chat/completions$`, 'm'));
    assert.match(again.stderr, /mistral-batch status JOB_ID/);
    assert.match(again.stderr, /submit again with --force/);
    assert.equal(mock.state.count('POST /v1/batch/jobs'), 1);

    const forced = await cli(['submit', 'inline.batch.json', '--force', '--base-url', mock.url], { cwd: dir });
    assert.equal(forced.code, 0, forced.stderr);
    const after = await cli(['submit', 'inline.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stderr, /already submitted as job/);
  }));

test('a changed .jsonl input makes a new submission; https to a plain-http server says no job was created', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('data.jsonl', JSON.stringify({ custom_id: 'a', body: chat('one') }) + '\n');
    await write('job.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['data.jsonl'] });
    assert.equal((await cli(['submit', 'job.batch.json', '--base-url', mock.url], { cwd: dir })).code, 0);
    await write('data.jsonl', JSON.stringify({ custom_id: 'b', body: chat('two') }) + '\n');
    const changed = await cli(['submit', 'job.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(changed.code, 0, changed.stderr);
    assert.doesNotMatch(changed.stderr, /already submitted/);

    const tls = await cli(['submit', 'job.batch.json', '--base-url', mock.url.replace('http:', 'https:')], { cwd: dir });
    assert.equal(tls.code, 1);
    assert.match(tls.stderr, /Could not set up a connection to https:.* to upload data\.jsonl \(ERR_SSL_WRONG_VERSION_NUMBER\).*\nNo job was created\.\n$/);
    assert.doesNotMatch(tls.stderr, /may have been created/);
  }));

test('submit refuses a file with errors, printing them, and sends nothing', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('bad.batch.json', { model: 3, endpoint: '/v1/chat/completions', requests: [{ body: {} }] });
    const run = await cli(['submit', 'bad.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^bad\.batch\.json:\d+:\d+: error: /m);
    assert.match(run.stderr, /has \d+ errors?.*Nothing was sent/);
    assert.equal(run.stdout, '');
    assert.equal(mock.state.count(), 0);
  }));

test('submit --wait uploads, follows, writes results and errors beside the file, exit 0 on SUCCESS', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('data.jsonl', [{ custom_id: 'ok-1', body: chat('one') }, { custom_id: 'fail-2', body: chat('two') }].map((l) => JSON.stringify(l)).join('\n'));
    await write('job.batch.json', { model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['data.jsonl'] });
    // MISTRAL_DEBUG makes the SDK log whole requests unless given a logger: the key must still not show.
    const run = await cli(['submit', 'job.batch.json', '--wait', '--poll-interval', '1', '--base-url', mock.url], { cwd: dir, env: { MISTRAL_DEBUG: '1' } });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(1), [join(dir, 'job.results.jsonl'), join(dir, 'job.errors.jsonl')]);
    assert.match(run.stderr, /Uploading data\.jsonl: 100%/);
    assert.match(run.stderr, /finished: SUCCESS\. 1 of 2 requests failed/);
    const results = (await readFile(join(dir, 'job.results.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(results.map((r) => [r.custom_id, r.response.status_code]), [['ok-1', 200]]);
    const errors = (await readFile(join(dir, 'job.errors.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(errors.map((r) => r.custom_id), ['fail-2']);
    assert.equal(mock.state.count('POST /v1/files'), 1);
  }));

test('submit prints the warnings first; --wait on a FAILED job prints its messages and moves an earlier results file aside', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    const twice = { custom_id: 'a', body: chat('hi') };
    await write('doomed.batch.json', { ...inline, requests: [twice, twice], metadata: { mock_outcome: 'FAILED' } });
    await write('doomed.results.jsonl', '{"from":"an earlier job"}\n');
    const run = await cli(['submit', 'doomed.batch.json', '--wait', '--poll-interval=1', '--base-url', mock.url], { cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^Checking the batch file\.\.\.\ndoomed\.batch\.json:\d+:\d+: warning: duplicate "custom_id" "a"/);
    assert.match(run.stderr, /finished: FAILED\.\nThe job reports:\n  The job failed \(forced by metadata mock_outcome\)\.\n$/);
    assert.match(run.stderr, /^Moved \S*doomed\.results\.jsonl to \S*doomed\.results\.1\.jsonl: it came from an earlier job/m);
    assert.equal(existsSync(join(dir, 'doomed.results.jsonl')), false);
    const aside = (await readdir(dir)).find((f) => /^doomed\.results\.1\.jsonl$/.test(f));
    assert.ok(aside, 'the earlier results are kept');
    assert.equal(await readFile(join(dir, aside), 'utf8'), '{"from":"an earlier job"}\n');
  }));

test('status, download and cancel look after a job by its id', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('mixed.batch.json', { ...inline, requests: [{ custom_id: 'ok', body: chat('a') }, { custom_id: 'fail-1', body: chat('b') }] });
    const id = (await cli(['submit', 'mixed.batch.json', '--base-url', mock.url], { cwd: dir })).stdout.trim();
    const early = await cli(['download', id, '--base-url', mock.url], { cwd: dir });
    assert.equal(early.code, 1);
    assert.match(early.stderr, /job .* is RUNNING .*nothing to download until it ends/);
    mock.state.advance(id, 10);
    const status = await cli(['status', id, '--base-url', mock.url], { cwd: dir });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`^job ${id}\n  status: SUCCESS 2/2, 1 failed\n  requests: 2 total, 2 completed, 1 succeeded, 1 failed\n`));
    assert.match(status.stdout, /^  results file: [0-9a-f-]{36}$/m);
    assert.match(status.stdout, /^  errors file: [0-9a-f-]{36}$/m);

    // Beside the batch file it came from, like --wait; or where --out says, under the same name.
    const beside = await cli(['download', id, '--base-url', mock.url], { cwd: dir });
    assert.equal(beside.code, 0, beside.stderr);
    assert.deepEqual(beside.stdout.trim().split('\n'), [join(dir, 'mixed.results.jsonl'), join(dir, 'mixed.errors.jsonl')]);
    assert.equal(JSON.parse(await readFile(join(dir, 'mixed.errors.jsonl'), 'utf8')).custom_id, 'fail-1');
    const elsewhere = await cli(['download', id, '--out', 'outputs', '--base-url', mock.url], { cwd: dir });
    assert.equal(elsewhere.code, 0, elsewhere.stderr);
    assert.equal(elsewhere.stdout.trim().split('\n')[0], join(dir, 'outputs', 'mixed.results.jsonl'));

    const running = (await cli(['submit', 'mixed.batch.json', '--base-url', mock.url], { cwd: dir })).stdout.trim();
    const cancel = await cli(['cancel', running, '--base-url', mock.url], { cwd: dir });
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stdout, new RegExp(`^${running} CANCELL`));
    const again = await cli(['cancel', id, '--base-url', mock.url], { cwd: dir });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already ended \(SUCCESS/);
    const unknown = await cli(['status', '00000000-0000-0000-0000-000000000000', '--base-url', mock.url], { cwd: dir });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Not found \(404\)/);
    assert.equal((await cli(['status', '--base-url', mock.url], { cwd: dir })).code, 2);
  }));

test('a rejected key is a setup problem like a missing one: clear message, exit 2', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('inline.batch.json', inline);
    const run = await cli(['submit', 'inline.batch.json', '--base-url', mock.url], { cwd: dir, env: { MISTRAL_API_KEY: `${KEY}-revoked` } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /The API key was rejected .*401.*MISTRAL_API_KEY/);
  }));

test('a 422 is printed at the lines of the fields it names', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('late.batch.json', '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "timeout_hours": 24,\n  "requests": [{ "body": { "messages": [{ "role": "user", "content": "Hi" }] } }]\n}\n');
    const detail = [{ type: 'value_error', loc: ['body', 'timeout_hours'], msg: 'Value error, too long for this model', input: 24 }];
    mock.state.addFault({ route: 'POST /v1/batch/jobs', status: 422, body: { detail } });
    const run = await cli(['submit', 'late.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^late\.batch\.json:4:3: error: the API says: Value error, too long for this model \(at timeout_hours\)$/m);
  }));

test('a missing .jsonl is reported at its entry; a plain-http base URL is refused', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('lost.batch.json', '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "input_files": [\n    "gone.jsonl"\n  ]\n}\n');
    const lost = await cli(['submit', 'lost.batch.json', '--base-url', mock.url], { cwd: dir });
    assert.equal(lost.code, 1);
    assert.match(lost.stderr, /^lost\.batch\.json:5:5: error: no file at \S*gone\.jsonl: fix the path \(it is relative to this batch file\)/m);
    const checked = await cli(['validate', 'lost.batch.json'], { cwd: dir });
    assert.equal(checked.code, 1, 'validate looks for local inputs too');
    assert.match(checked.stdout, /^lost\.batch\.json:5:5: error: no file at /m);
    const insecure = await cli(['submit', 'lost.batch.json', '--base-url', 'http://api.example.com'], { cwd: dir });
    assert.equal(insecure.code, 2);
    assert.match(insecure.stderr, /must use https .*--base-url/);
    assert.equal(mock.state.count(), 0);
  }));

test('the key is blanked out of field messages, base URLs and anything else the CLI prints', () =>
  withWorkspace(async ({ dir, mock, write }) => {
    await write('inline.batch.json', inline);
    mock.state.addFault({ route: 'POST /v1/batch/jobs', status: 422, body: { detail: [{ loc: ['body', 'model'], msg: `Bearer ${KEY} not allowed` }] } });
    const quoted = await cli(['submit', 'inline.batch.json', '--base-url', mock.url], { cwd: dir, env: { MISTRAL_DEBUG: '1' } });
    assert.equal(quoted.code, 1);
    assert.match(quoted.stderr, /^inline\.batch\.json:2:3: error: the API says: Bearer \*\*\* not allowed \(at model\)$/m);
    const asUrl = await cli(['submit', 'inline.batch.json'], { cwd: dir, env: { MISTRAL_BASE_URL: KEY } });
    assert.equal(asUrl.code, 2);
    assert.match(asUrl.stderr, /The base URL in MISTRAL_BASE_URL is not a valid URL/);
    // The URL parser lowercases host names: the key must not come back in another case either.
    const inHost = await cli(['submit', 'inline.batch.json', '--base-url', `http://${KEY.toUpperCase()}.example`], { cwd: dir, env: { MISTRAL_API_KEY: KEY.toUpperCase() } });
    assert.equal(inHost.code, 2);
    assert.match(inHost.stderr, /The base URL http:\/\/\*\*\*\.example in --base-url must use https/);
  }));

test('the key never appears in anything the CLI printed', () => {
  assert.ok(outputs.length > 10);
  for (const text of outputs) assert.ok(!text.toLowerCase().includes(KEY.toLowerCase()), text);
});

test("validate checks models against the account's list with a key, --stats prints the totals, and a failed fetch is only a note", () =>
  withWorkspace(async ({ dir, mock, write }) => {
    const file = await write('old.batch.json', { model: 'open-mistral-7b', endpoint: '/v1/chat/completions', requests: [{ custom_id: 'a', body: { ...chat('hi'), max_tokens: 20 } }] });
    const offline = await cli(['validate', file, '--offline'], { cwd: dir, env: { MISTRAL_BASE_URL: mock.url } });
    assert.equal(offline.code, 0);
    assert.match(offline.stdout, /"open-mistral-7b" is not in the bundled model list/);
    assert.equal(mock.state.requests.filter((r) => r.route === 'GET /v1/models').length, 0, '--offline never calls the API');

    const live = await cli(['validate', file, '--stats'], { cwd: dir, env: { MISTRAL_BASE_URL: mock.url } });
    assert.equal(live.code, 0, live.stderr);
    assert.equal(live.stderr, '');
    assert.match(live.stdout, /old\.batch\.json:2:\d+: warning: "open-mistral-7b" is deprecated: retired since 2025-03-30; use "ministral-8b-latest" instead/);
    assert.match(live.stdout, /old\.batch\.json: 1 request · ~\d+ prompt tokens · at most 20 output tokens, images and audio not counted/);

    mock.state.addFault({ route: 'GET /v1/models', status: 500, times: 100 });
    const failing = await cli(['validate', file], { cwd: dir, env: { MISTRAL_BASE_URL: mock.url, MISTRAL_BATCH_CACHE_DIR: join(dir, 'other-cache') } });
    assert.equal(failing.code, 0, 'a failed fetch never fails the check');
    assert.match(failing.stderr, /^mistral-batch: note: the account's models could not be listed .*using the bundled list/m);
    assert.ok(!failing.stderr.includes(KEY));
  }));
