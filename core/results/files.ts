// The one way the results code reads files, so a browser build can bring its own (over the client's
// workspace.fs). Node's fs implements it for the server and the CLI.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';

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

// A stat and the read of one line are done synchronously: microseconds from the page cache, where
// the thread pool of the async calls adds milliseconds of queueing on a busy machine (hover waits on them).
export const nodeFiles: ResultFiles = {
  async stat(path) {
    const s = statSync(path, { throwIfNoEntry: false });
    return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  },
  chunks(path) {
    return createReadStream(path, { highWaterMark: 1 << 20 });
  },
  async read(path, offset, length) {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const bytesRead = readSync(fd, buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      closeSync(fd);
    }
  },
};
