// Every process the e2e scripts start goes through here, so that all of them stop on success,
// failure, Ctrl-C (SIGINT), SIGTERM and SIGHUP. Children are spawned `detached`, each the leader
// of its own process group, and stopped by signalling the whole group: a code-server also takes
// its extension host, its file watcher and the language server down with it.
import { spawn } from 'node:child_process';

/** @type {Map<number, { name: string, child: import('node:child_process').ChildProcess }>} */
const children = new Map();
/** @type {{ name: string, fn: () => Promise<void> | void }[]} */
const cleanups = [];
let cleaningUp = null;

/** Signals a process group, ignoring "no such process". Returns false when it was already gone. */
export function killGroup(pid, signal = 'SIGTERM') {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (err) {
    if (err.code === 'ESRCH') return false;
    throw err;
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * spawn() in a new process group, remembered until it exits.
 * @param {string} name a short label for logs ("code-server", "mock-api")
 */
export function spawnTracked(name, command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid !== undefined) {
    children.set(child.pid, { name, child });
    child.once('exit', () => {
      // The leader is gone; members of its group may still be running. stopProcess() sweeps them.
      if (!groupAlive(child.pid)) children.delete(child.pid);
    });
  }
  return child;
}

/**
 * Stops a tracked child and everything in its process group: SIGTERM, then SIGKILL after `graceMs`.
 */
export async function stopProcess(child, graceMs = 5000) {
  const pid = child.pid;
  if (pid === undefined) return;
  if (killGroup(pid, 'SIGTERM')) {
    const deadline = Date.now() + graceMs;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
  }
  children.delete(pid);
}

/** Registers an async clean-up (closing a browser, removing a temp folder); run last-in first-out. */
export function onCleanup(name, fn) {
  cleanups.push({ name, fn });
}

/** True once clean-up has begun: children dying from then on are expected. */
export function isStopping() {
  return cleaningUp !== null;
}

/** Runs every clean-up and stops every tracked process. Safe to call more than once. */
export function cleanupAll() {
  cleaningUp ??= (async () => {
    while (cleanups.length > 0) {
      const { name, fn } = cleanups.pop();
      try {
        await fn();
      } catch (err) {
        console.error(`[e2e] clean-up "${name}" failed: ${err?.message ?? err}`);
      }
    }
    await Promise.all([...children.values()].map(({ child }) => stopProcess(child)));
  })();
  return cleaningUp;
}

let handlersInstalled = false;

/** SIGINT/SIGTERM/SIGHUP stop everything and exit with 128+signal; a plain exit kills what is left. */
export function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      if (cleaningUp) {
        // A second Ctrl-C while stopping: do not wait any longer.
        for (const pid of children.keys()) killGroup(pid, 'SIGKILL');
        process.exit(code);
      }
      console.error(`\n${signal} received: stopping every process started…`);
      cleanupAll().finally(() => process.exit(code));
    });
  }
  // Last resort (an uncaught error, process.exit() elsewhere): no async work is possible here.
  process.on('exit', () => {
    for (const pid of children.keys()) killGroup(pid, 'SIGKILL');
  });
}

/** The tracked processes still running, for tests of this harness. */
export function runningChildren() {
  return [...children.entries()].map(([pid, { name }]) => ({ pid, name }));
}
