// Files are written to a temporary name beside the target and renamed over it, so a failed or
// interrupted write never leaves a truncated file where a good one was.
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

async function replaceWith(path: string, write: (temp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempNameFor(path);
  try {
    await write(temp);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  return replaceWith(path, (temp) => writeFile(temp, data));
}

export function writeStreamAtomic(path: string, stream: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<void> {
  return replaceWith(path, (temp) =>
    pipeline(Readable.fromWeb(stream as WebReadableStream<Uint8Array>), createWriteStream(temp), signal ? { signal } : {}),
  );
}
