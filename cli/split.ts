// `mistral-batch split FILE.jsonl --lines N`: an input over the API's limits cut into parts of at most
// N lines, each byte for byte a run of the original's lines. The parts are written under temporary
// names and renamed only once all of them are complete, so a failure (a full disk) never leaves a
// half-written part, or half a set of parts, under the final names.
// Exit code: 0 written, 1 not written (the reason is printed), 2 usage or an unreadable file.
import { FileHandle, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { LocalFileError, openRegularFile } from '../core/submit/localFile';
import { MAX_BYTES, MAX_LINES } from '../server/analysis/inputLimits';
import type { Io } from './io';
import { plural } from './problems';

export interface SplitArgs {
  file: string;
  lines: number;
}

/** Where a part's bytes go; a test can fail it (a full disk). */
export interface PartSink {
  write(data: Buffer): Promise<void>;
  /** Flushes to disk and closes. */
  close(): Promise<void>;
}

export interface Part {
  path: string;
  lines: number;
  bytes: number;
}

export class SplitError extends Error {
  override readonly name = 'SplitError';
}

const CHUNK = 1024 * 1024;

async function fileSink(path: string): Promise<PartSink> {
  const handle: FileHandle = await open(path, 'wx');
  return {
    write: async (data) => {
      await handle.write(data);
    },
    close: async () => {
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
  };
}

/** `data.jsonl` → `data.part-3.jsonl`. */
export function partName(file: string, n: number): string {
  const base = file.endsWith('.jsonl') ? file.slice(0, -'.jsonl'.length) : file;
  return `${base}.part-${n}.jsonl`;
}

export async function splitJsonl(file: string, maxLines: number, openSink: (path: string) => Promise<PartSink> = fileSink): Promise<Part[]> {
  const { handle } = await openRegularFile(file);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temps: string[] = [];
  const parts: Part[] = [];
  let sink: PartSink | undefined;
  const startPart = async () => {
    const final = partName(file, parts.length + 1);
    const temp = join(dirname(final), `.${basename(final)}.${tag}.tmp`);
    temps.push(temp);
    sink = await openSink(temp);
    parts.push({ path: final, lines: 0, bytes: 0 });
  };
  try {
    if (await exists(partName(file, 1))) throw new SplitError(`${partName(file, 1)} already exists: remove the parts of an earlier split first. Nothing was written.`);
    const buf = Buffer.allocUnsafe(CHUNK);
    let atLineStart = true;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      let pos = 0;
      while (pos < bytesRead) {
        if (atLineStart && (!sink || parts[parts.length - 1].lines === maxLines)) {
          await sink?.close();
          await startPart();
        }
        const part = parts[parts.length - 1];
        const nl = chunk.indexOf(10, pos);
        const end = nl < 0 ? bytesRead : nl + 1;
        await sink?.write(chunk.subarray(pos, end));
        part.bytes += end - pos;
        atLineStart = chunk[end - 1] === 10;
        if (atLineStart) part.lines++;
        pos = end;
      }
    }
    if (parts.length === 0) throw new SplitError('the file is empty: there is nothing to split.');
    // A last line without a final newline is a line too.
    if (!atLineStart) parts[parts.length - 1].lines++;
    await sink?.close();
    sink = undefined;
    const big = parts.find((p) => p.bytes > MAX_BYTES);
    if (big) {
      const fits = Math.max(1, Math.floor((big.lines * MAX_BYTES * 0.95) / big.bytes));
      throw new SplitError(`${big.path} would be ${Math.round(big.bytes / (1024 * 1024))} MB, more than the 512 MB the Files API accepts: split with fewer lines per part (--lines ${fits} fits). Nothing was written.`);
    }
    for (const p of parts) {
      if (await exists(p.path)) throw new SplitError(`${p.path} already exists: remove the parts of an earlier split first. Nothing was written.`);
    }
    for (let i = 0; i < parts.length; i++) await rename(temps[i], parts[i].path);
    temps.length = 0;
    return parts;
  } catch (e) {
    await sink?.close().catch(() => undefined);
    if (e instanceof SplitError || e instanceof LocalFileError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOSPC' ? 'the disk is full (ENOSPC)' : err.code === 'EDQUOT' ? 'the disk quota is used up (EDQUOT)' : `${err.code ?? err.message}`;
    throw new SplitError(`could not write the parts: ${why}. Nothing was written under the part names; free some space and split again.`);
  } finally {
    await handle.close();
    for (const t of temps) await unlink(t).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}

export async function splitCommand(args: SplitArgs, io: Io): Promise<number> {
  if (args.lines > MAX_LINES) {
    io.err(`mistral-batch: --lines ${args.lines} is more than the ${MAX_LINES.toLocaleString('en-US')} lines one input file may hold`);
    return 2;
  }
  let parts: Part[];
  try {
    parts = await splitJsonl(args.file, args.lines);
  } catch (e) {
    if (e instanceof LocalFileError) {
      io.err(`${args.file}: error: ${e.message}`);
      return 2;
    }
    if (e instanceof SplitError) {
      io.err(`${args.file}: error: ${e.message}`);
      return 1;
    }
    throw e;
  }
  for (const p of parts) io.out(`${p.path}: ${plural(p.lines, 'line')}, ${plural(p.bytes, 'byte')}`);
  io.out(`List the parts in the batch file (paths relative to it, here as given):\n  "input_files": ${JSON.stringify(parts.map((p) => p.path))}`);
  return 0;
}
