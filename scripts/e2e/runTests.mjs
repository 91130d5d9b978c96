// Runs an extension's integration tests inside code-server's real extension host, driven by
// headless Debian Chromium through playwright-core. The workbench is opened with the same
// `extensionDevelopmentPath` / `extensionTestsPath` pair that desktop VS Code takes on its command
// line; the tests module's `run()` executes in the extension host, and the workbench reports the
// extension host's log lines and the final exit code through two functions exposed on the page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { onCleanup } from './procs.mjs';

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-sync',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-default-browser-check',
  '--password-store=basic',
];

// Lines the workbench logs on every start that say nothing about the tests (the marketplace is
// unreachable offline, by design). Shown with E2E_VERBOSE=1.
const NOISE = [
  /^Resolving connection token/,
  /^Resolved connection token/,
  /^Creating a socket \(/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /^Creation of workbench contribution '.*' took \d+ms/,
  /open-vsx\.org/,
  /^\s+at .*https?:\/\/127\.0\.0\.1:\d+\/.*\/static\/out\//,
  /^\[lifecycle\] Long running operations during shutdown/,
  /^Unable to write file '.*\/Backups\//,
];

export function isWorkbenchNoise(line) {
  return NOISE.some((re) => re.test(line));
}

const exitedNormally = (result) => !result.timedOut && !result.crashed && !result.error;

/** Starts headless Chromium; closed by the global clean-up too, in case of Ctrl-C. */
export async function launchBrowser({ headless = true } = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless,
    args: CHROMIUM_ARGS,
    // procs.mjs owns the signals: it closes the browser along with everything else.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanup('chromium', () => browser.close().catch(() => {}));
  return browser;
}

/** A `vscode-remote://` URI for a path on the code-server machine, as the workbench payload wants it. */
function remoteUri(authority, absPath) {
  return `vscode-remote://${authority}${resolve(absPath).split('/').map(encodeURIComponent).join('/')}`;
}

/** The workbench URL that opens `workspace` with a development extension and, optionally, tests. */
export function workbenchUrl(baseUrl, { workspace, extensionDevelopmentPath, extensionTestsPath }) {
  const authority = new URL(baseUrl).host;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(authority, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(authority, extensionTestsPath)]);
  const query = new URLSearchParams();
  if (workspace) query.set('folder', resolve(workspace));
  if (payload.length > 0) query.set('payload', JSON.stringify(payload));
  return `${baseUrl}/?${query.toString()}`;
}

/**
 * Runs the tests and resolves with their exit code (0 = every test passed).
 * @param {{ baseUrl: string, workspace: string, extensionDevelopmentPath: string,
 *           extensionTestsPath: string, timeoutMs?: number, onLog?: (line: string) => void,
 *           verbose?: boolean, artifactsDir?: string, browser?: import('playwright-core').Browser }} opts
 * @returns {Promise<{ code: number, timedOut: boolean, log: string[] }>}
 */
export async function runTests(opts) {
  const timeoutMs = opts.timeoutMs ?? 5 * 60 * 1000;
  const print = opts.onLog ?? ((line) => console.log(line));
  const lines = [];
  let extensionHostLost = false;
  const emit = (line) => {
    lines.push(line);
    if (/\[remote-connection\]\[ExtensionHost\].*socket close event/.test(line)) extensionHostLost = true;
    if (opts.verbose || !isWorkbenchNoise(line)) print(line);
  };

  const ownBrowser = !opts.browser;
  const browser = opts.browser ?? (await launchBrowser());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  // E2E_PROFILE=FILE: a CPU profile of the workbench page (VS Code's renderer) over the whole run, to
  // find where the editor spends what the language server does not (bench/cpuprofile.ts reads it).
  const profileFile = process.env.E2E_PROFILE;
  const profiler = profileFile ? await context.newCDPSession(page) : undefined;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
  }

  // E2E_TRACE=FILE: a Chromium trace of the run (what the window's threads do, layout and paint
  // included), to tell a busy window from one that waits; chrome://tracing or Perfetto reads it.
  const traceFile = process.env.E2E_TRACE;
  if (traceFile) await browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'v8.execute'] });
  let settle;
  const exited = new Promise((r) => (settle = r));

  // The workbench calls these when it runs with an extensionTestsPath.
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    // The extension host forwards console calls with their arguments unformatted
    // (mocha's reporter logs `console.log('%s%s', indent, title)`): format them as Node would.
    const list = Array.isArray(args) ? args : [args];
    const text = format(...list.map((a) => (typeof a === 'string' || typeof a === 'number' ? a : JSON.stringify(a))));
    for (const line of text.replace(/\n$/, '').split('\n')) emit(line);
  });
  await page.exposeFunction('codeAutomationExit', (code) => settle({ code: Number(code) || 0, timedOut: false }));

  if (opts.verbose) {
    page.on('console', (msg) => console.log(`[browser ${msg.type()}] ${msg.text()}`));
  }
  page.on('pageerror', (err) => {
    if (opts.verbose) console.log(`[browser pageerror] ${err.message}`);
  });
  page.on('crash', () => settle({ code: 1, timedOut: false, crashed: true }));

  const url = workbenchUrl(opts.baseUrl, opts);
  if (opts.verbose) console.log(`[e2e] opening ${url}`);
  let timer;
  const timeout = new Promise((r) => {
    timer = setTimeout(() => r({ code: 1, timedOut: true }), timeoutMs);
  });

  let result;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: Math.min(timeoutMs, 60000) });
    result = await Promise.race([exited, timeout]);
  } catch (err) {
    result = { code: 1, timedOut: false, error: err };
  } finally {
    clearTimeout(timer);
    if (traceFile) await browser.stopTracing();
  }

  if (result.code !== 0 && !exitedNormally(result) && opts.artifactsDir) {
    // When the tests hang, a picture of the workbench (a dialog, an error) helps more than the log.
    // After a normal exit the extension host is already gone, so a picture would show nothing.
    try {
      mkdirSync(opts.artifactsDir, { recursive: true });
      const shot = join(opts.artifactsDir, `e2e-${result.timedOut ? 'timeout' : 'failure'}.png`);
      await page.screenshot({ path: shot, timeout: 10000 });
      console.log(`[e2e] screenshot of the workbench: ${shot}`);
    } catch {}
  }
  if (extensionHostLost) {
    // The workbench then reports exit code 0 although no test finished: callers must not trust
    // the code alone (main.mjs also requires the results file the suite writes).
    console.error('[e2e] the connection to the extension host was lost during the run: it crashed or was killed.');
    result = { ...result, code: result.code || 1 };
  }
  if (result.timedOut) {
    console.error(`[e2e] TIMEOUT: the integration tests did not finish within ${Math.round(timeoutMs / 1000)}s.` +
      ' Either a test hangs (waiting for an event that never comes), or the extension host never started the tests:' +
      ' check that the extension activates and that the tests folder holds a compiled index.js. Rerun with E2E_VERBOSE=1 for the browser console.');
  } else if (result.crashed) {
    console.error('[e2e] the browser page crashed while the tests ran.');
  } else if (result.error) {
    console.error(`[e2e] could not open the workbench: ${result.error.message}`);
  }

  if (profiler && profileFile) {
    const { profile } = await profiler.send('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    console.log(`[e2e] CPU profile of the workbench page: ${profileFile}`);
  }
  await context.close().catch(() => {});
  if (ownBrowser) await browser.close().catch(() => {});
  return { code: result.code, timedOut: !!result.timedOut, log: lines };
}
