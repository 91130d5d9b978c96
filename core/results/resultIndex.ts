// The results and errors files of one job, indexed by custom_id in one streamed pass. Each line is
// kept as where it is (file, byte offset, length, line number) plus the few facts an inlay hint needs;
// the full outcome is read back from disk by offset when asked for (hover, summary).
import { ResultFiles, FileStamp } from './files';
import { LineSplitter } from './lineSplitter';
import { Outcome, outcomeOf, shortMessage } from './outcome';

export type ResultSource = 'results' | 'errors';

export interface ResultPaths {
  results: string;
  errors: string;
}

/** What an inlay hint shows, without reading the line again. */
export interface Brief {
  source: ResultSource;
  /** 0-based line in its file. */
  line: number;
  ok: boolean;
  statusCode: number | undefined;
  totalTokens: number | undefined;
  /** A failure's message, shortened. */
  message: string | undefined;
}

interface FileIndex {
  path: string;
  stamp: FileStamp;
}

const NO_STATUS = 0xffff;
const NO_TOKENS = 0xffffffff;

export class ResultIndex {
  private readonly byId = new Map<string, number>();
  // Parallel arrays, grown by doubling: far less memory per line than an object each.
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private lines = new Uint32Array(1024);
  private status = new Uint16Array(1024);
  private tokens = new Uint32Array(1024);
  private fileOf = new Uint8Array(1024);
  private readonly messages = new Map<number, string>();
  private count = 0;
  /** custom_ids seen more than once: the first line is the one used. */
  readonly repeated = new Map<string, number>();
  /** Lines that could not be read as JSON, or had no custom_id: 0-based line numbers per file. */
  readonly unreadable: Array<{ source: ResultSource; line: number }> = [];

  private constructor(private readonly files: ResultFiles, readonly sources: Partial<Record<ResultSource, FileIndex>>) {}

  /** Indexes whichever of the two files exist; undefined when neither does. */
  static async build(files: ResultFiles, paths: ResultPaths): Promise<ResultIndex | undefined> {
    const stamps = await Promise.all([files.stat(paths.results), files.stat(paths.errors)]);
    if (!stamps[0] && !stamps[1]) return undefined;
    const sources: Partial<Record<ResultSource, FileIndex>> = {};
    if (stamps[0]) sources.results = { path: paths.results, stamp: stamps[0] };
    if (stamps[1]) sources.errors = { path: paths.errors, stamp: stamps[1] };
    const index = new ResultIndex(files, sources);
    for (const source of ['results', 'errors'] as const) {
      const file = sources[source];
      if (file) await index.scan(source, file.path);
    }
    return index;
  }

  /** True while both files are as they were when indexed (none appeared, none changed or went). */
  async isCurrent(paths: ResultPaths): Promise<boolean> {
    const [r, e] = await Promise.all([this.files.stat(paths.results), this.files.stat(paths.errors)]);
    return sameStamp(this.sources.results, paths.results, r) && sameStamp(this.sources.errors, paths.errors, e);
  }

  get size(): number {
    return this.byId.size;
  }

  ids(): IterableIterator<string> {
    return this.byId.keys();
  }

  has(customId: string): boolean {
    return this.byId.has(customId);
  }

  brief(customId: string): Brief | undefined {
    const i = this.byId.get(customId);
    if (i === undefined) return undefined;
    const status = this.status[i];
    const tokens = this.tokens[i];
    const message = this.messages.get(i);
    return {
      source: this.fileOf[i] === 0 ? 'results' : 'errors',
      line: this.lines[i],
      ok: message === undefined,
      statusCode: status === NO_STATUS ? undefined : status,
      totalTokens: tokens === NO_TOKENS ? undefined : tokens,
      message,
    };
  }

  /** Where the line of `customId` is: its file's path and 0-based line. */
  where(customId: string): { path: string; line: number } | undefined {
    const i = this.byId.get(customId);
    if (i === undefined) return undefined;
    const file = this.sources[this.fileOf[i] === 0 ? 'results' : 'errors'];
    return file ? { path: file.path, line: this.lines[i] } : undefined;
  }

  /** The line's text, read from disk. */
  async lineText(customId: string): Promise<string | undefined> {
    const i = this.byId.get(customId);
    const file = i === undefined ? undefined : this.sources[this.fileOf[i] === 0 ? 'results' : 'errors'];
    if (i === undefined || !file) return undefined;
    const bytes = await this.files.read(file.path, this.offsets[i], this.lengths[i]);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  }

  /** The full outcome, read from disk; undefined when the file changed so the line no longer reads. */
  async outcome(customId: string): Promise<Outcome | undefined> {
    const text = await this.lineText(customId);
    if (text === undefined) return undefined;
    try {
      return outcomeOf(JSON.parse(text));
    } catch {
      return undefined;
    }
  }

  private async scan(source: ResultSource, path: string): Promise<void> {
    const lines = new LineSplitter((bytes, offset, line) => this.addLine(source, bytes, offset, line));
    for await (const raw of this.files.chunks(path)) lines.push(raw);
    lines.end();
  }

  private addLine(source: ResultSource, bytes: Buffer, offset: number, line: number): void {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    const text = bytes.toString('utf8', 0, end);
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.unreadable.push({ source, line });
      return;
    }
    const outcome = outcomeOf(parsed, false);
    if (outcome.customId === undefined) {
      this.unreadable.push({ source, line });
      return;
    }
    if (this.byId.has(outcome.customId)) {
      this.repeated.set(outcome.customId, (this.repeated.get(outcome.customId) ?? 1) + 1);
      return;
    }
    const i = this.count++;
    if (i === this.offsets.length) this.grow();
    this.byId.set(outcome.customId, i);
    this.offsets[i] = offset;
    this.lengths[i] = end;
    this.lines[i] = line;
    this.fileOf[i] = source === 'results' ? 0 : 1;
    this.status[i] = outcome.statusCode !== undefined && outcome.statusCode >= 0 && outcome.statusCode < NO_STATUS ? outcome.statusCode : NO_STATUS;
    this.tokens[i] = outcome.usage ? Math.min(outcome.usage.total, NO_TOKENS - 1) : NO_TOKENS;
    if (!outcome.ok) this.messages.set(i, shortMessage(outcome.error ?? 'failed'));
  }

  private grow(): void {
    const n = this.offsets.length * 2;
    const widen = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.offsets = widen(this.offsets, (k) => new Float64Array(k));
    this.lengths = widen(this.lengths, (k) => new Uint32Array(k));
    this.lines = widen(this.lines, (k) => new Uint32Array(k));
    this.status = widen(this.status, (k) => new Uint16Array(k));
    this.tokens = widen(this.tokens, (k) => new Uint32Array(k));
    this.fileOf = widen(this.fileOf, (k) => new Uint8Array(k));
  }
}

function sameStamp(indexed: FileIndex | undefined, path: string, now: FileStamp | undefined): boolean {
  if (!indexed || !now) return indexed === undefined && now === undefined;
  return indexed.path === path && indexed.stamp.size === now.size && indexed.stamp.mtimeMs === now.mtimeMs;
}
