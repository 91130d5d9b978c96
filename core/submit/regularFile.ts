// Opening a user's file for reading: only a regular file is read. A FIFO would block the read forever,
// a device could be endless, a socket cannot be opened; each is refused after one stat of the opened
// file (no race with a swap in between), before a byte is read. A file too large to be checked in
// memory is refused the same way, instead of failing half-read and being taken for empty.
import { accessSync, constants, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { brokenLinkReason, notAFile } from './localFile';

/** The API takes files up to 512 MB (and a text that size is near what one string can hold). */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
  constructor(readonly path: string, readonly what: string) {
    super(`${path} ${what}`);
  }
}

/** The whole content of a regular file; throws NotRegularFileError for anything else or a file too large. */
export async function readRegularFile(path: string, maxBytes = MAX_INPUT_BYTES): Promise<Buffer> {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise block before the stat could refuse it.
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await file.stat();
    if (!info.isFile()) throw new NotRegularFileError(path, notAFile(info));
    if (info.size > maxBytes) {
      throw new NotRegularFileError(path, `is ${info.size} bytes, more than the ${maxBytes} bytes (512 MB) a batch input may have`);
    }
    return await file.readFile();
  } finally {
    await file.close();
  }
}

/**
 * Why the file at `path` could not be read whole, or undefined when it can: the same reasons, found
 * without reading, for checks that must be quick (the language server's).
 */
export function unreadableReason(path: string, maxBytes = MAX_INPUT_BYTES): string | undefined {
  let info;
  try {
    info = statSync(path);
  } catch (e) {
    return brokenLinkReason(path, (e as NodeJS.ErrnoException).code) ?? 'no file';
  }
  if (!info.isFile()) return notAFile(info);
  if (info.size > maxBytes) return `is ${info.size} bytes, more than the ${maxBytes} bytes (512 MB) a batch input may have`;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return 'cannot be read (permission denied)';
  }
  return undefined;
}
