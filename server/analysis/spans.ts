// Where each request of the `requests` array starts and ends, kept up to date as the text is edited.
// Typing inside one request moves every later request; rather than rewriting thousands of spans per
// keystroke, the move is kept as one pending shift and applied when an edit lands somewhere else.
import { Span } from '../json/segment';

export class ItemSpans {
  /** Spans from this index on are stored `delta` characters before where they are. */
  private from: number;
  private delta = 0;

  constructor(private readonly spans: Span[]) {
    this.from = spans.length;
  }

  start(i: number): number {
    return this.spans[i].start + (i >= this.from ? this.delta : 0);
  }

  end(i: number): number {
    return this.spans[i].end + (i >= this.from ? this.delta : 0);
  }

  /** The index of the request whose span holds `offset` (start inclusive, end exclusive), or -1. */
  find(offset: number): number {
    let lo = 0;
    let hi = this.spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.end(mid) <= offset) lo = mid + 1;
      else if (this.start(mid) > offset) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  get count(): number {
    return this.spans.length;
  }

  /** The first request that ends at or after `offset` (`count` when none does). */
  firstEndingFrom(offset: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.end(mid) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The request that starts exactly at `offset`, or -1. */
  startingAt(offset: number): number {
    const i = this.find(offset);
    return i >= 0 && this.start(i) === offset ? i : -1;
  }

  /** Requests `from` on are now these (where they are now), and every one after them moved by `delta`. */
  replace(from: number, spans: readonly Span[], delta: number): void {
    this.settle();
    spans.forEach((span, n) => (this.spans[from + n] = { start: span.start, end: span.end }));
    this.from = from + spans.length;
    this.delta = delta;
  }

  /** Request `i` grew by `delta` characters (shrank, when negative): it ends later, and every later request moves. */
  resize(i: number, delta: number): void {
    if (delta === 0) return;
    if (this.from !== i + 1) this.settle();
    this.spans[i].end += delta;
    this.from = i + 1;
    this.delta += delta;
  }

  /** Every span where it is now, for a full re-analysis. */
  settled(): readonly Span[] {
    this.settle();
    return this.spans;
  }

  private settle(): void {
    if (this.delta !== 0) {
      for (let k = this.from; k < this.spans.length; k++) {
        this.spans[k].start += this.delta;
        this.spans[k].end += this.delta;
      }
    }
    this.from = this.spans.length;
    this.delta = 0;
  }
}
