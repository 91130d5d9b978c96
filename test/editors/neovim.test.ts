// Neovim itself, headless, set up with the README's snippet, against dist/server.js: diagnostics
// on the lines Neovim shows, a completion Neovim applies that leaves valid JSON, and a hover.
// Needs `nvim` (npm run test:e2e installs Debian's neovim first, see scripts/e2e/editors.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../..');
const SERVER = join(REPO, 'dist/server.js');

/** The README's Lua block that follows `heading`, with the real server path. */
async function readmeSnippet(heading: string): Promise<string> {
  const readme = await readFile(join(REPO, 'README.md'), 'utf8');
  const at = readme.indexOf(heading);
  assert.ok(at >= 0, `README.md has no "${heading}"`);
  const block = /```lua\n([\s\S]*?)```/.exec(readme.slice(at));
  assert.ok(block, `no lua block after "${heading}" in README.md`);
  assert.ok(block[1].includes('/path/to/dist/server.js'));
  return block[1].replace('/path/to/dist/server.js', SERVER);
}

function nvimVersion(): string {
  try {
    return execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    throw new Error('Neovim (nvim) is not installed: `npm run test:e2e` installs Debian\'s neovim package (as root, with apt reachable), or run `apt-get install neovim`');
  }
}

// A lone CR joins the first two lines, as Neovim shows them (with ^M).
const FIXTURE = '{\n  "model": "mistral-embed",\r  "timeout_hours": 0,\n  "endpoint": "/v1/emb",\n  "requests": [{ "custom_id": "a", "body": { "input": "hello" } }]\n}\n';

/** Whether the process ends within a generous bound (polled: a process's end sends no event to a stranger). */
async function exits(pid: number): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

interface Result {
  filetype: string;
  diagnostics: { lnum: number; message: string }[];
  offered?: string[];
  text?: string;
  hover?: string;
  server_pid?: number;
  error?: string | null;
}

test('Neovim with the README snippet: diagnostics, a completion it applies itself, hover', async (t) => {
  const version = nvimVersion();
  t.diagnostic(version);
  assert.match(version, /^NVIM v0\.(\d+)/);
  const dir = await mkdtemp(join(tmpdir(), 'mb-nvim-'));
  try {
    await writeFile(join(dir, 'init.lua'), await readmeSnippet('**Neovim 0.7–0.9**'));
    await writeFile(join(dir, 'job.batch.json'), FIXTURE);
    const out = join(dir, 'result.json');
    const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(dir, 'init.lua'), '-S', join(REPO, 'test/editors/neovim-driver.lua'), 'job.batch.json'], {
      cwd: dir,
      env: { ...process.env, NVIM_RESULT: out, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // Not a timing assertion: the driver bounds its own waits; this only stops a Neovim that hangs.
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    clearTimeout(guard);
    const result = JSON.parse(await readFile(out, 'utf8').catch(() => 'null')) as Result | null;
    if (process.env.NVIM_TEST_SHOW) console.log(JSON.stringify(result, null, 1));
    assert.ok(result, `Neovim wrote no result (exit ${code}):\n${output}`);
    assert.equal(result.error ?? null, null, output);
    assert.equal(result.filetype, 'mistral-batch');

    const lines = FIXTURE.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle));
    const found = result.diagnostics.map((d) => [d.lnum, d.message] as const).sort((a, b) => a[0] - b[0]);
    assert.deepEqual(found.map(([lnum]) => lnum), [lineOf('"timeout_hours"'), lineOf('"/v1/emb"')], JSON.stringify(found));
    assert.match(found[0][1], /"timeout_hours" must be between 1 and 168/);
    assert.match(found[1][1], /\/v1\/emb/);

    assert.deepEqual(result.offered, ['"/v1/embeddings'], 'Neovim offers what fits `"/v1/emb`');
    const job = JSON.parse(result.text ?? '') as { endpoint: string };
    assert.equal(job.endpoint, '/v1/embeddings', result.text);

    assert.match(result.hover ?? '', /\*\*timeout_hours\*\*/);
    assert.match(result.hover ?? '', /168/);
    assert.equal(code, 0, output);
    assert.ok(result.server_pid, 'the server was running');
    assert.ok(await exits(result.server_pid), `the server (pid ${result.server_pid}) still runs after Neovim quit`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
