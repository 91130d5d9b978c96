// Local input files as submission reads them: opened only when they are regular files (a FIFO or a
// folder named `x.jsonl` is refused from its stat, before a read could block), known by an identity
// (size, modification time, inode) so that content changed after it was checked is never uploaded,
// and hashed as a stream, never held whole in memory.
import { createHash } from 'node:crypto';
import { constants, lstatSync, readlinkSync, Stats } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { FileHandle, open, stat } from 'node:fs/promises';

export type LocalFileErrorKind = 'missing' | 'dangling-link' | 'not-a-file' | 'unreadable' | 'changed' | 'cancelled';

/** A local input that cannot be read, said in words with what to do. */
export class LocalFileError extends Error {
  override readonly name = 'LocalFileError';
  constructor(readonly kind: LocalFileErrorKind, message: string) {
    super(message);
  }
}

/** What identifies the content that was read: a later upload refuses a file whose identity changed. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
}

export function identityOf(s: Stats): FileIdentity {
  return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, dev: s.dev };
}

/** The file's identity now, or undefined when it cannot be stat'ed any more. */
export async function currentIdentity(path: string): Promise<FileIdentity | undefined> {
  return stat(path).then(identityOf, () => undefined);
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev;
}

/** How a file differs from what was read before, in words; undefined when it does not. */
export function describeChange(before: FileIdentity, after: FileIdentity): string | undefined {
  if (sameIdentity(before, after)) return undefined;
  if (after.ino !== before.ino || after.dev !== before.dev) return 'it was replaced by another file';
  if (after.size > before.size) return `it grew from ${before.size} to ${after.size} bytes`;
  if (after.size < before.size) return `it was truncated from ${before.size} to ${after.size} bytes`;
  return 'it was rewritten (same size, new modification time)';
}

/**
 * Opens a regular file for reading, or says why not. The stat comes first and the open does not wait
 * for a writer, so a FIFO or a device named `x.jsonl` is refused instead of blocking.
 */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; identity: FileIdentity }> {
  const info = await stat(path).catch(async (e: NodeJS.ErrnoException) => {
    throw await statError(path, e);
  });
  if (!info.isFile()) throw new LocalFileError('not-a-file', notAFile(info));
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new LocalFileError('unreadable', readError(e as NodeJS.ErrnoException));
  }
  // The path may have been swapped between the stat and the open: trust only what was opened.
  const opened = await handle.stat();
  if (!opened.isFile()) {
    await handle.close();
    throw new LocalFileError('not-a-file', notAFile(opened));
  }
  return { handle, identity: identityOf(opened) };
}

async function statError(path: string, e: NodeJS.ErrnoException): Promise<LocalFileError> {
  const link = brokenLinkReason(path, e.code);
  if (link) return new LocalFileError('dangling-link', link);
  if (e.code === 'ENOENT') return new LocalFileError('missing', 'file not found: check the path');
  return new LocalFileError('unreadable', readError(e));
}

/** Why a path that stat failed on (with `code`) is a symbolic link that leads nowhere; undefined when it is not one. */
export function brokenLinkReason(path: string, code: string | undefined): string | undefined {
  if (code === 'ELOOP') return 'is a symbolic link that leads back to itself: give the real file';
  if (code !== 'ENOENT') return undefined;
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  let target = '?';
  try {
    target = readlinkSync(path);
  } catch {
    // Said as "?": the link is there, its target unreadable.
  }
  return `is a symbolic link to ${target}, which does not exist: fix the link or give the real file`;
}

/** Why something that is not a regular file cannot be an input, in words. */
export function notAFile(info: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isSocket'>): string {
  if (info.isDirectory()) return 'is a folder, not a file';
  if (info.isFIFO()) return 'is a FIFO (named pipe), not a regular file: it is not read, as that could wait forever, and an input is read twice (to check it, then to upload it)';
  if (info.isSocket()) return 'is a socket, not a file: give the path of a regular file';
  return 'is a device, not a regular file: give the path of a regular file';
}

function readError(e: NodeJS.ErrnoException): string {
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied: check who may read it';
  if (e.code === 'EISDIR') return 'is a folder, not a .jsonl file: give the path of a file';
  return `cannot read the file (${e.code ?? e.message})`;
}


export interface HashedFile {
  /** sha256 of the content as it is uploaded: without a leading UTF-8 byte order mark. */
  sha256: string;
  /** Bytes uploaded (the byte order mark left out). */
  bytes: number;
  bom: boolean;
  identity: FileIdentity;
}

const HASH_CHUNK = 1024 * 1024;

/**
 * Hashes a local input as it will be uploaded, reading it in chunks; refuses one that changes meanwhile.
 * `lines`, when given, sees the same bytes (for the stale marks of its lines' results).
 */
export async function hashLocalFile(path: string, signal?: AbortSignal, lines?: { push(chunk: Uint8Array): void; endInput(): void }): Promise<HashedFile> {
  const { handle, identity } = await openRegularFile(path);
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(HASH_CHUNK);
    let bytes = 0;
    let bom = false;
    for (let first = true; ; first = false) {
      if (signal?.aborted) throw new LocalFileError('cancelled', 'cancelled');
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      let chunk = buf.subarray(0, bytesRead);
      // The API reads each line as JSON, and a byte order mark would spoil the first.
      if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        bom = true;
        chunk = chunk.subarray(3);
      }
      hash.update(chunk);
      lines?.push(chunk);
      bytes += chunk.length;
    }
    lines?.endInput();
    const changed = describeChange(identity, identityOf(await handle.stat()));
    if (changed || bytes + (bom ? 3 : 0) !== identity.size) {
      throw new LocalFileError('changed', `changed while it was being read (${changed ?? 'its size and what was read differ'}): submit again once nothing writes to it`);
    }
    return { sha256: hash.digest('hex'), bytes, bom, identity };
  } finally {
    await handle.close();
  }
}

/**
 * The content to upload, read from disk as it is sent (never held in memory). It is the content that
 * was hashed: a file whose identity changed since is refused, and one changed during the upload
 * fails to read (Node checks the file's modification time as it reads).
 */
export async function openUploadBlob(path: string, hashed: HashedFile): Promise<Blob> {
  const fail = async (e: NodeJS.ErrnoException): Promise<never> => {
    throw await statError(path, e);
  };
  const blob = await openAsBlob(path, { type: 'application/jsonl' }).catch(fail);
  // Compared after the blob is made: the blob fails on any change from then on, so none slips between.
  const changed = describeChange(hashed.identity, identityOf(await stat(path).catch(fail)));
  if (changed) throw new LocalFileError('changed', `changed after it was checked (${changed}): submit again, so that what is uploaded is what was checked`);
  return hashed.bom ? blob.slice(3, blob.size, 'application/jsonl') : blob;
}
