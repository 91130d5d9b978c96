// An open document's text, kept as a list of pieces so an edit never copies the whole text.
// JavaScript strings are immutable: with one string per version, every keystroke in a 7 MB file
// would build (and later collect) a new 7 MB string. Pieces are joined only when the whole text
// is asked for, or when there are so many that slicing would slow down.
import { Position } from 'vscode-languageserver-types';
import { LineTable } from './lineTable';

/** What the analysis reads: the text's length, any slice of it, and the whole of it. */
export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
  getText(): string;
}

/** A plain string as a TextSource, for texts that are not edited in place (the CLI, tests). */
export class StringSource implements TextSource {
  constructor(private readonly text: string) {}
  get length(): number {
    return this.text.length;
  }
  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }
  getText(): string {
    return this.text;
  }
}

/**
 * Offsets ↔ positions in UTF-16 units, with `\n` and `\r\n` ending lines. A lone `\r` is a character
 * of its line, as Neovim, Helix and Emacs show it (LSP counts it as a break, but then every later
 * diagnostic lands a line low in those editors). VS Code turns a lone `\r` into its end of line
 * when it opens a file, so it never sends one.
 */
export interface PositionMap {
  readonly uri: string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

const MAX_PIECES = 512;

export class BatchDocument implements TextSource, PositionMap {
  private pieces: string[];
  /** Start offset of each piece. */
  private starts: number[];
  private total: number;
  private lines: LineTable;

  constructor(readonly uri: string, public version: number, text: string) {
    this.pieces = [text];
    this.starts = [0];
    this.total = text.length;
    this.lines = LineTable.of(text);
  }

  get length(): number {
    return this.total;
  }

  get lineCount(): number {
    return this.lines.count;
  }

  /** Where line `line` starts; 0 ≤ line < lineCount. */
  lineStart(line: number): number {
    return this.lines.start(line);
  }

  /** The line that holds `offset`. */
  lineAt(offset: number): number {
    return this.lines.lineAt(clamp(offset, 0, this.total));
  }

  getText(): string {
    if (this.pieces.length > 1) this.join();
    return this.pieces[0];
  }

  slice(start: number, end: number): string {
    start = clamp(start, 0, this.total);
    end = clamp(end, start, this.total);
    if (this.pieces.length === 1) return this.pieces[0].slice(start, end);
    let i = this.pieceAt(start);
    let out = '';
    let at = start;
    while (at < end) {
      const piece = this.pieces[i];
      const from = at - this.starts[i];
      const to = Math.min(piece.length, end - this.starts[i]);
      out += piece.slice(from, to);
      at += to - from;
      i++;
    }
    return out;
  }

  /** Replaces `length` characters at `offset` with `text`. */
  edit(offset: number, length: number, text: string): void {
    offset = clamp(offset, 0, this.total);
    length = clamp(length, 0, this.total - offset);
    const delta = text.length - length;
    this.replacePieces(offset, length, text);
    // A line starts at s when s-1 is `\n`. Only starts from offset to the
    // end of the new text can have changed; earlier ones stay, later ones move by delta.
    const keep = this.lines.lineAt(Math.max(0, offset - 1)) + 1;
    const later = Math.max(keep, this.lines.lineAt(offset + length) + 1);
    const from = Math.max(1, offset);
    const to = Math.min(this.total, offset + text.length);
    const window = this.slice(from - 1, to + 1);
    const fresh: number[] = [];
    for (let s = from; s <= to; s++) {
      if (window.charCodeAt(s - from) === 10) fresh.push(s);
    }
    this.lines.replace(keep, later, fresh, delta);
  }

  positionAt(offset: number): Position {
    offset = clamp(offset, 0, this.total);
    const line = this.lines.lineAt(offset);
    const start = this.lines.start(line);
    // Between `\r` and `\n` is not a place in the line: step back before the line break.
    if (offset > start && this.slice(offset - 1, offset + 1) === '\r\n') offset--;
    return { line, character: offset - start };
  }

  offsetAt(position: Position): number {
    // Clients should send whole numbers; a fraction or garbage must not become a fractional offset.
    const lineNumber = Math.floor(Number(position.line));
    const character = Math.floor(Number(position.character)) || 0;
    const count = this.lines.count;
    if (!(lineNumber < count)) return this.total;
    if (lineNumber < 0) return 0;
    const start = this.lines.start(lineNumber);
    const next = lineNumber + 1 < count ? this.lines.start(lineNumber + 1) : this.total;
    // A position past the end of its line stops before the line break.
    let end = next;
    if (lineNumber + 1 < count) {
      const breakText = this.slice(Math.max(start, next - 2), next);
      end = next - (breakText.endsWith('\r\n') ? 2 : 1);
    }
    return clamp(start + character, start, Math.max(start, end));
  }

  private pieceAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private replacePieces(offset: number, length: number, text: string): void {
    const end = offset + length;
    const first = this.pieceAt(offset);
    const last = this.pieceAt(Math.max(offset, end - 1));
    const head = this.pieces[first].slice(0, offset - this.starts[first]);
    const lastPiece = this.pieces[last];
    const tail = end >= this.starts[last] + lastPiece.length ? '' : lastPiece.slice(end - this.starts[last]);
    const replacement = [head, text, tail].filter((p) => p.length > 0);
    this.pieces.splice(first, last - first + 1, ...replacement);
    if (this.pieces.length === 0) this.pieces.push('');
    this.total += text.length - length;
    this.starts = new Array<number>(this.pieces.length);
    let at = 0;
    for (let k = 0; k < this.pieces.length; k++) {
      this.starts[k] = at;
      at += this.pieces[k].length;
    }
    if (this.pieces.length > MAX_PIECES) this.join();
  }

  private join(): void {
    this.pieces = [this.pieces.join('')];
    this.starts = [0];
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
