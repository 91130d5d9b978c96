// Work nobody waits for, kept out of the way of what the editor waits for.
// - On the server's thread (measuring a large file's requests ahead of the outline and folding): the
//   connection takes one message a turn of the event loop, so work that yields a single turn lets one
//   message through between slices, and the 20 lens resolves VS Code sends right after an open waited
//   behind 20 slices. Counting the messages handled tells when none is left waiting.
// - On a thread of its own (the token totals): the lowest scheduling priority, so it takes only the
//   CPU the editor leaves. On a 2-core machine, counting a 10,000-request file kept a core busy for
//   seconds while VS Code was still opening it.
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import type { Message, MessageStrategy } from 'vscode-languageserver/node';

let handled = 0;

/** Given to the connection (main.ts): counts each message as it is handled. */
export const countingStrategy: MessageStrategy = {
  handleMessage(message: Message, next: (message: Message) => void): void {
    handled++;
    next(message);
  },
};

/** At most this many turns are given to messages in one pause: a flood of them does not stop the work for good. */
const MAX_TURNS = 1_000;

/**
 * Resolves at the first turn of the event loop in which the connection handled no message: every
 * message that was waiting has been handled. Without the strategy installed (modules used outside
 * the server), one turn.
 */
export async function untilNoMessageWaits(): Promise<void> {
  for (let turns = 0; turns < MAX_TURNS; turns++) {
    const before = handled;
    await new Promise((resolve) => setImmediate(resolve));
    if (handled === before) return;
  }
}

/**
 * Lowers the priority of the calling thread alone, where a thread can name itself (Linux's
 * /proc/thread-self; setpriority on a thread id there applies to that thread). Elsewhere nothing
 * changes: a process id there would lower the whole server.
 */
export function lowerThisThreadsPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, constants.priority.PRIORITY_LOW);
  } catch {
    // No /proc, or the system refused: the thread keeps its priority.
  }
}
