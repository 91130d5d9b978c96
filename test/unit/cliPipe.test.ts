// The CLI piped into a reader that leaves early (`validate … | head -1`): no EPIPE stack trace,
// and the exit code still says what the command found.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

test('validate into a pipe closed before it writes ends quietly, with its exit code', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-pipe-'));
  try {
    const file = join(dir, 'bad.batch.json');
    await writeFile(file, '{ "model": "m", "endpoint": "/v1/embeddings", "timeout_hours": 0, "requests": [] }\n');
    const child = spawn(process.execPath, [CLI, 'validate', file, file, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader is gone before the first line: every write meets a closed pipe.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    assert.equal(stderr, '');
    assert.equal(code, 1, 'the file has errors');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
