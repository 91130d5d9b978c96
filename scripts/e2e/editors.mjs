// Real editors besides VS Code: Neovim from Debian's packages, driven headless with the README's
// configuration against dist/server.js (test/editors/). Run by `npm run test:e2e`, so CI runs it
// and `npm test` stays fast.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureSystemPackages, repoRoot } from './codeServer.mjs';
import { spawnTracked } from './procs.mjs';

const EDITOR_PACKAGES = ['neovim'];

/** Installs the editors (when missing) and runs their tests; resolves with the test run's exit code. */
export async function runEditorTests({ say }) {
  await ensureSystemPackages(EDITOR_PACKAGES);
  const tests = join(repoRoot, 'out', 'test', 'editors', 'neovim.test.js');
  if (!existsSync(tests)) throw new Error('out/test/editors/neovim.test.js is missing: run node esbuild.mjs --tests');
  say('real editors: Neovim (Debian package), headless, with the README snippet');
  const child = spawnTracked('editor tests', process.execPath, ['--test', tests], { cwd: repoRoot, stdio: 'inherit' });
  return new Promise((done, reject) => {
    child.on('error', reject);
    child.on('close', (code) => done(code ?? 1));
  });
}
