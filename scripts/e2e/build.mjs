// The project build, run as a tracked child so Ctrl-C stops it too.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';
import { spawnTracked } from './procs.mjs';

/** Runs a command to completion as a tracked child, output shown; rejects on a non-zero exit. */
export function runStep(name, cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(name, cmd, args, { cwd: repoRoot, stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${name} failed (exit ${code ?? signal})`))));
  });
}

/** `node esbuild.mjs [--tests]`: dist/extension.js, dist/server.js and, with tests, out/. */
export async function build({ tests = true } = {}) {
  for (const f of ['client/extension.ts', 'server/main.ts']) {
    if (!existsSync(join(repoRoot, f))) throw new Error(`${f} does not exist yet: there is no extension to build`);
  }
  await runStep('build', process.execPath, ['esbuild.mjs', ...(tests ? ['--tests'] : [])]);
}
