// The results index of each batch file the server has open: built on first need, checked against the
// files on disk (size and time) before each use, dropped when the client reports a change. One build
// at a time per pair of files, however many requests ask at once.
import { ResultFiles, ResultIndex, ResultPaths } from '../../core/results';

interface Entry {
  paths: ResultPaths;
  index: Promise<ResultIndex | undefined>;
}

export class ResultJoins {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly files: ResultFiles) {}

  /** The index of the results beside a document; undefined when there are none. */
  async indexFor(paths: ResultPaths): Promise<ResultIndex | undefined> {
    const key = `${paths.results}\u0000${paths.errors}`;
    let entry = this.entries.get(key);
    if (entry) {
      const index = await entry.index;
      if (this.entries.get(key) !== entry) return this.indexFor(paths);
      if (index ? await index.isCurrent(paths) : (await this.files.stat(paths.results)) === undefined && (await this.files.stat(paths.errors)) === undefined) return index;
      if (this.entries.get(key) === entry) this.entries.delete(key);
      return this.indexFor(paths);
    }
    entry = { paths, index: ResultIndex.build(this.files, paths).catch(() => undefined) };
    this.entries.set(key, entry);
    return entry.index;
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
