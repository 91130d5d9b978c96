// A `.jsonl` input read from disk in bounded memory: the file is read in chunks, cut into lines
// (CRLF, a byte order mark and a missing final newline handled), and each line handed to the line
// engine. Only the line being read is held; one longer than `maxLineBytes` is counted, not kept.
// Files are opened by core/submit/localFile.ts, which refuses what is not a regular file.
import { isUtf8 } from 'node:buffer';
import { FileHandle } from 'node:fs/promises';
import { describeChange, FileIdentity, identityOf, LocalFileError, openRegularFile } from '../../core/submit/localFile';
import { MAX_BYTES, fileTooLarge } from './inputLimits';
import { JsonlChecker, LineFinding, SkippedLine } from './jsonlChecker';
import { CheckThreads, ThreadedFeed } from './parallelCheck';

/** The longest line kept and checked; a request line longer than this is reported, not parsed. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

/** Receives the lines of a file in order; returning true from `line` stops the reading there. */
export interface LineVisitor {
  line(text: string, n: number): boolean | void;
  skipped(n: number, why: SkippedLine): void;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the bytes and lines read so far. */
  onProgress?: (bytes: number, lines: number) => void;
  maxLineBytes?: number;
  /** The read size; smaller in tests, to cross chunk boundaries often. */
  chunkBytes?: number;
  /** Awaited after each chunk: a visitor that works elsewhere holds the reading back with it. */
  pace?: () => Promise<void>;
}

export interface ReadSummary {
  lines: number;
  /** Bytes read, a byte order mark included. */
  bytes: number;
  identity: FileIdentity;
  /** Set when the file changed while it was read, in words. */
  changed: string | undefined;
  /** True when the visitor stopped the reading. */
  stopped: boolean;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Reads the lines of an open file, each decoded from UTF-8 without its line ending. */
export async function readLines(handle: FileHandle, identity: FileIdentity, visit: LineVisitor, opts: ReadOptions = {}): Promise<ReadSummary> {
  const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const size = Math.max(4, Math.min(opts.chunkBytes ?? CHUNK_BYTES, maxLine));
  // Two buffers: the next chunk is read while this one is checked. Reading one only after the
  // previous was checked left the thread idle for a read each time, a seventh of a million lines.
  const bufs = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
  const readInto = (buf: Buffer) => handle.read(buf, 0, buf.length, null).then(({ bytesRead }) => buf.subarray(0, bytesRead));
  // The line that continues past the current chunk: its pieces, or only its length once it is too long.
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let overlong = false;
  let n = 0;
  let bytes = 0;
  let stopped = false;

  const emit = (line: Buffer): void => {
    if (stopped) return;
    const text = decodeLine(line);
    if (typeof text === 'string') stopped = visit.line(text, n) === true;
    else visit.skipped(n, text);
    n++;
  };
  const endCarried = (): void => {
    if (overlong) {
      if (!stopped) visit.skipped(n++, { kind: 'too-long', bytes: carryBytes, limit: maxLine });
    } else emit(carry.length === 1 ? carry[0] : Buffer.concat(carry));
    carry = [];
    carryBytes = 0;
    overlong = false;
  };
  const addCarry = (piece: Buffer): void => {
    if (piece.length === 0) return;
    carryBytes += piece.length;
    if (carryBytes > maxLine) {
      overlong = true;
      carry = [];
    } else if (!overlong) carry.push(Buffer.from(piece)); // Copied: the read buffer is reused.
  };

  let next = readInto(bufs[0]);
  try {
    for (let i = 0; !stopped; i++) {
      if (opts.signal?.aborted) throw new LocalFileError('cancelled', 'the check was cancelled');
      let chunk = await next;
      if (chunk.length === 0) break;
      next = readInto(bufs[(i + 1) % 2]);
      bytes += chunk.length;
      if (i === 0 && chunk.subarray(0, 3).equals(BOM)) chunk = chunk.subarray(3);
      const firstEnd = chunk.indexOf(10);
      if (firstEnd < 0) {
        addCarry(chunk);
      } else {
        let pos = 0;
        if (carryBytes > 0) {
          addCarry(chunk.subarray(0, firstEnd));
          endCarried();
          pos = firstEnd + 1;
        }
        const lastEnd = chunk.lastIndexOf(10);
        if (lastEnd >= pos) {
          emitRun(chunk.subarray(pos, lastEnd), emit, (text) => {
            if (!stopped) stopped = visit.line(text, n) === true;
            n++;
          });
          pos = lastEnd + 1;
        }
        addCarry(chunk.subarray(pos));
      }
      opts.onProgress?.(bytes, n);
      await opts.pace?.();
    }
  } finally {
    // A read still under way when the loop stopped settles before the caller closes the file.
    await next.catch(() => undefined);
  }
  // A last line without a final newline is still a line.
  if (!stopped && carryBytes > 0) endCarried();
  const after = identityOf(await handle.stat());
  const changed = stopped ? undefined : describeChange(identity, after) ?? (bytes !== identity.size ? `it held ${bytes} bytes when read, not the ${identity.size} it had at the start` : undefined);
  return { lines: n, bytes, identity, changed, stopped };
}

/**
 * The most text decoded into one string. A string over V8's large-object size (128 KB) is allocated
 * in the old generation's large-object space: a whole chunk decoded at once left a 1 MB string there
 * at every young collection it survived (a line of it still being checked), garbage that only a full
 * collection frees, 40 MB and more of the peak at a million lines.
 */
const DECODE_BYTES = 64 * 1024;

/**
 * A run of whole lines inside one chunk (newline-separated, none too long): decoded in pieces of
 * whole lines when it is all UTF-8, which it nearly always is, else line by line to find the lines
 * that are not.
 */
function emitRun(run: Buffer, emit: (line: Buffer) => void, emitText: (text: string) => void): void {
  if (!isUtf8(run)) {
    for (let start = 0; start <= run.length;) {
      const end = run.indexOf(10, start);
      const stop = end < 0 ? run.length : end;
      emit(run.subarray(start, stop));
      start = stop + 1;
    }
    return;
  }
  for (let from = 0; from <= run.length;) {
    // Cut after the last newline within DECODE_BYTES, or after the first line when it is longer.
    let to = run.length;
    if (run.length - from > DECODE_BYTES) {
      const last = run.lastIndexOf(10, from + DECODE_BYTES);
      to = last >= from ? last : run.indexOf(10, from + DECODE_BYTES);
      if (to < 0) to = run.length;
    }
    emitLines(run.toString('utf8', from, to), emitText);
    from = to + 1;
  }
}

/** Each newline-separated line of `text`, without a final `\r`. */
function emitLines(text: string, emitText: (text: string) => void): void {
  for (let start = 0; start <= text.length;) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    emitText(text.charCodeAt(stop - 1) === 13 ? text.slice(start, stop - 1) : text.slice(start, stop));
    start = stop + 1;
  }
}

/** A line's text without its `\r`, or why it is not text. */
function decodeLine(line: Buffer): string | SkippedLine {
  if (!isUtf8(line)) {
    const bad = firstInvalidUtf8(line);
    return { kind: 'not-utf8', offset: line.subarray(0, bad).toString('utf8').length };
  }
  const end = line.length > 0 && line[line.length - 1] === 13 ? line.length - 1 : line.length;
  return line.toString('utf8', 0, end);
}

/** The byte offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const size = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (size === 0 || i + size > b.length || !isUtf8(b.subarray(i, i + size))) return i;
    i += size;
  }
  return b.length;
}

export interface CheckFileOptions extends ReadOptions {
  /** Receives the findings as they are found, in line order; the file's are never all held at once. */
  emit: (findings: LineFinding[]) => void;
  /** Threads to check the lines on beside this one, given the file's size (the caller closes them); the findings are the same. */
  threads?: (bytes: number) => CheckThreads | undefined;
}

export interface CheckFileSummary extends ReadSummary {
  requests: number;
}

/**
 * Checks a .jsonl file with the line engine. A file over the API's size limit is refused from its
 * size alone: reading it would only delay the one fix it needs, splitting it.
 */
export async function checkJsonlFile(path: string, checker: JsonlChecker, opts: CheckFileOptions): Promise<CheckFileSummary> {
  const { handle, identity } = await openRegularFile(path);
  try {
    if (identity.size > MAX_BYTES) {
      opts.emit([fileTooLarge(identity.size)]);
      return { lines: 0, bytes: 0, identity, changed: undefined, stopped: true, requests: 0 };
    }
    const threads = opts.threads?.(identity.size);
    let summary: ReadSummary;
    if (threads) {
      const feed = new ThreadedFeed(checker, threads, opts.emit);
      summary = await readLines(handle, identity, feed.visitor, { ...opts, pace: () => feed.pace() });
      await feed.drain();
    } else {
      summary = await readLines(handle, identity, {
        line: (text, n) => {
          const found = checker.line(text, n);
          if (found.length > 0) opts.emit(found);
        },
        skipped: (n, why) => opts.emit(checker.skipped(n, why)),
      }, opts);
    }
    const last = checker.finish({ bytes: summary.bytes });
    if (summary.changed) {
      last.push({
        line: 0, start: 0, end: 0, severity: 'error', code: 'file-changed',
        message: `the file changed while it was being checked (${summary.changed}), so what was checked is not what is there: check it again once nothing writes to it`,
      });
    }
    if (last.length > 0) opts.emit(last);
    return { ...summary, requests: checker.requestCount };
  } finally {
    await handle.close();
  }
}
