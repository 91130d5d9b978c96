// A real VS Code, offline: code-server (VS Code for the browser, with a Node extension host)
// installed from the npm registry without the post-install steps that reach other hosts, and
// cached under .vscode-test/code-server/. See shared/notes/real-vscode-offline.md for the recipe.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installSignalHandlers, isStopping, spawnTracked, stopProcess } from './procs.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(repoRoot, '.vscode-test');
export const codeServerDir = join(cacheDir, 'code-server');
const markerFile = join(codeServerDir, '.install-complete.json');
const entryJs = join(codeServerDir, 'out', 'node', 'entry.js');

const SYSTEM_PACKAGES = ['libkrb5-dev', 'ripgrep', 'chromium'];

const log = (msg) => console.log(`[code-server] ${msg}`);

// ---------------------------------------------------------------------------------------------
// System packages

function dpkgInstalled(pkg) {
  try {
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return status.includes('install ok installed');
  } catch {
    return false;
  }
}

/** Installs the Debian packages code-server and the browser need, only those missing. */
export async function ensureSystemPackages(packages = SYSTEM_PACKAGES) {
  const missing = packages.filter((p) => !dpkgInstalled(p));
  if (missing.length === 0) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root) {
    throw new Error(`missing Debian packages: ${missing.join(' ')}. Install them first: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`installing missing Debian packages: ${missing.join(' ')} (apt-get update && apt-get install -y …)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  const still = missing.filter((p) => !dpkgInstalled(p));
  if (still.length > 0) throw new Error(`apt-get did not install: ${still.join(' ')}`);
}

// ---------------------------------------------------------------------------------------------
// code-server install

/**
 * Runs a command to completion with its output captured; on failure the output's tail is shown.
 * The command is a tracked child, so Ctrl-C stops it (and its own children) at once.
 */
function run(cmd, args, { cwd, env } = {}) {
  log(`$ ${[cmd, ...args].join(' ')}${cwd ? `   (in ${relative(cwd)})` : ''}`);
  return new Promise((resolveRun, reject) => {
    const child = spawnTracked(cmd, cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      output += d;
    });
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => reject(new Error(`could not run ${cmd}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolveRun(stdout);
      const tail = output.split('\n').slice(-40).join('\n');
      reject(new Error(`command failed (exit ${code ?? signal}): ${cmd} ${args.join(' ')}\n${tail}`));
    });
  });
}

function relative(p) {
  return p.startsWith(repoRoot) ? p.slice(repoRoot.length + 1) || '.' : p;
}

export function isCodeServerInstalled() {
  if (!existsSync(markerFile) || !existsSync(entryJs)) return false;
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A cross-process lock (a directory holding the owner's pid), so two runs never install at once. */
async function withInstallLock(fn) {
  const lockDir = join(cacheDir, 'code-server.lock');
  mkdirSync(cacheDir, { recursive: true });
  for (let waitedMs = 0; ; waitedMs += 500) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
      } catch {}
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (waitedMs % 10000 === 0) log(`another process (pid ${owner}) is installing code-server; waiting…`);
      if (waitedMs > 15 * 60 * 1000) throw new Error(`timed out waiting for the install lock ${lockDir}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Installs code-server once into .vscode-test/code-server/ (about 2 minutes on 2 cores), with the
 * Debian packages it needs. Later calls only check the marker file. Returns the install folder.
 */
export async function ensureCodeServer() {
  await ensureSystemPackages();
  if (isCodeServerInstalled()) return codeServerDir;
  return withInstallLock(async () => {
    if (isCodeServerInstalled()) return codeServerDir; // installed by the run that held the lock
    const started = Date.now();
    log(`installing code-server ${CODE_SERVER_VERSION} into ${relative(codeServerDir)} (once; about 2 minutes)`);
    // Leftovers of an install that was interrupted (Ctrl-C, a killed CI job).
    for (const name of readdirSync(cacheDir)) {
      const m = /^code-server\.partial-(\d+)$/.exec(name);
      if (m && !pidAlive(Number(m[1]))) rmSync(join(cacheDir, name), { recursive: true, force: true });
    }
    const staging = join(cacheDir, `code-server.partial-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    try {
      await installInto(staging);
      rmSync(codeServerDir, { recursive: true, force: true });
      renameSync(staging, codeServerDir);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    writeFileSync(markerFile, JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString(), seconds }, null, 2) + '\n');
    log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds}s`);
    return codeServerDir;
  });
}

async function installInto(dir) {
  // npm must not pick up the repository's own settings or a parent project.
  const env = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  for (const k of Object.keys(env)) if (k.startsWith('npm_package_') || k === 'npm_config_global' || k === 'npm_config_prefix') delete env[k];
  // Native modules build against the local Node headers instead of downloading them.
  const nodePrefix = resolve(dirname(process.execPath), '..');
  if (existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;

  const packDir = join(dir, '.pack');
  mkdirSync(packDir);
  const packOut = await run('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', packDir, '--silent'], { cwd: packDir, env });
  const tarball = packOut.trim().split('\n').pop().trim();
  await run('tar', ['-xzf', join(packDir, tarball), '-C', dir, '--strip-components=1']);
  rmSync(packDir, { recursive: true, force: true });

  const vscodeDir = join(dir, 'lib', 'vscode');
  const installArgs = ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'];
  await run('npm', installArgs, { cwd: dir, env });
  await run('npm', installArgs, { cwd: vscodeDir, env });

  await run('npm', ['rebuild', 'argon2'], { cwd: dir, env });
  await run('npm', ['rebuild', 'kerberos', '@vscode/spdlog', 'native-watchdog', '@vscode/deviceid'], { cwd: vscodeDir, env });
  // node-pty's install script calls `npx node-gyp`.
  await run('npm', ['rebuild', 'node-pty'], { cwd: vscodeDir, env: { ...env, npm_config_yes: 'true' } });

  // @vscode/ripgrep downloads its binary from GitHub in a post-install script; Debian's works.
  const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync('/usr/bin/rg', join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);
  // The server looks for node_modules.asar next to node_modules.
  const asar = join(vscodeDir, 'node_modules.asar');
  if (!existsSync(asar)) symlinkSync('node_modules', asar);
  if (!existsSync(join(dir, 'out', 'node', 'entry.js'))) throw new Error('code-server package has no out/node/entry.js');
}

// ---------------------------------------------------------------------------------------------
// Running it

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs, logPath) {
  const deadline = Date.now() + timeoutMs;
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`code-server exited (code ${exited.code}, signal ${exited.signal}) before it was ready; its log: ${logPath}\n${tailOf(logPath)}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err?.cause?.code ?? err?.message ?? String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server was not ready at ${url} after ${timeoutMs / 1000}s (last: ${lastError}); its log: ${logPath}\n${tailOf(logPath)}`);
}

function tailOf(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it answers HTTP.
 * @param {{ port?: number, userDataDir: string, extensionsDir: string, workspace?: string,
 *           settings?: Record<string, unknown>, env?: Record<string, string>, logFile?: string,
 *           echo?: boolean, readyTimeoutMs?: number }} opts
 * @returns {Promise<{ url: string, port: number, pid: number, logFile: string, stop(): Promise<void> }>}
 */
export async function startCodeServer(opts) {
  const dir = await ensureCodeServer();
  const port = opts.port || (await freePort());
  const userDataDir = resolve(opts.userDataDir);
  const extensionsDir = resolve(opts.extensionsDir);
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  // Without this the workspace opens restricted and the extension under test stays disabled.
  const settings = { 'security.workspace.trust.enabled': false, ...(opts.settings ?? {}) };
  await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');

  const logFile = opts.logFile ?? join(userDataDir, 'code-server.log');
  const out = createWriteStream(logFile);
  const args = [
    join(dir, 'out', 'node', 'entry.js'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (opts.workspace) args.push(resolve(opts.workspace));
  const env = { ...process.env, ...(opts.env ?? {}) };
  // code-server inherits these from `npm run` otherwise, and its own npm-based logic gets confused.
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  delete env.VSCODE_IPC_HOOK_CLI;
  const child = spawnTracked('code-server', process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      out.write(chunk);
      if (opts.echo) process.stdout.write(chunk);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, child, opts.readyTimeoutMs ?? 60000, logFile);
  } catch (err) {
    await stopProcess(child);
    out.end();
    throw err;
  }
  return {
    url,
    port,
    pid: child.pid,
    logFile,
    async stop() {
      await stopProcess(child);
      out.end();
    },
  };
}

/**
 * Installs a .vsix into an extensions folder with code-server's own `--install-extension`.
 * @returns {Promise<string>} the installer's output
 */
export async function installVsix(vsixPath, { extensionsDir, userDataDir } = {}) {
  const dir = await ensureCodeServer();
  if (!extensionsDir) throw new Error('installVsix: extensionsDir is required');
  const args = [join(dir, 'out', 'node', 'entry.js'), '--extensions-dir', resolve(extensionsDir)];
  if (userDataDir) args.push('--user-data-dir', resolve(userDataDir));
  args.push('--install-extension', resolve(vsixPath), '--force');
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  return new Promise((resolveRun, reject) => {
    log(`installing ${relative(resolve(vsixPath))} into ${relative(resolve(extensionsDir))}`);
    const child = spawnTracked('code-server --install-extension', process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && !/failed|error/i.test(output)) resolveRun(output);
      else reject(new Error(`installing ${vsixPath} failed (exit ${code}):\n${output}`));
    });
  });
}

// `node scripts/e2e/codeServer.mjs` installs (or checks) the cached code-server and prints its path.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  installSignalHandlers();
  const started = Date.now();
  const dir = await ensureCodeServer().catch((err) => {
    if (isStopping()) return new Promise(() => {}); // Ctrl-C: the signal handler exits
    console.error(`[code-server] ERROR: ${err.message}`);
    process.exit(1);
  });
  const info = JSON.parse(await readFile(markerFile, 'utf8'));
  console.log(`code-server ${info.version} ready in ${relative(dir)} (checked in ${((Date.now() - started) / 1000).toFixed(1)}s; installed ${info.installedAt} in ${info.seconds}s)`);
}
