// Work nobody waits for, the token totals, runs at the lowest scheduling priority, so that it takes
// only the CPU the editor leaves. On a 2-core machine, counting a 10,000-request file kept a core
// busy for seconds while VS Code was still opening it, and the editor's first CodeLens waited.
import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';

/**
 * Lowers the priority of the calling thread alone, where a thread can name itself (Linux's
 * /proc/thread-self; setpriority on a thread id there applies to that thread). Elsewhere nothing
 * changes: a process id there would lower the whole server. Whether it was lowered.
 */
export function lowerThisThreadsPriority(): boolean {
  let tid: number;
  try {
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return false;
  }
  if (!Number.isInteger(tid) || tid <= 0) return false;
  try {
    setPriority(tid, constants.priority.PRIORITY_LOW);
    return true;
  } catch {
    return false;
  }
}
