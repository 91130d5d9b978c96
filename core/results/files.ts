// The one way the results code reads files, so a browser build can bring its own (over the client's
// workspace.fs). Node's fs implements it for the server and the CLI.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface ResultFiles {
  /** Undefined when there is no such file (or it is not a file). */
  stat(path: string): Promise<FileStamp | undefined>;
  /** The file's bytes in chunks, in order: a results file can be hundreds of MB. */
  chunks(path: string): AsyncIterable<Uint8Array>;
  /** `length` bytes from `offset`. */
  read(path: string, offset: number, length: number): Promise<Uint8Array>;
}

export const nodeFiles: ResultFiles = {
  async stat(path) {
    const s = await stat(path).catch(() => undefined);
    return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  },
  chunks(path) {
    return createReadStream(path, { highWaterMark: 1 << 20 });
  },
  async read(path, offset, length) {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
};
