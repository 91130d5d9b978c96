// A .jsonl file checked on worker threads gives the findings of one engine reading every line: runs
// cut anywhere (inside a pretty-printed object, among blank lines, between two uses of a custom_id),
// with a cap on the findings placed, and when a thread fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlChecker, LineFinding } from '../../server/analysis/jsonlChecker';
import { checkJsonlFile } from '../../server/analysis/jsonlFile';
import { CheckThreads } from '../../server/analysis/parallelCheck';
import { batchSchemas } from '../../server/schema/load';

const DIST = join(__dirname, '..', '..', '..', 'dist');
const CHAT = '/v1/chat/completions';
const JOB_MODEL = 'mistral-small-latest';

/** A seeded mix of every kind of line the engine tells apart. */
function mixedFile(lines: number, seed: number): Buffer {
  let x = seed;
  const random = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const request = (id: string, extra = '') => `{"custom_id": "${id}", "body": {"messages": [{"role": "user", "content": "hi ${id}"}]${extra}}}`;
  const parts: Buffer[] = [];
  for (let n = 0; n < lines; n++) {
    const r = random();
    const id = `r${n}`;
    let line: string;
    if (r < 0.55) line = request(id);
    else if (r < 0.6) line = request(`r${Math.floor(random() * n)}`); // a custom_id used before, near or far
    else if (r < 0.63) line = '';
    else if (r < 0.65) line = '  \t';
    else if (r < 0.68) line = `{\n  "custom_id": "${id}",\n\n  "body": {}\n}`;
    else if (r < 0.7) line = `{"custom_id": "${id}",`; // opens an object that nothing continues
    else if (r < 0.71) line = '{"body": {"messages": []}}';
    else if (r < 0.72) line = request('request'); // its copies are offered ids from the same list as a missing custom_id
    else if (r < 0.74) line = request(id, ', "model": "mistral-large-latest"');
    else if (r < 0.76) line = `{"custom_id": "${id}", "custom_id": "${id}b", "body": {"messages": [{"role": "usr", "content": 1}]}}`;
    else if (r < 0.78) line = `{"custom_id": "${id}", "method": "POST", "url": "/v1/embeddings", "body": {"messages": [{"role": "user", "content": "x"}]}}`;
    else if (r < 0.8) line = '[1, 2]';
    else if (r < 0.82) line = `${request(id)} ${request(`${id}x`)}`;
    else if (r < 0.84) line = request(id, `, "stop": "${'long '.repeat(120)}"`); // longer than a test run
    else if (r < 0.85) {
      parts.push(Buffer.from('{"custom_id": "bin", "body": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n'));
      continue;
    } else line = `  ${request(id, ', "temperature": 7')}`;
    parts.push(Buffer.from(`${line}\n`));
  }
  return Buffer.concat(parts);
}

async function check(path: string, threads: CheckThreads | undefined, placed = Number.POSITIVE_INFINITY): Promise<LineFinding[]> {
  const schemas = batchSchemas();
  const found: LineFinding[] = [];
  const checker = new JsonlChecker(schemas, schemas.bodyUris.get(CHAT), JOB_MODEL, undefined, placed);
  await checkJsonlFile(path, checker, { emit: (f) => found.push(...f), threads: () => threads, chunkBytes: 4096 });
  return found;
}

async function withFile(bytes: Buffer, run: (path: string, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'parallel-check-'));
  try {
    const path = join(dir, 'in.jsonl');
    await writeFile(path, bytes);
    await run(path, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const kinds = (found: LineFinding[]) => new Set(found.map((f) => f.code));

test('checked on threads, runs cut anywhere, a file gives the findings of one engine, field for field', () =>
  withFile(mixedFile(3000, 7), async (path) => {
    const alone = await check(path, undefined);
    for (const code of ['duplicate-custom-id', 'missing-custom-id', 'blank-line', 'multi-line', 'model-mismatch', 'not-object', 'other-endpoint', 'not-utf8', 'enum', 'maximum', 'duplicate-key']) {
      assert.ok(kinds(alone).has(code), `the file has a "${code}" finding to compare`);
    }
    for (const [count, runChars] of [[2, 300], [2, 2000], [1, 700], [3, 64 * 1024]]) {
      const told: string[] = [];
      const threads = CheckThreads.start({ count, dir: DIST, runChars, onFailure: (why) => told.push(why) });
      assert.ok(threads, 'the worker bundle is built beside the others');
      try {
        assert.deepEqual(await check(path, threads), alone, `${count} threads, runs of ${runChars} characters`);
      } finally {
        await threads.close();
      }
      assert.deepEqual(told, [], 'no thread stopped, closing included');
    }
  }));

test('with a cap on the findings placed, those shown are placed as one engine places them, and the rest say the same', () =>
  withFile(mixedFile(2000, 11), async (path) => {
    const cap = 40;
    const alone = await check(path, undefined, cap);
    const threads = CheckThreads.start({ count: 2, dir: DIST, runChars: 500 });
    assert.ok(threads);
    try {
      const threaded = await check(path, threads, cap);
      assert.equal(threaded.length, alone.length);
      assert.deepEqual(threaded.slice(0, cap), alone.slice(0, cap));
      // Past the cap, a line's findings all sit at its start, so their order within the line is not kept.
      const said = (found: LineFinding[]) => found.map((f) => `${String(f.line).padStart(6)} ${f.severity} ${f.code} ${f.message}`).sort();
      assert.deepEqual(said(threaded), said(alone));
    } finally {
      await threads.close();
    }
  }));

test('a thread that dies or answers with an error leaves the findings whole: its runs are checked on this thread, and that is said once', () =>
  withFile(mixedFile(1500, 3), async (path, dir) => {
    const alone = await check(path, undefined);
    for (const [name, body] of [
      ['dies', 'process.exit(3);'],
      ['errs', "require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage({ id: m.id, error: 'no' }));"],
    ]) {
      const workerDir = join(dir, name);
      await import('node:fs/promises').then((fs) => fs.mkdir(workerDir)).then(() => writeFile(join(workerDir, 'checkWorker.js'), body));
      const told: string[] = [];
      const threads = CheckThreads.start({ count: 2, dir: workerDir, runChars: 400, onFailure: (why) => told.push(why) });
      assert.ok(threads);
      try {
        assert.deepEqual(await check(path, threads), alone, `a thread that ${name}`);
      } finally {
        await threads.close();
      }
      assert.equal(told.length, 1, `said once: ${told.join(' | ')}`);
      assert.match(told[0], /a thread checking the lines stopped \((exit code 3|no)\); the check goes on in this thread/);
    }
  }));

test('where the worker bundle is missing, no threads are started', () => {
  assert.equal(CheckThreads.start({ count: 2, dir: tmpdir() }), undefined);
  assert.equal(CheckThreads.start({ count: 0, dir: DIST }), undefined);
});
