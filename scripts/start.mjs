// `npm start`: the product, running, with no Mistral account needed.
//   build → local Mistral-compatible mock server → code-server (VS Code in the browser) with this
//   extension installed, `mistralBatch.baseUrl` pointing at the mock, the mock's key in
//   MISTRAL_API_KEY, and the examples/ folder open. Prints the URL; Ctrl-C stops everything.
//
//   PORT=8080        code-server's port on 127.0.0.1 (default 8080)
//   MOCK_PORT=0      the mock server's port (default: any free port)
//   MOCK_STEPS=3     polls a job takes from QUEUED to SUCCESS on the mock
//   MOCK_LOG=1       print each request the mock server answers (quiet by default)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { build } from './e2e/build.mjs';
import { cacheDir, ensureCodeServer, repoRoot, startCodeServer } from './e2e/codeServer.mjs';
import { mockUnavailableReason, startMockApi } from './e2e/mockApi.mjs';
import { cleanupAll, installSignalHandlers, isStopping, onCleanup } from './e2e/procs.mjs';
import { QUIET_SETTINGS } from './e2e/workspace.mjs';

const say = (msg) => console.log(`[start] ${msg}`);

/** The files that make up the extension as it ships: `vsce ls` when .vscodeignore says what ships. */
function shippedFiles() {
  if (existsSync(join(repoRoot, '.vscodeignore'))) {
    const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
    const out = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.split('\n').map((l) => l.trim()).filter(Boolean);
  }
  const keep = ['package.json', 'dist', 'schemas', 'syntaxes', 'language-configuration.json', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md', 'images', 'media', 'resources', 'icons'];
  return keep.filter((f) => existsSync(join(repoRoot, f)));
}

/** Installs the built extension into `extensionsDir` as a plain folder, the way a .vsix unpacks. */
function installBuiltExtension(extensionsDir) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  rmSync(extensionsDir, { recursive: true, force: true });
  const target = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  mkdirSync(target, { recursive: true });
  for (const f of shippedFiles()) cpSync(join(repoRoot, f), join(target, f), { recursive: true });
  if (!existsSync(join(target, pkg.main ?? 'dist/extension.js'))) throw new Error(`the installed extension has no ${pkg.main}: did the build run?`);
  return `${pkg.publisher}.${pkg.name} ${pkg.version}`;
}

/** Whether something (another `npm start`, say) already listens on 127.0.0.1:port. */
function portInUse(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (err) => resolve(err.code === 'EADDRINUSE'));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
  });
}

async function main() {
  installSignalHandlers();
  const port = Number(process.env.PORT || 8080);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);
  // Checked before anything is built, installed or written, so a running demo is left exactly as it is.
  if (await portInUse(port)) {
    throw new Error(`port ${port} is in use (is another \`npm start\` running?). Open that one, or choose another port: PORT=${port + 1} npm start`);
  }

  say('building: node esbuild.mjs --tests (the extension, its server and the mock API)');
  await build();
  await ensureCodeServer();

  const demoDir = join(cacheDir, 'demo');
  const extensionsDir = join(demoDir, 'extensions');
  const userDataDir = join(demoDir, 'user-data');
  const installed = installBuiltExtension(extensionsDir);
  say(`installed ${installed} into ${extensionsDir.slice(repoRoot.length + 1)}`);

  const settings = { ...QUIET_SETTINGS, 'workbench.startupEditor': 'none' };
  const env = {};
  const unavailable = mockUnavailableReason();
  let mock = null;
  if (unavailable) {
    say(`no local Mistral API: ${unavailable}. Editing and checking work; submitting does not.`);
  } else {
    mock = await startMockApi({ port: Number(process.env.MOCK_PORT || 0), steps: Number(process.env.MOCK_STEPS || 0) || undefined, echo: true, quiet: process.env.MOCK_LOG !== '1' });
    onCleanup('mock-api', () => mock.stop());
    settings['mistralBatch.baseUrl'] = mock.url;
    env.MISTRAL_API_KEY = mock.key;
  }

  const examples = join(repoRoot, 'examples');
  if (!existsSync(examples)) throw new Error('examples/ does not exist yet');
  // A fresh copy each start: Auto Save and the demo's results files never touch the repository.
  const workspace = join(demoDir, 'examples');
  rmSync(workspace, { recursive: true, force: true });
  cpSync(examples, workspace, { recursive: true });
  let server;
  try {
    server = await startCodeServer({ port, userDataDir, extensionsDir, workspace, settings, env, logFile: join(demoDir, 'code-server.log') });
  } catch (err) {
    if (/EADDRINUSE|address already in use/i.test(err.message)) throw new Error(`port ${port} is in use: set PORT to another port (PORT=8081 npm start)`);
    throw err;
  }
  onCleanup('code-server', () => server.stop());

  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log('');
  console.log('  Mistral Batch is running in VS Code (code-server), on this machine only:');
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  if (mock) console.log(`  Local Mistral API: ${mock.url} (key preset; mistralBatch.baseUrl points at it)`);
  console.log(`  Workspace: a copy of examples/ in ${workspace.slice(repoRoot.length + 1)}   code-server log: ${join(demoDir, 'code-server.log').slice(repoRoot.length + 1)}`);
  console.log('  Press Ctrl-C to stop.');
  console.log('');

  // Runs until Ctrl-C (handled in procs.mjs), or until a child dies on its own.
  await new Promise((_, reject) => {
    const watch = setInterval(() => {
      if (isStopping()) return clearInterval(watch);
      for (const [name, pid] of [['code-server', server.pid], ['mock server', mock?.pid]]) {
        if (pid === undefined) continue;
        try {
          process.kill(pid, 0);
        } catch {
          clearInterval(watch);
          reject(new Error(`${name} stopped unexpectedly`));
        }
      }
    }, 1000);
  });
}

main().catch(async (err) => {
  if (isStopping()) return; // Ctrl-C: the signal handler stops everything and exits
  console.error(`[start] ERROR: ${err?.message ?? err}`);
  await cleanupAll();
  process.exit(1);
});
