// Token counts on a thread of their own. Building the vocabulary takes about half a second and a
// first count of a 10,000-request file some seconds: on the server's thread, every answer waited for
// them (the first lenses on screen of such a file, over a second). Where the worker's bundle is not
// there (tests that bundle the server's modules) or its thread fails, counting falls back to this
// thread, a batch at a time between other messages.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CountTokens, PromptParts, countOnThisThread } from '../../core/tokens/prompt';
import { Logger } from '../runner';

/** What the worker answers a batch with. */
export type CountReply = { id: number; counts: number[] } | { id: number; error: string };

const WORKER_FILE = 'tokenWorker.js';

export interface TokenCounter {
  count: CountTokens;
  dispose(): void;
}

export function tokenCounter(log: Logger, dir = __dirname): TokenCounter {
  const file = join(dir, WORKER_FILE);
  let worker: Worker | undefined;
  let failed = !existsSync(file);
  let nextId = 0;
  const pending = new Map<number, { resolve: (counts: number[]) => void; reject: (e: Error) => void }>();

  const fail = (why: string) => {
    if (failed) return;
    failed = true;
    worker = undefined;
    log.error(`the token counter's thread stopped (${why}); counting goes on in the server's own thread`);
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
  };

  const start = (): Worker => {
    const w = new Worker(file);
    // An idle counter is never a reason to keep the process alive; one with batches to answer is.
    w.unref();
    w.on('message', (reply: CountReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.counts);
    });
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`exit code ${code}`));
    return w;
  };

  const onThisThread: CountTokens = async (parts) => {
    await new Promise((resolve) => setImmediate(resolve));
    return countOnThisThread(parts);
  };

  return {
    count: (parts: readonly PromptParts[]) => {
      if (failed) return onThisThread(parts);
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise<number[]>((resolve, reject) => {
        if (pending.size === 0) w.ref();
        pending.set(id, { resolve, reject });
        w.postMessage({ id, parts });
      }).catch((e: unknown) => (failed ? onThisThread(parts) : Promise.reject(e)));
    },
    dispose: () => {
      failed = true;
      void worker?.terminate();
      worker = undefined;
      for (const p of pending.values()) p.reject(new Error('the server is stopping'));
      pending.clear();
    },
  };
}
