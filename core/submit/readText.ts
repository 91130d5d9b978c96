// Reading the user's files: a UTF-8 byte order mark (some Windows editors write one) is not part of the
// JSON, and a failure to read is said in words with what to do about it.
import { NotRegularFileError, readRegularFile } from './regularFile';

const BOM = '\uFEFF';

export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** The same bytes without a leading UTF-8 byte order mark (EF BB BF). */
export function stripBomBytes(data: Buffer): Buffer {
  return data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
}

/** Why a file could not be read, in words: "file not found: check the path". */
export function describeReadError(err: unknown): string {
  if (err instanceof NotRegularFileError) return err.what;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'file not found: check the path';
  if (code === 'EISDIR') return 'is a folder, not a file: give the path of a file in it';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied: check who may read it';
  return `cannot read the file (${code ?? (err instanceof Error ? err.message : String(err))})`;
}

/** The text of a regular file (anything else is refused unread), without a byte order mark. */
export async function readText(path: string): Promise<string> {
  return stripBom((await readRegularFile(path)).toString('utf8'));
}
