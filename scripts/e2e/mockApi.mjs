// Starts the project's local Mistral-compatible server (mock-api/, compiled by
// `node esbuild.mjs --tests` to out/mock-api/main.js) as a tracked child process.
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';
import { spawnTracked, stopProcess } from './procs.mjs';

export const MOCK_MAIN = join(repoRoot, 'out', 'mock-api', 'main.js');
/** The key the demo and the tests use; the mock accepts only this one when started with it. */
export const MOCK_API_KEY = 'mock-local-key';

/** Why the mock cannot be started, or undefined when it can. */
export function mockUnavailableReason() {
  if (!existsSync(MOCK_MAIN)) return `${MOCK_MAIN.slice(repoRoot.length + 1)} does not exist (mock-api/main.ts not written or not compiled yet)`;
  return undefined;
}

/**
 * @param {{ port?: number, key?: string, steps?: number, logFile?: string, echo?: boolean, quiet?: boolean, timeoutMs?: number }} opts
 * @returns {Promise<{ url: string, port: number, key: string, pid: number, stop(): Promise<void> }>}
 */
export function startMockApi(opts = {}) {
  const reason = mockUnavailableReason();
  if (reason) return Promise.reject(new Error(`cannot start the mock server: ${reason}`));
  const key = opts.key ?? MOCK_API_KEY;
  const args = [MOCK_MAIN, '--port', String(opts.port ?? 0), '--key', key];
  if (opts.steps) args.push('--steps', String(opts.steps));
  if (opts.quiet) args.push('--quiet');
  const child = spawnTracked('mock-api', process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = opts.logFile ? createWriteStream(opts.logFile) : null;
  return new Promise((resolve, reject) => {
    let buffered = '';
    let done = false;
    const fail = async (msg) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      await stopProcess(child);
      reject(new Error(`${msg}${buffered ? `\n${buffered}` : ''}`));
    };
    const timer = setTimeout(() => fail(`the mock server printed no URL within ${(opts.timeoutMs ?? 15000) / 1000}s`), opts.timeoutMs ?? 15000);
    child.stdout.on('data', (chunk) => {
      log?.write(chunk);
      if (opts.echo) process.stdout.write(chunk);
      if (done) return;
      buffered += chunk;
      // Its first stdout line: "Mock Mistral API listening on http://127.0.0.1:PORT".
      const m = /listening on (https?:\/\/\S+)/.exec(buffered);
      if (m) {
        done = true;
        clearTimeout(timer);
        const url = m[1].replace(/\/$/, '');
        resolve({
          url,
          port: Number(new URL(url).port),
          key,
          pid: child.pid,
          async stop() {
            await stopProcess(child);
            log?.end();
          },
        });
      }
    });
    child.stderr.on('data', (chunk) => {
      log?.write(chunk);
      if (opts.echo) process.stderr.write(chunk);
      if (!done) buffered += chunk;
    });
    child.on('error', (err) => fail(`could not start the mock server: ${err.message}`));
    child.on('exit', (code, signal) => fail(`the mock server exited (code ${code}, signal ${signal}) before it was ready`));
  });
}
