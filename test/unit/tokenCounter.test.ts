// The language server's token counter: the same counts on its own thread as on this one, and a
// missing or failing thread falls back to this one with one logged error, never a lost count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PromptParts, countOnThisThread, promptParts } from '../../core/tokens/prompt';
import { tokenCounter } from '../../server/models/tokenCounter';

const DIST = resolve(__dirname, '../../../dist');

const bodies = [
  { messages: [{ role: 'user', content: 'Summarise this ticket in one sentence.' }] },
  { messages: [{ role: 'system', content: 'Réponds en français.' }, { role: 'user', content: 'Bonjour 👋' }] },
  { input: ['one', 'two', 'three'] },
  { prompt: 'def fib(n):', suffix: 'return a' },
];
const parts: PromptParts[] = bodies.map((b) => promptParts(JSON.parse(JSON.stringify(b)) as Parameters<typeof promptParts>[0]));

function logger(): { errors: string[]; error(m: string): void } {
  const errors: string[] = [];
  return { errors, error: (m) => errors.push(m) };
}

test('counts on the counter\'s thread equal counts on this thread, batch after batch', async () => {
  const log = logger();
  const counter = tokenCounter(log, DIST);
  try {
    const expected = await countOnThisThread(parts);
    assert.ok(expected.every((n) => n > 0));
    const [a, b] = await Promise.all([counter.count(parts), counter.count(parts.slice(1))]);
    assert.deepEqual(a, expected);
    assert.deepEqual(b, expected.slice(1));
    assert.deepEqual(log.errors, []);
  } finally {
    counter.dispose();
  }
});

/** The nice value of each of this process's threads (Linux), by thread id. */
function niceOfThreads(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the parenthesised name: state is the 3rd field, nice the 19th.
    nice.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return nice;
}

test('the counter\'s thread runs at the lowest priority, and the server\'s own threads keep theirs', { skip: process.platform !== 'linux' && 'thread priorities are read from /proc' }, async () => {
  const before = niceOfThreads();
  const counter = tokenCounter(logger(), DIST);
  try {
    await counter.count(parts);
    const after = niceOfThreads();
    const lowered = [...after].filter(([, n]) => n === 19).map(([tid]) => tid);
    assert.equal(lowered.length, 1, `threads at nice 19: ${lowered.join()}`);
    assert.ok(!before.has(lowered[0]), 'the lowered thread is the counter\'s new one');
    for (const [tid, n] of before) if (after.has(tid)) assert.equal(after.get(tid), n, `thread ${tid} kept its priority`);
  } finally {
    counter.dispose();
  }
});

test('without the worker\'s file, counting happens on this thread and says nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-counter-'));
  const log = logger();
  const counter = tokenCounter(log, dir);
  try {
    assert.deepEqual(await counter.count(parts), await countOnThisThread(parts));
    assert.deepEqual(log.errors, []);
  } finally {
    counter.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a thread that dies is said once, and its batch and later ones are counted on this thread', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-counter-'));
  // A worker that stops on the first batch it is sent, before answering.
  await writeFile(join(dir, 'tokenWorker.js'), "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
  const log = logger();
  const counter = tokenCounter(log, dir);
  try {
    const expected = await countOnThisThread(parts);
    assert.deepEqual(await counter.count(parts), expected);
    assert.deepEqual(await counter.count(parts), expected);
    assert.equal(log.errors.length, 1);
    assert.match(log.errors[0], /token counter's thread stopped \(exit code 3\)/);
  } finally {
    counter.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
