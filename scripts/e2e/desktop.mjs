// `npm run test:desktop`: the same integration suite (out/test/integration) in desktop VS Code,
// through @vscode/test-electron. It downloads VS Code into .vscode-test/ on first use, so it needs
// internet access (and a display: on a Linux server, run it under `xvfb-run -a`). Offline, use
// `npm run test:e2e`, which runs the same suite in code-server.
//
//   VSCODE_TEST_VERSION   the VS Code version to download (default: stable)
//   E2E_GREP              run only tests whose full title matches
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { build } from './build.mjs';
import { cacheDir, repoRoot } from './codeServer.mjs';
import { mockUnavailableReason, startMockApi } from './mockApi.mjs';
import { cleanupAll, installSignalHandlers, isStopping, onCleanup } from './procs.mjs';
import { QUIET_SETTINGS, makeRunDir } from './workspace.mjs';

const say = (msg) => console.log(`[desktop] ${msg}`);

async function main() {
  installSignalHandlers();
  say('building: node esbuild.mjs --tests');
  await build();

  const run = makeRunDir('mistral-batch-desktop-');
  onCleanup('temporary folder', () => run.remove());
  const resultsFile = join(run.root, 'results.json');
  const extensionTestsEnv = { MISTRAL_BATCH_E2E_RESULTS: resultsFile };
  if (process.env.E2E_GREP) extensionTestsEnv.MISTRAL_BATCH_E2E_GREP = process.env.E2E_GREP;

  const settings = { ...QUIET_SETTINGS };
  const unavailable = mockUnavailableReason();
  if (unavailable) {
    say(`submission tests will be skipped: ${unavailable}`);
  } else {
    const mock = await startMockApi({ logFile: join(run.root, 'mock-api.log') });
    onCleanup('mock-api', () => mock.stop());
    say(`mock Mistral API: ${mock.url}`);
    extensionTestsEnv.MISTRAL_API_KEY = mock.key;
    extensionTestsEnv.MISTRAL_BATCH_E2E_MOCK_URL = mock.url;
    settings['mistralBatch.baseUrl'] = mock.url;
  }
  // Desktop VS Code reads user settings from the user-data folder given below.
  mkdirSync(join(run.userDataDir, 'User'), { recursive: true });
  writeFileSync(join(run.userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  say('starting desktop VS Code through @vscode/test-electron (downloads it on first use: needs internet)');
  let code;
  try {
    code = await runTests({
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      cachePath: cacheDir,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'integration'),
      extensionTestsEnv,
      launchArgs: [
        run.workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        run.userDataDir,
        '--extensions-dir',
        run.extensionsDir,
      ],
    });
  } catch (err) {
    const msg = String(err?.message ?? err);
    console.error(`[desktop] VS Code did not run the tests: ${msg}`);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|download|fetch failed|socket hang up/i.test(msg)) {
      console.error('[desktop] Downloading VS Code failed: this machine is probably offline. `npm run test:e2e` runs the same suite in code-server without internet.');
    }
    code = 1;
  }

  let summary = null;
  try {
    summary = JSON.parse(readFileSync(resultsFile, 'utf8'));
  } catch {}
  await cleanupAll();
  if (summary) {
    for (const f of summary.failures) console.log(`  ✗ ${f.title}\n      ${f.message}`);
  }
  console.log(`desktop: ${summary?.passed ?? 0} passed, ${summary?.failed ?? (code === 0 ? 0 : 1)} failed, ${summary?.skipped ?? 0} skipped`);
  if (code === 0 && !summary) console.error('[desktop] VS Code exited without the results file: the suite did not run to its end.');
  return code === 0 && summary !== null && summary.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    if (isStopping()) return; // Ctrl-C: the signal handler stops everything and exits
    console.error(`[desktop] ERROR: ${err?.message ?? err}`);
    await cleanupAll();
    process.exit(1);
  },
);
