// Stale marks for the lines of .jsonl inputs: the set of the lines' hashes as submitted, taken in the
// pass that hashes each input for its upload. A line whose hash is not in the set has been edited
// since (moved or untouched lines still match). 4 bytes a line and at most MAX_LINE_HASHES lines a job,
// so the submission record stays small (about 530 KB of base64 at the cap); a larger job keeps none,
// and its results are then never marked stale.
import { createHash } from 'node:crypto';
import { LineSplitter } from './lineSplitter';

export const MAX_LINE_HASHES = 100_000;

/** The blanks a line's hash ignores around it (a `\r` of a CRLF line break among them; upload leaves a byte order mark out). */
const BLANK = /^[\uFEFF \t\r]+|[ \t\r]+$/g;

function hashBytes(bytes: Uint8Array): number {
  return createHash('sha256').update(bytes).digest().readUInt32BE(0);
}

/** The hash of one line of text as the editor holds it, in the form of `RequestRef.hash`. */
export function lineHash(line: string): string {
  return hex(hashBytes(Buffer.from(line.replace(BLANK, ''), 'utf8')));
}

const hex = (n: number): string => n.toString(16).padStart(8, '0');

/** Hashes each non-blank line of the bytes pushed through it, across chunk boundaries and inputs. */
export class LineHasher {
  private hashes: number[] = [];
  private over = false;
  private lines = this.splitter();

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  /** The end of one input: its last line may have no line break. */
  endInput(): void {
    this.lines.end();
    this.lines = this.splitter();
  }

  /** The set as the record keeps it; undefined past the cap. */
  encode(): string | undefined {
    if (this.over) return undefined;
    const sorted = Uint32Array.from(new Set(this.hashes)).sort();
    const out = Buffer.alloc(sorted.length * 4);
    sorted.forEach((h, i) => out.writeUInt32LE(h, i * 4));
    return out.toString('base64');
  }

  private splitter(): LineSplitter {
    return new LineSplitter((bytes) => this.over || this.line(bytes));
  }

  /** True once past the cap: the rest is not read. */
  private line(bytes: Buffer): boolean {
    let start = 0;
    let end = bytes.length;
    while (start < end && isBlank(bytes[start])) start++;
    while (end > start && isBlank(bytes[end - 1])) end--;
    if (start === end) return false;
    if (this.hashes.length === MAX_LINE_HASHES) {
      this.over = true;
      this.hashes = [];
      return true;
    }
    this.hashes.push(hashBytes(bytes.subarray(start, end)));
    return false;
  }
}

const isBlank = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0d;

/** The set read back from the record: which lines were sent as they are now. */
export class LineHashes {
  private constructor(private readonly sorted: Uint32Array) {}

  /** Undefined for something that is not such a set (a damaged or foreign record). */
  static decode(base64: unknown): LineHashes | undefined {
    if (typeof base64 !== 'string') return undefined;
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length % 4 !== 0) return undefined;
    const sorted = new Uint32Array(bytes.length / 4);
    for (let i = 0; i < sorted.length; i++) sorted[i] = bytes.readUInt32LE(i * 4);
    return new LineHashes(sorted);
  }

  /** `hash` as `lineHash` gives it. */
  has(hash: string): boolean {
    const h = parseInt(hash, 16);
    let lo = 0;
    let hi = this.sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.sorted[mid];
      if (v === h) return true;
      if (v < h) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
