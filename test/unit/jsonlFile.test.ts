// The streaming reader of .jsonl inputs: the same findings as the in-memory check whatever the chunk
// boundaries, line endings and byte order mark, and a clear refusal for what cannot be read as one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, truncateSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkJsonl } from '../../server/analysis/jsonl';
import { JsonlChecker, LineFinding } from '../../server/analysis/jsonlChecker';
import { checkJsonlFile, CheckFileSummary, ReadOptions } from '../../server/analysis/jsonlFile';
import { LocalFileError } from '../../core/submit/localFile';
import { batchSchemas } from '../../server/schema/load';

const CHAT = '/v1/chat/completions';
const chat = (id: string, role = 'user') => `{"custom_id": "${id}", "body": {"messages": [{"role": "${role}", "content": "hello there"}]}}`;

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'jsonl-file-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function streamed(path: string, opts: ReadOptions = {}): Promise<{ found: LineFinding[]; summary: CheckFileSummary }> {
  const schemas = batchSchemas();
  const found: LineFinding[] = [];
  const summary = await checkJsonlFile(path, new JsonlChecker(schemas, schemas.bodyUris.get(CHAT), 'mistral-small-latest'), { ...opts, emit: (f) => found.push(...f) });
  return { found, summary };
}

const brief = (f: LineFinding) => `${f.line}:${f.start}-${f.end} ${f.severity} ${f.code} ${f.message}`;

test('read in chunks of any size, a file gives the findings of the in-memory check, in line order', () =>
  withDir(async (dir) => {
    const lines = [
      chat('a'), chat('b', 'usr'), '', '{', '  "custom_id": "c",', '  "body": {}', '}', chat('a'),
      `  ${chat('d')}`, `${chat('e')} ${chat('f')}`, '[1]', '{"custom_id": "g", "method": "POST", "url": "/v1/embeddings", "body": {"messages": []}}',
      '{"custom_id": "h", "body": {"messages": [{"role": "user", "content": "x"}]}', chat('i'),
    ];
    for (const [name, text] of [
      ['lf.jsonl', `${lines.join('\n')}\n`],
      ['crlf.jsonl', `${lines.join('\r\n')}\r\n`],
      ['bom-no-final-newline.jsonl', `\uFEFF${lines.join('\n')}`],
    ]) {
      const path = join(dir, name);
      await writeFile(path, text);
      const expected = checkJsonl(batchSchemas(), text.replace(/^\uFEFF/, ''), batchSchemas().bodyUris.get(CHAT), 'mistral-small-latest').map(brief);
      assert.ok(expected.length >= 8, 'the file has problems to compare');
      for (const chunkBytes of [7, 64, 1024 * 1024]) {
        const { found, summary } = await streamed(path, { chunkBytes });
        assert.deepEqual(found.map(brief), expected, `${name}, chunks of ${chunkBytes}`);
        assert.equal(summary.lines, lines.length);
        assert.equal(summary.changed, undefined);
      }
    }
  }));

test('a line longer than the reader keeps is one error with its size, and the next line is checked', () =>
  withDir(async (dir) => {
    const path = join(dir, 'long.jsonl');
    await writeFile(path, `${chat('a')}\n${'x'.repeat(5000)}\n${chat('b', 'usr')}\n`);
    const { found } = await streamed(path, { maxLineBytes: 1000, chunkBytes: 300 });
    assert.deepEqual(found.map((f) => [f.line, f.code]), [[1, 'line-too-long'], [2, 'enum']]);
    assert.match(found[0].message, /^this line is 5,000 bytes long, more than the 1,000 bytes one request line is checked up to, so it was not checked/);
  }));

test('a 100 MB line is reported, not held: the check goes on past it', () =>
  withDir(async (dir) => {
    const path = join(dir, 'huge.jsonl');
    const handle = await open(path, 'w');
    await handle.write(`${chat('a')}\n{"custom_id": "big", "body": {"messages": [{"role": "user", "content": "`);
    await handle.write(Buffer.alloc(100 * 1024 * 1024, 'a'.charCodeAt(0)));
    await handle.write(`"}]}}\n${chat('c', 'usr')}\n`);
    await handle.close();
    const { found, summary } = await streamed(path);
    assert.deepEqual(found.map((f) => [f.line, f.code]), [[1, 'line-too-long'], [2, 'enum']]);
    assert.match(found[0].message, /this line is 100 MB long, more than the 32 MB one request line is checked up to/);
    assert.equal(summary.requests, 3);
  }));

test('a line that is not UTF-8 is said to be so, at its first bad byte', () =>
  withDir(async (dir) => {
    const path = join(dir, 'binary.jsonl');
    // A lone surrogate written as raw bytes (ED A0 80) is not UTF-8 either.
    await writeFile(path, Buffer.concat([Buffer.from(`${chat('a')}\n{"custom_id": "`), Buffer.from([0xff, 0xfe]), Buffer.from(`"}\n{"x": "`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}\n')]));
    const { found } = await streamed(path);
    assert.deepEqual(found.map((f) => [f.line, f.start, f.code]), [[1, 15, 'not-utf8'], [2, 7, 'not-utf8']]);
    assert.match(found[0].message, /not UTF-8 text/);
  }));

test('a FIFO, a folder and a dangling symlink are refused from their stat, before any read; a symlink to a file is read', () =>
  withDir(async (dir) => {
    const fifo = join(dir, 'x.jsonl');
    execFileSync('mkfifo', [fifo]);
    // Opening a FIFO for reading would wait for a writer: this returns at once instead.
    await assert.rejects(streamed(fifo), (e: unknown) => e instanceof LocalFileError && e.kind === 'not-a-file' && /FIFO \(named pipe\)/.test(e.message));
    await mkdir(join(dir, 'folder.jsonl'));
    await assert.rejects(streamed(join(dir, 'folder.jsonl')), /is a folder, not a file/);
    await symlink(join(dir, 'gone.jsonl'), join(dir, 'dangling.jsonl'));
    await assert.rejects(streamed(join(dir, 'dangling.jsonl')), /is a symbolic link to .*gone\.jsonl, which does not exist/);
    await assert.rejects(streamed(join(dir, 'missing.jsonl')), /file not found/);
    await writeFile(join(dir, 'real.jsonl'), `${chat('a')}\n`);
    await symlink(join(dir, 'real.jsonl'), join(dir, 'link.jsonl'));
    assert.deepEqual((await streamed(join(dir, 'link.jsonl'))).found, []);
  }));

test('a 2 GB sparse file is refused from its size at once, without reading it', () =>
  withDir(async (dir) => {
    const path = join(dir, 'sparse.jsonl');
    await writeFile(path, '');
    truncateSync(path, 2 * 1024 * 1024 * 1024);
    const { found, summary } = await streamed(path);
    assert.deepEqual(found.map((f) => f.code), ['file-too-large']);
    assert.match(found[0].message, /the file is 2048 MB, more than the 512 MB the Files API accepts.*mistral-batch split/);
    assert.equal(summary.bytes, 0, 'nothing was read');
  }));

test('a file that grows or is truncated while it is checked is reported as changed', () =>
  withDir(async (dir) => {
    const path = join(dir, 'moving.jsonl');
    const text = `${Array.from({ length: 50 }, (_, i) => chat(`r${i}`)).join('\n')}\n`;
    await writeFile(path, text);
    let grown = false;
    const grows = await streamed(path, { chunkBytes: 512, onProgress: () => { if (!grown) appendFileSync(path, `${chat('late')}\n`); grown = true; } });
    assert.deepEqual(grows.found.map((f) => f.code), ['file-changed']);
    assert.match(grows.found[0].message, /changed while it was being checked \(it grew from \d+ to \d+ bytes\)/);

    await writeFile(path, text);
    let cut = false;
    const shrinks = await streamed(path, { chunkBytes: 512, onProgress: () => { if (!cut) truncateSync(path, 1000); cut = true; } });
    assert.ok(shrinks.found.some((f) => f.code === 'file-changed' && /truncated from \d+ to 1000 bytes/.test(f.message)));
  }));
