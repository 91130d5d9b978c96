// Where a job's results and errors land, and how nothing earlier is lost there:
// - names are built from local names only; a job id from the server becomes one safe path segment;
// - a file about to be replaced is kept first under the next numbered name (`x.results.1.jsonl`,
//   `.2`, ...; a number is never reused), unless it already holds the very same bytes;
// - a folder that cannot be written to (read-only checkout, CI cache) sends the files to a fallback
//   folder, named in the result, rather than failing a job that was paid for.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, constants, FileHandle, link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** `id` as one file name segment: no separators, no `..`, no control characters, not empty. */
export function safeSegment(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 100);
  return cleaned === '' ? '_' : cleaned;
}

const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/** `x.results.jsonl` → the next unused `x.results.N.jsonl` in its folder (one past the highest). */
async function nextNumbered(path: string): Promise<string> {
  const name = basename(path);
  const dot = name.endsWith('.jsonl') ? name.length - '.jsonl'.length : name.length;
  const stem = name.slice(0, dot);
  const ext = name.slice(dot);
  const numbered = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)${ext.replace('.', '\\.')}$`);
  const used = (await readdir(dirname(path)).catch(() => [] as string[])).map((f) => numbered.exec(f)?.[1]).filter((n): n is string => n !== undefined);
  const next = used.reduce((max, n) => Math.max(max, Number(n)), 0) + 1;
  return join(dirname(path), `${stem}.${next}${ext}`);
}

/** A second name for `path`'s file, never replacing anything; the new name, or undefined when there is no file. */
async function keepAside(path: string): Promise<string | undefined> {
  for (let tries = 0; tries < 100; tries++) {
    const aside = await nextNumbered(path);
    try {
      await link(path, aside);
      return aside;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      if (code === 'EEXIST') continue;
      // Where hard links are not supported, an exclusive copy does the same.
      try {
        await copyFile(path, aside, constants.COPYFILE_EXCL);
        return aside;
      } catch (copyErr) {
        if ((copyErr as NodeJS.ErrnoException).code === 'EEXIST') continue;
        if ((copyErr as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw copyErr;
      }
    }
  }
  throw new Error(`no free numbered name beside ${path}`);
}

/** Moves `path` to its next numbered name; the new name, or undefined when there was no file. */
export async function moveAside(path: string): Promise<string | undefined> {
  const aside = await keepAside(path);
  if (aside) await unlink(path);
  return aside;
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b).catch(() => undefined)]);
  if (!sb || sa.size !== sb.size) return false;
  const hash = async (p: string): Promise<string> => {
    const h = createHash('sha256');
    await pipeline(createReadStream(p), h);
    return h.digest('hex');
  };
  return (await hash(a)) === (await hash(b));
}

export interface SavedFile {
  /** Where the file is now. */
  path: string;
  /** The earlier file at that path, kept under this name. */
  kept?: string;
  /** The earlier file held the same bytes, so nothing was kept aside. */
  unchanged: boolean;
  /** The wanted folder could not be written to; `path` is in the fallback folder. */
  fallbackFrom?: { path: string; reason: string };
}

/**
 * Writes `stream` to `path` (or, when its folder is not writable, to the same name in `fallbackFolder`),
 * keeping an earlier different file there under a numbered name. A failed or cut download leaves
 * everything as it was.
 */
export async function saveKeepingEarlier(path: string, stream: ReadableStream<Uint8Array>, options: { signal?: AbortSignal; fallbackFolder?: string } = {}): Promise<SavedFile> {
  const openTemp = async (file: string): Promise<{ temp: string; handle: FileHandle }> => {
    await mkdir(dirname(file), { recursive: true });
    const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    return { temp, handle: await open(temp, 'wx') };
  };
  let target = path;
  let fallbackFrom: SavedFile['fallbackFrom'];
  let opened: { temp: string; handle: FileHandle };
  try {
    opened = await openTemp(target);
  } catch (err) {
    // Decided before the first byte is read, so the download itself is not lost to the refusal.
    const code = (err as NodeJS.ErrnoException).code;
    if (!(code !== undefined && NOT_WRITABLE.has(code) && options.fallbackFolder)) throw err;
    fallbackFrom = { path, reason: code };
    target = join(options.fallbackFolder, basename(path));
    opened = await openTemp(target);
  }
  const { temp, handle } = opened;
  try {
    await pipeline(Readable.fromWeb(stream as WebReadableStream<Uint8Array>), handle.createWriteStream(), options.signal ? { signal: options.signal } : {});
    const extra = fallbackFrom ? { fallbackFrom } : {};
    if (await sameBytes(temp, target)) {
      await rm(temp, { force: true });
      return { path: target, unchanged: true, ...extra };
    }
    const kept = await keepAside(target);
    await rename(temp, target);
    return { path: target, unchanged: false, ...(kept ? { kept } : {}), ...extra };
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}
