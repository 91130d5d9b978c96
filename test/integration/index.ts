// The mocha entry point for the integration suite. Both launchers load this module in the real
// extension host: `npm run test:e2e` (code-server + headless Chromium, offline) and
// `npm run test:desktop` (@vscode/test-electron with desktop VS Code). VS Code calls `run()`;
// the run passes when the promise resolves.
//
// Environment, read in the extension host:
//   MISTRAL_BATCH_E2E_GREP     only run tests whose full title matches this regular expression
//   MISTRAL_BATCH_E2E_RESULTS  write a JSON summary of the run to this file (the e2e launcher reads it)
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  failures: { title: string; message: string }[];
}

/** Compiled `*.test.js` files beside this module, in sub-folders too, in a stable order. */
function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findTestFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.test.js')) out.push(full);
  }
  return out.sort();
}

/** An error whose stack is only its message: mocha has already printed the failures. */
function bare(message: string): Error {
  const err = new Error(message);
  err.stack = message;
  return err;
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    color: false,
    // Generous: the first test waits for the extension and its language server to start.
    timeout: 60_000,
    slow: 5_000,
  });
  const grep = process.env.MISTRAL_BATCH_E2E_GREP;
  if (grep) mocha.grep(new RegExp(grep));

  const files = findTestFiles(__dirname);
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files next to ${__filename}: was the suite compiled (node esbuild.mjs --tests)?`));
  }
  for (const file of files) mocha.addFile(file);

  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const failures: RunSummary['failures'] = [];
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failed) => {
        const stats = runner.stats;
        const summary: RunSummary = {
          passed: stats?.passes ?? 0,
          failed,
          skipped: stats?.pending ?? 0,
          durationMs: Date.now() - started,
          failures,
        };
        const resultsFile = process.env.MISTRAL_BATCH_E2E_RESULTS;
        if (resultsFile) {
          try {
            fs.writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
          } catch (e) {
            console.error(`could not write ${resultsFile}: ${(e as Error).message}`);
          }
        }
        console.log(`integration: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
        if (failed > 0) reject(bare(`${failed} integration test${failed === 1 ? '' : 's'} failed`));
        else if (summary.passed === 0) reject(bare('no integration test ran'));
        else resolve();
      });
      runner.on('fail', (test, err) => {
        failures.push({ title: test.fullTitle(), message: String((err as Error)?.message ?? err) });
      });
    } catch (err) {
      console.error(err);
      reject(err);
    }
  });
}
