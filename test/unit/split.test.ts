// `mistral-batch split`: parts that are byte for byte runs of the original's lines, and nothing left
// under the final names (nor any temporary file) when writing fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartSink, splitJsonl, SplitError } from '../../cli/split';

const line = (i: number) => `{"custom_id": "r${i}", "body": {"input": "text ${i}"}}`;

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'mb-split-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('parts of at most N lines, together the original byte for byte, with or without a final newline', () =>
  withDir(async (dir) => {
    for (const [name, text] of [['a.jsonl', Array.from({ length: 10 }, (_, i) => `${line(i)}\r\n`).join('')], ['b.jsonl', Array.from({ length: 7 }, (_, i) => line(i)).join('\n')]]) {
      const file = join(dir, name);
      await writeFile(file, text);
      const parts = await splitJsonl(file, 3);
      assert.deepEqual(parts.map((p) => p.lines), name === 'a.jsonl' ? [3, 3, 3, 1] : [3, 3, 1]);
      assert.deepEqual(parts.map((p) => p.path), parts.map((_, i) => join(dir, `${name.slice(0, 1)}.part-${i + 1}.jsonl`)));
      const joined = (await Promise.all(parts.map((p) => readFile(p.path, 'utf8')))).join('');
      assert.equal(joined, text);
    }
    assert.deepEqual((await readdir(dir)).filter((f) => f.includes('.tmp')), []);
  }));

test('a full disk while writing leaves no part and no temporary file behind', () =>
  withDir(async (dir) => {
    const file = join(dir, 'big.jsonl');
    await writeFile(file, Array.from({ length: 100 }, (_, i) => `${line(i)}\n`).join(''));
    let written = 0;
    const fullAfter = async (path: string): Promise<PartSink> => {
      await writeFile(path, '');
      return {
        write: async (data) => {
          written += data.length;
          if (written > 2000) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          await writeFile(path, data, { flag: 'a' });
        },
        close: async () => undefined,
      };
    };
    await assert.rejects(splitJsonl(file, 10, fullAfter), (e: unknown) => e instanceof SplitError && /the disk is full \(ENOSPC\)\. Nothing was written under the part names/.test(e.message));
    assert.deepEqual((await readdir(dir)).sort(), ['big.jsonl']);
  }));

test('an earlier split is not overwritten, and an empty file is not split', () =>
  withDir(async (dir) => {
    const file = join(dir, 'x.jsonl');
    await writeFile(file, `${line(1)}\n${line(2)}\n`);
    await splitJsonl(file, 1);
    await assert.rejects(splitJsonl(file, 1), /x\.part-1\.jsonl already exists: remove the parts of an earlier split first\. Nothing was written\./);
    await writeFile(join(dir, 'empty.jsonl'), '');
    await assert.rejects(splitJsonl(join(dir, 'empty.jsonl'), 1), /the file is empty/);
  }));
