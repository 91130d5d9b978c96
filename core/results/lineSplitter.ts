// A stream of bytes cut into lines at `\n`, whatever the chunk boundaries: how the results index, the
// line hashes of an upload and the search for a request on disk all read a .jsonl file.

/** Return true to stop: nothing more is read. */
export type OnLine = (bytes: Buffer, offset: number, line: number) => boolean | void;

export class LineSplitter {
  private carry: Buffer | undefined;
  private carryStart = 0;
  private offset = 0;
  private line = 0;
  private stopped = false;

  constructor(private readonly onLine: OnLine) {}

  get done(): boolean {
    return this.stopped;
  }

  /** The line without its `\n` (a `\r` before it stays: callers that mind drop it). */
  push(raw: Uint8Array): void {
    if (this.stopped) return;
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let from = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0 && !this.stopped; nl = chunk.indexOf(0x0a, from)) {
      const piece = chunk.subarray(from, nl);
      const whole = this.carry ? Buffer.concat([this.carry, piece]) : piece;
      this.emit(whole, this.carry ? this.carryStart : this.offset + from);
      this.carry = undefined;
      from = nl + 1;
    }
    if (!this.stopped && from < chunk.length) {
      if (!this.carry) this.carryStart = this.offset + from;
      // Copied: a reader may reuse its buffer.
      this.carry = Buffer.concat([this.carry ?? Buffer.alloc(0), chunk.subarray(from)]);
    }
    this.offset += chunk.length;
  }

  /** The end of the bytes: the last line may have no `\n`. */
  end(): void {
    if (this.carry && !this.stopped) this.emit(this.carry, this.carryStart);
    this.carry = undefined;
  }

  private emit(bytes: Buffer, offset: number): void {
    if (this.onLine(bytes, offset, this.line++) === true) this.stopped = true;
  }
}
