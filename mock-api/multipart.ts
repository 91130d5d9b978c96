// Just enough multipart/form-data for `POST /v1/files`, read as it arrives: file parts go straight to
// disk and are never held whole, so a 512 MB upload costs the mock no more memory than a small one
// (and a benchmark of uploads measures the client, not the mock). The mock takes no dependencies.
import { createWriteStream, WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface ReceivedFile {
  name: string;
  filename: string;
  contentType?: string;
  /** Where its bytes were written. */
  path: string;
  bytes: number;
  /** Lines holding something other than white space. */
  lines: number;
}

export interface ReceivedForm {
  fields: Map<string, string>;
  files: ReceivedFile[];
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Largest part header or text field kept in memory. */
const MAX_SMALL = 64 * 1024;

/**
 * Reads a multipart body to its end, writing file parts into `dir`. 'malformed' when it is not
 * well-formed multipart, 'too-large' past `limit` bytes (the rest is read and dropped either way,
 * so the client gets its answer instead of a broken connection).
 */
export async function receiveMultipart(body: AsyncIterable<Buffer>, boundary: string, dir: string, limit: number): Promise<ReceivedForm | 'malformed' | 'too-large'> {
  const form: ReceivedForm = { fields: new Map(), files: [] };
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // A field, not a variable: `fail` changes it from inside a closure.
  const at: { state: 'preamble' | 'after-delimiter' | 'headers' | 'data' | 'done' | 'failed' } = { state: 'preamble' };
  const stopped = () => at.state === 'failed' || at.state === 'done';
  let pending: Buffer = Buffer.alloc(0);
  let total = 0;
  let outcome: 'malformed' | 'too-large' | undefined;
  let part: { name: string; filename?: string; contentType?: string; small: Buffer[]; smallBytes: number; file?: { out: WriteStream; info: ReceivedFile; inLine: boolean } } | undefined;
  // A disk error (the folder removed, the disk full) fails the upload; it must never be an
  // unhandled 'error' event, which would take the whole mock down.
  let diskError: Error | undefined;
  const open = (path: string): WriteStream => createWriteStream(path).on('error', (e) => {
    diskError ??= e;
  });
  const checkDisk = () => {
    if (diskError) throw diskError;
  };

  const fail = (why: 'malformed' | 'too-large') => {
    outcome ??= why;
    at.state = 'failed';
    part?.file?.out.destroy();
  };
  const write = (data: Buffer): Promise<void> | undefined => {
    if (!part || data.length === 0) return undefined;
    if (part.file) {
      countLines(part.file, data);
      part.file.info.bytes += data.length;
      checkDisk();
      const { out } = part.file;
      if (out.write(data)) return undefined;
      // 'close' too: a stream that failed never drains. Whichever comes first removes the other, or
      // every wait of a large upload would leave a 'close' listener behind.
      return new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done).off('close', done);
          resolve();
        };
        out.once('drain', done).once('close', done);
      }).then(checkDisk);
    }
    part.smallBytes += data.length;
    if (part.smallBytes > MAX_SMALL) fail('malformed');
    else part.small.push(Buffer.from(data));
    return undefined;
  };
  const endPart = async (): Promise<void> => {
    if (!part) return;
    const { file } = part;
    if (file) {
      if (file.inLine) file.info.lines++;
      checkDisk();
      await new Promise<void>((resolve, reject) => file.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      form.files.push(file.info);
    } else {
      form.fields.set(part.name, Buffer.concat(part.small).toString('utf8'));
    }
    part = undefined;
  };

  try {
    await readAll();
  } catch (e) {
    // The client went away mid-upload: what was written of the part is not kept.
    part?.file?.out.destroy();
    if (part?.file) await unlink(part.file.info.path).catch(() => undefined);
    throw e;
  }
  if (outcome) return outcome;
  if (at.state !== 'done') {
    part?.file?.out.destroy();
    return 'malformed';
  }
  return form;

  async function readAll(): Promise<void> {
    for await (const chunk of body) {
      total += chunk.length;
      if (total > limit) fail('too-large');
      if (stopped()) continue;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (let progress = true; progress && !stopped();) {
        progress = false;
        if (at.state === 'preamble') {
          const found = pending.indexOf(opening);
          if (found >= 0) {
            pending = pending.subarray(found + opening.length);
            at.state = 'after-delimiter';
            progress = true;
          } else if (pending.length > MAX_SMALL) fail('malformed');
        } else if (at.state === 'after-delimiter') {
          if (pending.length < 2) break;
          const next = pending.subarray(0, 2).toString('latin1');
          pending = pending.subarray(2);
          if (next === '--') at.state = 'done';
          else if (next === '\r\n') at.state = 'headers';
          else fail('malformed');
          progress = true;
        } else if (at.state === 'headers') {
          const end = pending.indexOf('\r\n\r\n');
          if (end < 0) {
            if (pending.length > MAX_SMALL) fail('malformed');
            break;
          }
          const headers = parseHeaders(pending.subarray(0, end).toString('utf8'));
          pending = pending.subarray(end + 4);
          const disposition = headers.get('content-disposition') ?? '';
          const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
          if (name === undefined) {
            fail('malformed');
            break;
          }
          const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
          part = { name, filename, contentType: headers.get('content-type'), small: [], smallBytes: 0 };
          if (filename !== undefined) {
            const path = join(dir, randomUUID());
            part.file = { out: open(path), info: { name, filename, contentType: part.contentType, path, bytes: 0, lines: 0 }, inLine: false };
          }
          at.state = 'data';
          progress = true;
        } else if (at.state === 'data') {
          const found = pending.indexOf(delimiter);
          if (found >= 0) {
            await write(pending.subarray(0, found));
            await endPart();
            pending = pending.subarray(found + delimiter.length);
            at.state = 'after-delimiter';
            progress = true;
          } else {
            // Keep what could be the start of a delimiter cut by the chunk's end.
            const safe = Math.max(0, pending.length - delimiter.length + 1);
            await write(pending.subarray(0, safe));
            pending = Buffer.from(pending.subarray(safe));
          }
        }
      }
    }
  }
}

/** Counts the lines with content as the bytes go by: a line is counted at its end (or the file's). */
function countLines(file: { info: ReceivedFile; inLine: boolean }, data: Buffer): void {
  for (let start = 0; start < data.length;) {
    const nl = data.indexOf(10, start);
    const stop = nl < 0 ? data.length : nl;
    if (!file.inLine) {
      for (let i = start; i < stop; i++) {
        const c = data[i];
        if (c !== 32 && c !== 9 && c !== 13) {
          file.inLine = true;
          break;
        }
      }
    }
    if (nl < 0) break;
    if (file.inLine) file.info.lines++;
    file.inLine = false;
    start = nl + 1;
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}
