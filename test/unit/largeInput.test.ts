// Inputs at scale, through the built CLI: `validate` of a 100k-line file prints, line for line, what
// the in-memory checker finds; `submit` checks and uploads it with a 200 MB heap.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeJsonl } from '../../bench/jsonlFile';
import { formatProblem } from '../../cli/problems';
import { startMockServer } from '../../mock-api/server';
import { checkJsonl } from '../../server/analysis/jsonl';
import { batchSchemas } from '../../server/schema/load';

const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');
const KEY = 'sk-large-input';
const LINES = 100_000;
let dir = '';

before(async () => {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`node esbuild.mjs\` first`);
  dir = await mkdtemp(join(tmpdir(), 'mb-large-'));
});
after(() => rm(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, MISTRAL_BATCH_CACHE_DIR: join(dir, '.cache'), ...env } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('close', (code) => done({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

test('validate of a 100k-line file prints what the in-memory checker finds, line for line; the problem cap applies without --all', async () => {
  const file = join(dir, 'broken.jsonl');
  await writeJsonl(file, LINES, { invalid: true });
  // Cross-line rules and the .jsonl rules too: a repeated id, a blank line, a pretty-printed object.
  await appendFile(file, '{"custom_id": "req-00007", "body": {"messages": [{"role": "user", "content": "again"}]}}\n\n{\n  "custom_id": "x",\n  "body": {}\n}\n');
  const text = await readFile(file, 'utf8');
  const schemas = batchSchemas();
  const word = { error: 'error', warning: 'warning', information: 'info' } as const;
  const expected = checkJsonl(schemas, text, schemas.bodyUris.get('/v1/chat/completions'), 'mistral-small-latest')
    .map((f) => formatProblem('broken.jsonl', f.line, f.start, word[f.severity], f.message));
  assert.ok(expected.length > LINES, 'every generated line has a problem');

  const all = await run([CLI, 'validate', 'broken.jsonl', '--endpoint', '/v1/chat/completions', '--model', 'mistral-small-latest', '--all']);
  assert.equal(all.code, 1, all.stderr);
  const printed = all.stdout.trimEnd().split('\n');
  assert.match(printed.pop() ?? '', /^\d+ errors, 2 warnings in 1 file checked$/);
  assert.equal(printed.length, expected.length);
  assert.deepEqual(printed, expected);

  const capped = await run([CLI, 'validate', 'broken.jsonl']);
  assert.equal(capped.code, 1);
  const lines = capped.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, 1000), expected.slice(0, 1000));
  assert.equal(lines[1000], `broken.jsonl: ${(expected.length - 1000).toLocaleString('en-US')} more problems not shown (${expected.length - 1002} errors, 2 warnings); --all prints every one`);
  assert.equal(lines.length, 1002);
  assert.match(capped.stderr, /broken\.jsonl: checked as \/v1\/chat\/completions requests, inferred: the bodies have "messages"/);
});

test('submit checks and uploads a 100k-line input with a 200 MB heap', async () => {
  const mock = await startMockServer({ apiKey: KEY });
  try {
    const input = join(dir, 'big.jsonl');
    await writeJsonl(input, LINES);
    await writeFile(join(dir, 'big.batch.json'), JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['big.jsonl'] }));
    const sent = await run(['--max-old-space-size=200', CLI, 'submit', 'big.batch.json', '--base-url', mock.url], { MISTRAL_API_KEY: KEY });
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stderr, /Uploading big\.jsonl: 100%/);
    const [uploaded] = [...mock.state.files.values()];
    assert.equal(uploaded.bytes, (await stat(input)).size);
    assert.equal(uploaded.num_lines, LINES);
  } finally {
    await mock.close();
  }
});
