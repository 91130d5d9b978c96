// The results index of each batch file the server has open: built on first need, checked against the
// files on disk (size and time) before use, dropped when the client reports a change. One build at a
// time per pair of files, however many requests ask at once.
import { ResultFiles, ResultIndex, ResultPaths } from '../../core/results';

interface Entry {
  paths: ResultPaths;
  index: Promise<ResultIndex | undefined>;
  /** The read has ended (with or without an index). */
  done: boolean;
  /** When the files were last found as indexed (performance.now()). */
  checkedAt: number;
}

/**
 * A check of the files this recent is trusted: a hover, its hints and the diagnostics of one edit
 * ask within milliseconds of each other, and a client's watcher drops the index at once anyway.
 * Without a watcher, a download is seen this much later at most.
 */
const TRUST_MS = 250;

export class ResultJoins {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly files: ResultFiles) {}

  /** The index of the results beside a document; undefined when there are none. */
  async indexFor(paths: ResultPaths): Promise<ResultIndex | undefined> {
    const key = `${paths.results}\u0000${paths.errors}`;
    const entry = this.entries.get(key);
    if (entry) {
      const index = await entry.index;
      if (performance.now() - entry.checkedAt < TRUST_MS && this.entries.get(key) === entry) return index;
      // Neither file there is "current" too, while it stays so.
      const current = index ? await index.isCurrent(paths) : !(await this.anyExists(paths));
      if (this.entries.get(key) !== entry) return this.indexFor(paths); // replaced meanwhile
      if (current) {
        entry.checkedAt = performance.now();
        return index;
      }
    }
    // A failed read (a file replaced while it was read) leaves no index; the next use tries again.
    const fresh: Entry = { paths, index: ResultIndex.build(this.files, paths).catch(() => undefined), done: false, checkedAt: Number.NEGATIVE_INFINITY };
    void fresh.index.then(() => {
      fresh.done = true;
      fresh.checkedAt = performance.now();
    });
    this.entries.set(key, fresh);
    return fresh.index;
  }

  /** True once the files have been read (they may have changed since: `indexFor` checks). */
  isRead(paths: ResultPaths): boolean {
    return this.entries.get(`${paths.results}\u0000${paths.errors}`)?.done === true;
  }

  private async anyExists(paths: ResultPaths): Promise<boolean> {
    const [r, e] = await Promise.all([this.files.stat(paths.results), this.files.stat(paths.errors)]);
    return r !== undefined || e !== undefined;
  }

  /** A file changed on disk: every index built from that path is dropped. True when any was. */
  invalidate(path: string): boolean {
    let any = false;
    for (const [key, entry] of this.entries) {
      if (entry.paths.results === path || entry.paths.errors === path) {
        this.entries.delete(key);
        any = true;
      }
    }
    return any;
  }
}
