// `npm run test:e2e`: the integration suite in a real VS Code, offline.
//   build → Neovim (Debian's package) with the README snippet, see editors.mjs →
//   code-server (installed once, cached in .vscode-test/) → local mock Mistral API →
//   headless Chromium opens the workbench with this extension under development and
//   out/test/integration as the tests → mocha runs inside the extension host → summary.
// Every process started here is stopped at the end, on failure, and on Ctrl-C / SIGTERM.
//
// Options (or environment):
//   --grep RE        (E2E_GREP)        run only tests whose full title matches
//   --verbose        (E2E_VERBOSE=1)   show the workbench's own log and the browser console
//   --keep           (E2E_KEEP=1)      keep the temporary workspace and logs even on success
//   --no-build                         use the current dist/ and out/
//   --timeout SECS   (E2E_TIMEOUT)     overall limit for the tests (default 300)
//   --vsix PATH      (E2E_VSIX)        test a packaged .vsix instead of the source tree: it is
//                                      installed with code-server's --install-extension, and the
//                                      suite runs against that installed copy
//   --no-visual      (E2E_VISUAL=0)    skip the visual check (visual.mjs: screenshots of a hover,
//                                      a completion list and the Batch Jobs view into test-results/,
//                                      taken after the suite; also skipped with --grep;
//                                      E2E_VISUAL_OUT=DIR puts them elsewhere)
//   E2E_PROFILE=FILE                   write a CPU profile of the workbench page over the run
//                                      (summarise it with node out/bench/cpuprofile.js FILE)
//   E2E_TRACE=FILE                     write a Chromium trace of the workbench over the run
//   E2E_SETTINGS=JSON                  more user settings for the run, e.g.
//                                      '{"mistralBatch.trace.server":"messages"}' (with --keep, the
//                                      trace stays in the kept folder's user-data/logs/)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { CODE_SERVER_VERSION, ensureCodeServer, installVsix, repoRoot, startCodeServer } from './codeServer.mjs';
import { mockUnavailableReason, startMockApi } from './mockApi.mjs';
import { build } from './build.mjs';
import { runEditorTests } from './editors.mjs';
import { cleanupAll, installSignalHandlers, isStopping, onCleanup } from './procs.mjs';
import { runTests } from './runTests.mjs';
import { describeVisual, runVisualCheck, visualWorkspace } from './visual.mjs';
import { QUIET_SETTINGS, makeRunDir } from './workspace.mjs';

function parseArgs(argv) {
  const opts = {
    grep: process.env.E2E_GREP || undefined,
    verbose: process.env.E2E_VERBOSE === '1',
    keep: process.env.E2E_KEEP === '1',
    build: true,
    timeoutSecs: Number(process.env.E2E_TIMEOUT || 300),
    vsix: process.env.E2E_VSIX || undefined,
    visual: process.env.E2E_VISUAL !== '0',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--grep') opts.grep = argv[++i];
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--no-build') opts.build = false;
    else if (a === '--timeout') opts.timeoutSecs = Number(argv[++i]);
    else if (a === '--vsix') opts.vsix = argv[++i];
    else if (a === '--no-visual') opts.visual = false;
    else {
      console.error(`unknown option ${a}\nusage: node scripts/e2e/main.mjs [--grep RE] [--verbose] [--keep] [--no-build] [--timeout SECS] [--vsix PATH] [--no-visual]`);
      process.exit(2);
    }
  }
  return opts;
}

const say = (msg) => console.log(`[e2e] ${msg}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

async function main() {
  installSignalHandlers();
  const opts = parseArgs(process.argv.slice(2));
  const timings = {};
  const t0 = Date.now();
  let mark = t0;
  const lap = (name) => {
    const now = Date.now();
    timings[name] = now - mark;
    mark = now;
  };

  if (opts.build) {
    say('building: node esbuild.mjs --tests');
    await build();
    lap('build');
  }
  const testsPath = join(repoRoot, 'out', 'test', 'integration');
  if (!existsSync(join(testsPath, 'index.js'))) throw new Error(`${relative(repoRoot, testsPath)}/index.js is missing: run node esbuild.mjs --tests`);

  // Other editors test the server, not the packaged extension: once per source tree is enough.
  const editorsRun = !opts.vsix && (!opts.grep || new RegExp(opts.grep).test('Neovim'));
  const editorsCode = editorsRun ? await runEditorTests({ say }) : 0;
  if (editorsRun) lap('editors');

  await ensureCodeServer();
  lap('code-server install check');

  const run = makeRunDir();
  say(`workspace: ${run.workspace}`);
  let passedRun = false;
  onCleanup('temporary folder', () => {
    if (passedRun && !opts.keep) run.remove();
    else say(`kept for inspection: ${run.root} (code-server log: ${join(run.userDataDir, 'code-server.log')})`);
  });

  // The extension under test: the source tree as a development extension, or an installed .vsix.
  // The workbench runs tests only with a development extension, so the .vsix run gets an empty one.
  let extensionDevelopmentPath = repoRoot;
  if (opts.vsix) {
    const vsix = resolve(opts.vsix);
    if (!existsSync(vsix)) throw new Error(`${opts.vsix} does not exist (build it with npm run package)`);
    await installVsix(vsix, { extensionsDir: run.extensionsDir });
    extensionDevelopmentPath = join(run.root, 'e2e-runner');
    mkdirSync(extensionDevelopmentPath);
    writeFileSync(
      join(extensionDevelopmentPath, 'package.json'),
      JSON.stringify({ name: 'e2e-runner', publisher: 'mistral-batch-tools', version: '0.0.0', engines: { vscode: '^1.90.0' } }),
    );
    say(`testing the packaged extension ${relative(process.cwd(), vsix)}, installed in ${run.extensionsDir}`);
    lap('vsix install');
  }

  const env = {};
  if (opts.vsix) env.MISTRAL_BATCH_E2E_INSTALLED_FROM = run.extensionsDir;
  const settings = { ...QUIET_SETTINGS, ...(process.env.E2E_SETTINGS ? JSON.parse(process.env.E2E_SETTINGS) : {}) };
  const unavailable = mockUnavailableReason();
  let mockInfo;
  if (unavailable) {
    say(`submission tests will be skipped: ${unavailable}`);
  } else {
    const mock = await startMockApi({ logFile: join(run.root, 'mock-api.log') });
    onCleanup('mock-api', () => mock.stop());
    say(`mock Mistral API: ${mock.url} (pid ${mock.pid})`);
    settings['mistralBatch.baseUrl'] = mock.url;
    env.MISTRAL_API_KEY = mock.key;
    env.MISTRAL_BATCH_E2E_MOCK_URL = mock.url;
    mockInfo = { url: mock.url, key: mock.key };
  }
  lap('mock server');

  const resultsFile = join(run.root, 'results.json');
  env.MISTRAL_BATCH_E2E_RESULTS = resultsFile;
  if (opts.grep) env.MISTRAL_BATCH_E2E_GREP = opts.grep;
  const server = await startCodeServer({
    userDataDir: run.userDataDir,
    extensionsDir: run.extensionsDir,
    workspace: run.workspace,
    settings,
    env,
    echo: opts.verbose,
  });
  onCleanup('code-server', () => server.stop());
  say(`code-server: ${server.url} (pid ${server.pid})`);
  lap('code-server start');

  say('running the integration suite in the extension host (headless Chromium)');
  const result = await runTests({
    baseUrl: server.url,
    workspace: run.workspace,
    extensionDevelopmentPath,
    extensionTestsPath: testsPath,
    timeoutMs: opts.timeoutSecs * 1000,
    verbose: opts.verbose,
    artifactsDir: join(repoRoot, 'test-results'),
  });
  lap('tests');

  // The visual check: the same code-server, a fresh window on a fresh copy of the workspace.
  let visual = null;
  if (!opts.visual) say('visual check skipped (--no-visual)');
  else if (opts.grep) say('visual check skipped: --grep runs part of the suite (npm run test:visual runs the check alone)');
  else {
    say('visual check: the workbench driven with keyboard and mouse, screenshots into test-results/');
    visual = await runVisualCheck({
      baseUrl: server.url,
      workspace: visualWorkspace(run.root),
      extensionDevelopmentPath,
      mock: mockInfo,
      outDir: process.env.E2E_VISUAL_OUT ? resolve(process.env.E2E_VISUAL_OUT) : join(repoRoot, 'test-results'),
      verbose: opts.verbose,
    }).catch((err) => {
      if (isStopping()) throw err;
      return { ok: false, steps: [{ name: 'visual check', status: 'fail', message: err?.message ?? String(err), ms: 0 }] };
    });
    lap('visual check');
  }

  let summary = null;
  try {
    summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {}

  const ok = result.code === 0 && summary !== null && summary.failed === 0 && (visual === null || visual.ok) && editorsCode === 0;
  console.log('');
  console.log('──────── e2e summary ────────');
  console.log(`VS Code: code-server ${CODE_SERVER_VERSION}, real extension host, offline; extension: ${opts.vsix ? resolve(opts.vsix) : 'source tree (development)'}`);
  console.log(`time: ${Object.entries(timings).map(([k, v]) => `${k} ${seconds(v)}`).join(', ')}; total ${seconds(Date.now() - t0)}`);
  if (summary) {
    for (const f of summary.failures) console.log(`  ✗ ${f.title}\n      ${f.message.split('\n').join('\n      ')}`);
  } else if (result.timedOut) {
    console.log('the suite timed out before it reported (see above).');
  } else {
    console.log('the suite reported no results: the extension host did not start it, or crashed before mocha finished (see the log above).');
  }
  if (editorsRun) console.log(`real editors (Neovim): ${editorsCode === 0 ? 'passed' : 'FAILED (see above)'}`);
  if (visual) {
    console.log(`visual check (${visual.ok ? 'passed' : 'FAILED'}):`);
    for (const line of describeVisual(visual)) console.log(line);
  }
  const suiteOk = result.code === 0 && summary !== null && summary.failed === 0;
  console.log(ok ? 'RESULT: PASS' : editorsCode !== 0 ? 'RESULT: FAIL (the real editors failed)' : suiteOk ? 'RESULT: FAIL (the visual check failed)' : `RESULT: FAIL (extension host exit code ${result.code}${result.timedOut ? ', timed out' : ''})`);
  passedRun = ok;
  await cleanupAll();
  const p = summary?.passed ?? 0;
  const f = summary?.failed ?? (ok ? 0 : 1);
  const s = summary?.skipped ?? 0;
  const visualPart = visual ? `; visual: ${visual.steps.filter((x) => x.status === 'pass').length} screenshots, ${visual.steps.filter((x) => x.status === 'fail').length} failed` : '';
  console.log(`e2e: ${p} passed, ${f} failed, ${s} skipped${visualPart}`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    if (isStopping()) return; // Ctrl-C: the signal handler stops everything and exits
    console.error(`[e2e] ERROR: ${err?.message ?? err}`);
    await cleanupAll();
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
