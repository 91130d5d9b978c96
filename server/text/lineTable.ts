// The start offset of every line of a text, kept in chunks so that an edit costs the same wherever it is.
// With one flat array, every keystroke shifted each later line start: ~145,000 additions in a 7 MB file.
// Here a chunk's starts are stored relative to the chunk's base, so an edit rewrites entries of the chunks
// it touches and then adjusts one base and one first-line number per later chunk (~150 chunks for 7 MB).

/** Chunks are split above this many line starts, ... */
const MAX = 1024;
/** ... and merged with a neighbour below this many, so their number stays within a small multiple of lines / MAX. */
const MIN = MAX / 4;

export class LineTable {
  /** Each chunk's line starts, relative to its base: the first is always 0. */
  private rel: number[][] = [];
  /** Each chunk's first line start. */
  private base: number[] = [];
  /** Each chunk's first line number. */
  private first: number[] = [];
  private lines = 0;
  /** The chunk last found: positionAt asks for the start of the line it just found, offsetAt for two neighbours. */
  private hint = 0;

  /** The line starts of `text` (`\n` and `\r\n` end lines; a lone `\r` is a character in its line, see document.ts). */
  static of(text: string): LineTable {
    const table = new LineTable();
    let rel: number[] = [0];
    let base = 0;
    table.rel.push(rel);
    table.base.push(0);
    table.first.push(0);
    table.lines = 1;
    // Filled chunk by chunk, straight from the scan: no flat array of starts to copy at open.
    const add = (s: number): void => {
      if (rel.length === MAX) {
        rel = [];
        base = s;
        table.rel.push(rel);
        table.base.push(s);
        table.first.push(table.lines);
      }
      rel.push(s - base);
      table.lines++;
    };
    // The native search finds line feeds far faster than a loop over characters.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) add(i + 1);
    return table;
  }

  get count(): number {
    return this.lines;
  }

  /** Where line `line` starts; 0 ≤ line < count. */
  start(line: number): number {
    let c = this.hint;
    if (c >= this.rel.length || line < this.first[c] || line - this.first[c] >= this.rel[c].length) {
      c = lastAtMost(this.first, line);
      this.hint = c;
    }
    return this.base[c] + this.rel[c][line - this.first[c]];
  }

  /** The last line starting at or before `offset`. */
  lineAt(offset: number): number {
    const c = lastAtMost(this.base, offset);
    this.hint = c;
    const rel = this.rel[c];
    return this.first[c] + lastAtMost(rel, offset - this.base[c]);
  }

  /**
   * Replaces lines `from` to `to` (exclusive; 1 ≤ from ≤ to ≤ count) with lines starting at `fresh`
   * (ascending, in the new text's offsets) and moves the starts of the lines from `to` on by `delta`.
   * Line 0 always starts at 0, so it is never replaced.
   */
  replace(from: number, to: number, fresh: readonly number[], delta: number): void {
    // The chunks holding the lines before `from` and before `to`: the first entry of chunk c (its base)
    // is then never replaced, and lines are only ever appended to or removed from a chunk's middle or end.
    const c = lastAtMost(this.first, from - 1);
    const d = to === from ? c : lastAtMost(this.first, to - 1);
    const i = from - this.first[c];
    const j = to - this.first[d];
    const rel = this.rel[c];
    const base = this.base[c];
    const lineDelta = fresh.length - (to - from);
    if (c === d && rel.length + lineDelta <= MAX) {
      for (let k = j; k < rel.length; k++) rel[k] += delta;
      if (lineDelta === 0) {
        for (let k = 0; k < fresh.length; k++) rel[i + k] = fresh[k] - base;
      } else {
        // At most MAX items: the spread stays far below the engine's limit on arguments.
        rel.splice(i, to - from, ...fresh.map((s) => s - base));
      }
    } else {
      const tail = this.rel[d];
      const shift = this.base[d] + delta - base;
      const joined = rel.slice(0, i);
      for (const s of fresh) joined.push(s - base);
      for (let k = j; k < tail.length; k++) joined.push(tail[k] + shift);
      this.replaceChunks(c, d - c + 1, [joined], [base], [this.first[c]]);
    }
    for (let k = c + 1; k < this.base.length; k++) {
      this.base[k] += delta;
      this.first[k] += lineDelta;
    }
    this.lines += lineDelta;
    this.settle(c);
  }

  /** Brings chunk c back within MIN..MAX entries (a lone chunk may hold fewer). */
  private settle(c: number): void {
    const size = this.rel[c].length;
    if (size > MAX) {
      this.split(c);
    } else if (size < MIN && this.rel.length > 1) {
      const a = c + 1 < this.rel.length ? c : c - 1;
      const joined = this.rel[a];
      const next = this.rel[a + 1];
      const shift = this.base[a + 1] - this.base[a];
      for (let k = 0; k < next.length; k++) joined.push(next[k] + shift);
      this.replaceChunks(a, 2, [joined], [this.base[a]], [this.first[a]]);
      if (joined.length > MAX) this.split(a);
    }
  }

  /** Splits chunk c into the fewest chunks of at most MAX entries, of near equal sizes (all above MAX / 2). */
  private split(c: number): void {
    const rel = this.rel[c];
    const parts = Math.ceil(rel.length / MAX);
    const size = Math.ceil(rel.length / parts);
    const chunks: number[][] = [];
    const bases: number[] = [];
    const firsts: number[] = [];
    for (let at = 0; at < rel.length; at += size) {
      const zero = rel[at];
      const part = rel.slice(at, at + size);
      for (let k = 0; k < part.length; k++) part[k] -= zero;
      chunks.push(part);
      bases.push(this.base[c] + zero);
      firsts.push(this.first[c] + at);
    }
    this.replaceChunks(c, 1, chunks, bases, firsts);
  }

  private replaceChunks(at: number, remove: number, chunks: number[][], bases: number[], firsts: number[]): void {
    this.rel = spliced(this.rel, at, remove, chunks);
    this.base = spliced(this.base, at, remove, bases);
    this.first = spliced(this.first, at, remove, firsts);
  }
}

/** The last index of ascending `a` whose value is at most `v` (0 if none). */
function lastAtMost(a: readonly number[], v: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** `a` with `remove` items at `at` replaced by `items`; a huge paste may add more items than a spread may pass. */
function spliced<T>(a: T[], at: number, remove: number, items: T[]): T[] {
  if (items.length <= 1024) {
    a.splice(at, remove, ...items);
    return a;
  }
  return a.slice(0, at).concat(items, a.slice(at + remove));
}
