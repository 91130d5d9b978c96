// Timing and heap helpers: medians over interleaved runs after a warm-up, so the subjects share the
// same machine conditions, and retained-heap measurement with forced garbage collection.

export interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: sorted.length };
}

export interface Plan {
  warmup: number;
  runs: number;
}

/**
 * A task does one run and returns its measured times by name (it may time sub-steps itself).
 * A task returning nothing is timed as a whole under its own name.
 */
export type Task = (run: number) => Promise<Record<string, number> | void> | Record<string, number> | void;

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/**
 * Runs the tasks in turn, `warmup + runs` rounds, collecting garbage before each task so one's
 * garbage is not paid by the next. Returns the statistics of the measured rounds by name.
 */
export async function interleave(tasks: Record<string, Task>, plan: Plan): Promise<Record<string, Stats>> {
  const samples: Record<string, number[]> = {};
  for (let round = 0; round < plan.warmup + plan.runs; round++) {
    for (const [name, task] of Object.entries(tasks)) {
      collectGarbage();
      const t0 = performance.now();
      const result = await task(round);
      const elapsed = performance.now() - t0;
      if (round < plan.warmup) continue;
      const times = result ?? { [name]: elapsed };
      for (const [key, ms] of Object.entries(times)) (samples[key] ??= []).push(ms);
    }
  }
  const out: Record<string, Stats> = {};
  for (const [key, list] of Object.entries(samples)) out[key] = stats(list);
  return out;
}

export function time<T>(work: () => T): [T, number] {
  const t0 = performance.now();
  const value = work();
  return [value, performance.now() - t0];
}

export async function timeAsync<T>(work: () => PromiseLike<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await work();
  return [value, performance.now() - t0];
}

/**
 * heapUsed once the collector is done: collected, then given a moment so garbage still being swept
 * (concurrently, on another thread) is not counted, then collected again.
 */
async function settledHeap(): Promise<number> {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 20));
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/**
 * Heap retained by what `create` returns (kept referenced until measured): heapUsed after full
 * collections, after minus before. Needs `--expose-gc`. Median over `repeats` independent creations.
 */
export async function retainedHeap(create: () => Promise<unknown> | unknown, dispose: (state: unknown) => void, repeats: number): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const before = await settledHeap();
    let state: unknown = await create();
    const after = await settledHeap();
    results.push(after - before);
    dispose(state);
    state = undefined;
  }
  return stats(results).median;
}
