// A large .jsonl input checked on more than one thread. Parsing and checking a line needs nothing
// from the lines before it but what the engine holds open (a pretty-printed object, blank lines), so
// runs of lines go to fresh engines on worker threads, and the engine that reads the file adopts
// their findings in order, applying the one rule that looks across lines (a `custom_id` used before).
// A run that follows a line left open, one that crosses the limit of requests, and one whose thread
// failed are checked again on this thread: the findings are always those of one engine reading every
// line (test/unit/parallelCheck.test.ts).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BatchSchemas } from '../schema/load';
import { CheckedLines, EngineConfig, JsonlChecker, LineFinding, SkippedLine } from './jsonlChecker';
import type { LineVisitor } from './jsonlFile';

export interface LinesJob {
  id: number;
  config: EngineConfig;
  n0: number;
  lines: string[];
}

export type LinesReply = { id: number; checked: CheckedLines } | { id: number; error: string };

const WORKER_FILE = 'checkWorker.js';
/** About 250 KB of text a run: few enough messages, and runs small enough to keep every thread busy. */
const RUN_CHARS = 256 * 1024;
/** A file smaller than this is checked on one thread: starting others costs more than they save. */
export const THREADED_BYTES = 64 * 1024 * 1024;

/** Lines `n0`.. checked by a fresh engine: the work the threads share. */
export function checkAfresh(schemas: BatchSchemas, config: EngineConfig, lines: readonly string[], n0: number): CheckedLines {
  const checker = new JsonlChecker(schemas, config.bodyUri, config.jobModel, config.model, config.placed);
  const idLines: number[] = [];
  const ids: string[] = [];
  const idStarts: number[] = [];
  const idEnds: number[] = [];
  checker.onCustomId = (n, id, start, end) => {
    idLines.push(n);
    ids.push(id);
    idStarts.push(start);
    idEnds.push(end);
  };
  const findings: LineFinding[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (const f of checker.line(lines[i], n0 + i)) if (f.code !== 'duplicate-custom-id') findings.push(f);
  }
  return { findings, idLines, ids, idStarts, idEnds, requests: checker.requestCount, pending: checker.pending };
}

export interface ThreadOptions {
  count?: number;
  /** Told once, in words, when a thread stops and the checking goes on in the reading thread. */
  onFailure?: (why: string) => void;
  /** Where the worker's bundle is: beside this one. */
  dir?: string;
  /** The text a run holds; smaller in tests, to cross runs often. */
  runChars?: number;
}

/** Worker threads that check runs of lines, each answering its runs in order. */
export class CheckThreads {
  readonly runChars: number;
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (c: CheckedLines) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failed: string | undefined;

  /** Undefined with no core to spare, or where the worker's bundle is not there (tests that bundle the modules). */
  static start({ count = defaultThreads(), dir = __dirname, runChars = RUN_CHARS, onFailure }: ThreadOptions = {}): CheckThreads | undefined {
    const file = join(dir, WORKER_FILE);
    return count > 0 && existsSync(file) ? new CheckThreads(file, count, runChars, onFailure) : undefined;
  }

  private constructor(file: string, count: number, runChars: number, private readonly onFailure: ((why: string) => void) | undefined) {
    this.runChars = runChars;
    this.workers = Array.from({ length: count }, () => {
      // A small young generation: each thread's garbage is short-lived, and a large one was 30 MB of peak memory a thread.
      const w = new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      w.on('message', (reply: LinesReply) => {
        const p = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if ('error' in reply) {
          this.fail(reply.error);
          p?.reject(new Error(reply.error));
        } else p?.resolve(reply.checked);
      });
      w.on('error', (e) => this.fail(e.message));
      w.on('exit', (code) => this.fail(`exit code ${code}`));
      return w;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  check(job: Omit<LinesJob, 'id'>): Promise<CheckedLines> {
    if (this.failed !== undefined) return Promise.reject(new Error(this.failed));
    const id = this.nextId++;
    return new Promise<CheckedLines>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[id % this.workers.length].postMessage({ ...job, id } satisfies LinesJob);
    });
  }

  async close(): Promise<void> {
    this.failed ??= 'closed';
    this.fail('closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(why: string): void {
    if (this.failed === undefined) this.onFailure?.(`a thread checking the lines stopped (${why}); the check goes on in this thread, with the same findings`);
    this.failed ??= why;
    for (const p of this.pending.values()) p.reject(new Error(why));
    this.pending.clear();
  }
}

/**
 * Runs `check` with threads for `CheckFileOptions.threads`: started for the first file of
 * `THREADED_BYTES` or more, closed when `check` ends.
 */
export async function withCheckThreads<T>(check: (threads: (bytes: number) => CheckThreads | undefined) => Promise<T>, onFailure?: (why: string) => void): Promise<T> {
  let threads: CheckThreads | undefined;
  try {
    return await check((bytes) => (bytes >= THREADED_BYTES ? (threads ??= CheckThreads.start({ onFailure })) : undefined));
  } finally {
    await threads?.close();
  }
}

/**
 * Two threads where there are two cores or more. This one only reads and adopts, idle most of the
 * time, so one thread alone would take all the checking and gain nothing; more than two gained
 * little for their memory (a thread's heap is tens of MB).
 */
function defaultThreads(): number {
  return availableParallelism() >= 2 ? 2 : 0;
}

type Queued =
  | { n0: number; lines: string[]; checked: Promise<CheckedLines | undefined> }
  | { skipped: SkippedLine; n: number }
  | { text: string; n: number };

/**
 * Feeds the lines read to the threads a run at a time and hands the findings on in line order.
 * `pace` waits while too many runs are out, so the file is never held whole.
 */
export class ThreadedFeed {
  private run: string[] = [];
  private runChars = 0;
  private n0 = 0;
  private readonly queue: Queued[] = [];
  private readonly config: EngineConfig;

  constructor(private readonly checker: JsonlChecker, private readonly threads: CheckThreads, private readonly emit: (found: LineFinding[]) => void) {
    this.config = checker.config;
  }

  readonly visitor: LineVisitor = {
    line: (text, n) => {
      // A line longer than a run is checked here: copying it to a thread would cost what checking it does.
      if (text.length > this.threads.runChars) {
        this.dispatch();
        this.queue.push({ text, n });
        return;
      }
      if (this.run.length === 0) this.n0 = n;
      this.run.push(text);
      this.runChars += text.length;
      if (this.runChars >= this.threads.runChars) this.dispatch();
    },
    skipped: (n, why) => {
      this.dispatch();
      this.queue.push({ skipped: why, n });
    },
  };

  async pace(): Promise<void> {
    while (this.queue.length > 4 * this.threads.size) await this.settleFirst();
  }

  async drain(): Promise<void> {
    this.dispatch();
    while (this.queue.length > 0) await this.settleFirst();
  }

  private dispatch(): void {
    if (this.run.length === 0) return;
    const lines = this.run;
    // Findings past those shown are not placed: the thread places at most what is left to show.
    const placed = Math.max(0, this.config.placed - this.checker.emittedCount);
    const checked = this.threads.check({ config: { ...this.config, placed }, n0: this.n0, lines }).catch(() => undefined);
    this.queue.push({ n0: this.n0, lines, checked });
    this.run = [];
    this.runChars = 0;
  }

  private async settleFirst(): Promise<void> {
    const first = this.queue.shift();
    if (!first) return;
    let found: LineFinding[];
    if ('skipped' in first) found = this.checker.skipped(first.n, first.skipped);
    else if ('text' in first) found = this.checker.line(first.text, first.n);
    else {
      const checked = await first.checked;
      found = (checked && this.checker.adopt(checked)) ?? first.lines.flatMap((text, i) => this.checker.line(text, first.n0 + i));
    }
    if (found.length > 0) this.emit(found);
  }
}
