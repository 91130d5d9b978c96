// The visual check: the real workbench (code-server) driven as a user drives it, keyboard and mouse,
// Quick Open and the command palette, in headless Chromium, with screenshots for a human to look at:
//   hover-squiggle.png   broken.batch.json with its squiggles and the hover of the `"usr"` problem open
//   completion-body.png  the suggest widget inside an empty chat request body (Ctrl+Space)
//   jobs-view.png        the Batch Jobs view showing a job submitted from good.batch.json, finished
//   try-answer.png       good.batch.json's first request tried from its CodeLens, the answer beside it
//   results-join.png     outcomes.batch.json's results beside it: inlay hints per request, a hover with its answer
//   outline-10k.png      the Outline of a 10,000-request file, requests named by custom_id
//   jsonl-squiggle.png   broken-input.jsonl, a batch input, with the squiggles of its broken lines
// Every step waits on what the DOM shows (decorations, widgets, tree rows), never on the clock, and
// asserts what it waited for; a failed wait fails the step with a readable message and a picture of
// the failing state (<name>-FAILED.png).
//
// `npm run test:e2e` runs it after the integration suite (opt out with --no-visual).
// On its own: `npm run test:visual` or `node scripts/e2e/visual.mjs [--no-build] [--keep] [--verbose]
// [--out DIR]` starts its own code-server and mock API, runs the check and stops everything.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { ensureCodeServer, repoRoot, startCodeServer } from './codeServer.mjs';
import { mockUnavailableReason, startMockApi } from './mockApi.mjs';
import { cleanupAll, installSignalHandlers, isStopping, onCleanup } from './procs.mjs';
import { launchBrowser, workbenchUrl } from './runTests.mjs';
import { FIXTURE_WORKSPACE, QUIET_SETTINGS, makeRunDir } from './workspace.mjs';
import {
  VisualError, WAIT, clearNotifications, freshScreen, hoverToken, mockClient, pointerAway, quickOpen, runCommand, say, secs, settled, shoot, textOf, until, visible,
} from './gestures.mjs';

export const DEFAULT_OUT_DIR = join(repoRoot, 'test-results');

// ------------------------------------------------------------------------------------------------
// The steps

/** 1. broken.batch.json: squiggles, and the hover on `"usr"` with the problem and the field's help. */
async function hoverSquiggle(page, file) {
  await quickOpen(page, 'broken.batch.json');
  const editor = page.locator('.part.editor .editor-instance .monaco-editor').first();
  await visible(editor.locator('.squiggly-error'), 'red squiggles in broken.batch.json (the language server checks the file)', WAIT.squiggle);
  // Four problems are expected (test/fixtures/e2e-workspace/README.md): wait for them all, so the
  // picture never catches a half-published set.
  await until(async () => (await editor.locator('.squiggly-error, .squiggly-warning').count()) >= 4, 'all four squiggles of broken.batch.json', WAIT.squiggle, page);

  const usr = editor.locator('.view-lines .view-line span span').filter({ hasText: /^"usr"$/ });
  await visible(usr, 'the `"usr"` token on screen');
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: /usr/ });
  await hoverToken(page, usr, '`"usr"`', hover, 'the hover over the squiggled `"usr"`, mentioning usr');
  await settled(hover, 'the hover', page);
  const text = await textOf(hover);
  if (!/role|user|assistant|system/i.test(text)) throw new VisualError(`the hover over "usr" does not say which roles are allowed: ${JSON.stringify(text)}`);
  return { note: `hover: ${text.slice(0, 160)}${text.length > 160 ? '…' : ''}` };
}

/** 2. completion.batch.json: Ctrl+Space inside the empty chat body shows the body fields. */
async function completionBody(page, file, { workspace }) {
  await pointerAway(page); // closes the hover of the previous step
  await page.keyboard.press('Escape');
  // The cursor goes between the braces of `"body": {  }`, through Quick Open's file:line:column.
  const lines = readFileSync(join(workspace, 'completion.batch.json'), 'utf8').split('\n');
  const lineIndex = lines.findIndex((l) => l.includes('"body": {'));
  if (lineIndex < 0) throw new VisualError('completion.batch.json has no `"body": {` line');
  const column = lines[lineIndex].indexOf('"body": {') + '"body": {'.length + 2;
  await quickOpen(page, 'completion.batch.json', { line: lineIndex + 1, column });
  await visible(page.locator('.part.editor .editor-instance .monaco-editor.focused .cursors-layer .cursor'), 'the cursor in completion.batch.json');

  const widget = page.locator('.monaco-editor .suggest-widget.visible');
  const rows = widget.locator('.monaco-list-row');
  const expected = /^(messages|max_tokens|temperature)$/;
  const labelled = rows.locator('.label-name').filter({ hasText: expected });
  const noSuggestions = widget.locator('.message', { hasText: /No suggestions/i });
  // The server may still be starting for this document: "No suggestions" once is retried.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+Space');
    await visible(widget, 'the suggest widget after Ctrl+Space');
    const seen = await until(async () => ((await labelled.count()) > 0 ? 'rows' : (await noSuggestions.isVisible()) ? 'none' : undefined), 'completion rows (or "No suggestions")', WAIT.widget, page);
    if (seen === 'rows') break;
    if (attempt >= 3) throw new VisualError('the suggest widget says "No suggestions" inside the chat body, three times');
    await page.keyboard.press('Escape');
  }
  const labels = await rows.locator('.label-name').allTextContents();
  for (const bad of ['custom_id', 'input']) {
    if (labels.includes(bad)) throw new VisualError(`the chat body completion offers "${bad}": ${labels.join(', ')}`);
  }
  // Ctrl+Space again opens the focused item's documentation beside the list (as "Read More" does),
  // so the picture shows the help text too.
  const details = page.locator('.monaco-editor .suggest-details-container .suggest-details');
  if (!(await details.isVisible())) await page.keyboard.press('Control+Space');
  await visible(details.filter({ hasText: /\w/ }), 'the documentation of the focused completion item beside the list');
  // VS Code sizes the first documentation it shows before wrapping it, and cuts it off after a line;
  // down and back up again, as a reader would, lays it out in full.
  const first = await textOf(widget.locator('.monaco-list-row.focused .label-name'));
  await page.keyboard.press('ArrowDown');
  await until(async () => (await textOf(widget.locator('.monaco-list-row.focused .label-name'))) !== first, 'the next completion item to take the focus', WAIT.widget, page);
  await page.keyboard.press('ArrowUp');
  await until(async () => (await textOf(widget.locator('.monaco-list-row.focused .label-name'))) === first, `"${first}" to take the focus again`, WAIT.widget, page);
  await settled(page.locator('.monaco-editor .suggest-details-container'), 'the documentation beside the list', page);
  return {
    note: `rows shown: ${labels.join(', ')}`,
    // After the picture: typing filters the list down to `temperature`, which the list must hold.
    after: async () => {
      await page.keyboard.type('temp');
      await visible(rows.locator('.label-name').filter({ hasText: /^temperature$/ }), 'a `temperature` row after typing "temp" in the chat body');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Z');
    },
  };
}

/** 4. broken-input.jsonl: made a batch input by its first line, squiggles on its broken lines. */
async function jsonlSquiggle(page) {
  await pointerAway(page);
  await page.keyboard.press('Escape');
  await clearNotifications(page);
  await quickOpen(page, 'broken-input.jsonl');
  await visible(page.locator('.statusbar-item', { hasText: 'Mistral Batch Input' }), 'the language "Mistral Batch Input" in the status bar (the .jsonl became a batch input)', WAIT.squiggle);
  const editor = page.locator('.part.editor .editor-instance .monaco-editor').first();
  // Three errors and a warning (test/fixtures/e2e-workspace/README.md): all of them, not half a set.
  await until(async () => (await editor.locator('.squiggly-error, .squiggly-warning').count()) >= 4, 'the squiggles of broken-input.jsonl', WAIT.squiggle, page);
  await pointerAway(page);
  return { note: `squiggles: ${await editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info').count()}` };
}

/** 3. good.batch.json submitted through the palette; the Batch Jobs view shows it finished. */
async function jobsView(page, file, { mock }) {
  await freshScreen(page);
  const { api, jobIds } = mockClient(mock);
  const before = await jobIds();

  await quickOpen(page, 'good.batch.json');
  await runCommand(page, 'Mistral: Submit Batch Job');

  // The job appears on the mock; an error toast or a dialog instead ends the wait with its text.
  const created = await until(async () => {
    const fresh = [...(await jobIds())].filter((id) => !before.has(id));
    if (fresh.length > 1) throw new VisualError(`one submission created ${fresh.length} jobs: ${fresh.join(', ')}`);
    if (fresh.length === 1) return fresh[0];
    const dialog = page.locator('.monaco-dialog-box');
    if (await dialog.isVisible()) throw new VisualError(`a dialog opened instead of a submission: ${await textOf(dialog)}`);
    const error = page.locator('.notification-toast', { has: page.locator('.codicon-error, .codicon-warning') });
    if (await error.count()) throw new VisualError(`the submission showed a problem instead: ${await textOf(error)}`);
    return undefined;
  }, 'a new job on the mock API after "Submit Batch Job"', WAIT.job, page);
  const finished = await (await api(`/__admin/jobs/${encodeURIComponent(created)}/advance?steps=20`, { method: 'POST' })).json();
  if (finished?.status !== 'SUCCESS') throw new VisualError(`the mock did not finish job ${created}: status ${finished?.status}`);

  // Open the view from its activity bar icon, as a user does, then refresh it from the palette
  // (polling would get there too, more slowly).
  const icon = page.locator('.part.activitybar .action-item .action-label[aria-label^="Mistral Batch"]');
  await visible(icon, 'the "Mistral Batch" icon in the activity bar');
  const sidebar = page.locator('.part.sidebar');
  if (!(await sidebar.locator('.pane-header', { hasText: /Batch Jobs/i }).isVisible().catch(() => false)) &&
      !(await sidebar.locator('.composite.title', { hasText: /Batch Jobs|Mistral Batch/i }).isVisible().catch(() => false))) {
    await icon.first().click();
  }
  await visible(sidebar.locator('.composite.title', { hasText: /Batch Jobs|Mistral Batch/i }), 'the Batch Jobs view in the side bar');
  await runCommand(page, 'Mistral: Refresh Batch Jobs');
  // The row is named after its batch file (the id is in its tooltip); in this fresh workspace only
  // this submission is recorded, so other jobs on the mock read "Job xxxxxxxx".
  const row = sidebar.locator('.monaco-list-row', { hasText: 'good.batch.json' }).filter({ hasText: /Succeeded/ });
  await visible(row, `a row for job ${created} (good.batch.json) showing Succeeded in the Batch Jobs view`, WAIT.job);
  // Selected, the row shows its inline actions (Download Results), as after a click.
  await row.first().click();
  await visible(sidebar.locator('.monaco-list-row.selected', { hasText: 'good.batch.json' }), 'the job row selected');
  await pointerAway(page);
  return { note: `job ${created}: ${await textOf(row)}` };
}

/** 4. good.batch.json: a click on the first request's "Try" lens, the cost question answered, the answer beside. */
async function tryAnswer(page, file) {
  await pointerAway(page);
  await page.keyboard.press('Escape');
  await clearNotifications(page);
  await quickOpen(page, 'good.batch.json');
  const lens = page.locator('.part.editor .editor-instance .monaco-editor.focused .codelens-decoration a', { hasText: /Try/ });
  await visible(lens, 'a "Try" CodeLens above the first request', WAIT.squiggle);
  await lens.first().click();
  // The first Try in a workspace asks once whether to make a billed call.
  const dialog = page.locator('.monaco-dialog-box');
  await visible(dialog, 'the question about the cost of a Try');
  await dialog.locator('.monaco-button', { hasText: 'Try It' }).first().click();
  const tab = page.locator('.part.editor .tabs-container .tab', { hasText: 'good.batch.json.answers.md' });
  await visible(tab, 'the answers tab beside good.batch.json', WAIT.job);
  const answer = page.locator('.part.editor .editor-instance .view-lines', { hasText: /finish_reason/ });
  await visible(answer, 'the whole answer, with its finish_reason, in the answers editor', WAIT.job);
  await visible(page.locator('.part.editor .codelens-decoration a', { hasText: /Raw JSON/ }), 'the "Raw JSON" lens above the answer');
  await pointerAway(page);
  return { note: (await textOf(answer)).slice(0, 160) };
}

/**
 * 5. outcomes.batch.json submitted, its job's results and errors saved beside it: inlay hints give each
 * request's outcome, and the hover on a custom_id shows the answer.
 */
async function resultsJoin(page, file, { mock, workspace }) {
  await freshScreen(page);
  const { api, jobIds } = mockClient(mock);
  const before = await jobIds();
  await quickOpen(page, 'outcomes.batch.json');
  await runCommand(page, 'Mistral: Submit Batch Job');
  const created = await until(async () => [...(await jobIds())].find((id) => !before.has(id)), 'a new job on the mock API for outcomes.batch.json', WAIT.job, page);
  const job = await (await api(`/__admin/jobs/${encodeURIComponent(created)}/advance?steps=20`, { method: 'POST' })).json();
  // Saved where Download Results and Open Errors save them (those commands are tried in the e2e suite).
  for (const [fileId, name] of [[job.output_file, 'outcomes.results.jsonl'], [job.error_file, 'outcomes.errors.jsonl']]) {
    if (!fileId) throw new VisualError(`job ${created} has no ${name}`);
    writeFileSync(join(workspace, name), Buffer.from(await (await api(`/v1/files/${fileId}/content`)).arrayBuffer()));
  }
  await clearNotifications(page);
  const editor = page.locator('.part.editor .editor-instance .monaco-editor').first();
  await visible(editor.locator('.view-lines', { hasText: '— no result' }), 'the inlay hints of outcomes.batch.json (✓, ✗, — no result)', WAIT.job);
  const token = editor.locator('.view-lines .view-line span span').filter({ hasText: /^"ok-refund"$/ });
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: /Mock answer/ });
  await hoverToken(page, token, '`"ok-refund"`', hover, 'the hover over `"ok-refund"` with its answer');
  await settled(hover, 'the hover', page);
  return { note: `hints: ${(await textOf(editor.locator('.view-lines'))).match(/[✓✗—][^"{]*/g)?.join(' | ') ?? ''}; hover: ${(await textOf(hover)).slice(0, 120)}` };
}

/**
 * The Outline of a 10,000-request file (written into the workspace from the benchmark's generator,
 * built into out/ by `node esbuild.mjs --tests`): the job's keys and the requests by custom_id.
 */
async function outlineBig(page, _file, { workspace }) {
  const { generateBatch } = createRequire(import.meta.url)(join(repoRoot, 'out/bench/generate.js'));
  writeFileSync(join(workspace, 'ten-thousand.batch.json'), generateBatch(10_000));
  await quickOpen(page, 'ten-thousand.batch.json');
  // What a person sees, printed and not asserted: the first Try lens drawn once the file's tab is active.
  const opened = Date.now();
  await visible(page.locator('.part.editor .editor-instance .monaco-editor.focused .codelens-decoration a', { hasText: /Try/ }), 'a Try lens in ten-thousand.batch.json', WAIT.squiggle);
  const lensMs = Date.now() - opened;
  await runCommand(page, 'Explorer: Focus on Outline View');
  await visible(page.locator('.outline-pane .monaco-list-row', { hasText: 'timeout_hours' }), 'the job\'s keys in the Outline', WAIT.squiggle);
  // The keyboard walks the tree to its last entry: the last of the requests, named by its custom_id.
  await page.locator('.outline-pane .monaco-list-row').first().click();
  await page.keyboard.press('End');
  await visible(page.locator('.outline-pane .monaco-list-row', { hasText: 'req-09999' }), 'request req-09999 in the Outline', WAIT.widget);
  // Choosing it shows it in the editor, with its own Try lens: the editor is given the lenses near
  // the screen of a large file (client/lensWindow.ts), so these come after the jump.
  await page.keyboard.press('Enter');
  const editor = page.locator('.part.editor .editor-instance .monaco-editor').first();
  const jumped = Date.now();
  await visible(editor.locator('.view-lines', { hasText: 'req-09999' }), 'request req-09999 in the editor', WAIT.widget);
  await visible(editor.locator('.codelens-decoration a', { hasText: /Try/ }), 'a Try lens by req-09999', WAIT.squiggle);
  const farMs = Date.now() - jumped;
  await pointerAway(page);
  return { note: `the Outline of ten-thousand.batch.json; first Try lens on screen ${lensMs} ms after its tab was active, and ${farMs} ms after the jump to req-09999` };
}

// ------------------------------------------------------------------------------------------------

/**
 * Opens the workbench on `workspace` and takes the screenshots.
 * @param {{ baseUrl: string, workspace: string, extensionDevelopmentPath?: string,
 *           mock?: { url: string, key: string }, outDir?: string, verbose?: boolean,
 *           browser?: import('playwright-core').Browser }} opts
 * @returns {Promise<{ ok: boolean, steps: { name: string, status: 'pass' | 'fail' | 'skip', file?: string, message?: string, ms: number }[] }>}
 */
export async function runVisualCheck(opts) {
  const outDir = opts.outDir ?? DEFAULT_OUT_DIR;
  mkdirSync(outDir, { recursive: true });
  const steps = [];
  const ownBrowser = !opts.browser;
  const browser = opts.browser ?? (await launchBrowser());
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  if (opts.verbose) page.on('console', (msg) => console.log(`[visual browser ${msg.type()}] ${msg.text()}`));

  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const contributes = pkg.contributes ?? {};
  const hasSubmit = (contributes.commands ?? []).some((c) => c.command === 'mistralBatch.submit');
  const hasView = Object.values(contributes.views ?? {}).flat().some((v) => v.id === 'mistralBatch.jobs');
  const jobsSkip = !opts.mock
    ? 'no mock Mistral API is running'
    : !hasSubmit
      ? 'package.json does not contribute mistralBatch.submit yet'
      : !hasView
        ? 'package.json does not contribute the mistralBatch.jobs view yet'
        : undefined;

  const plan = [
    { name: 'hover-squiggle', run: hoverSquiggle },
    { name: 'completion-body', run: completionBody },
    { name: 'jobs-view', run: jobsView, skip: jobsSkip },
    { name: 'try-answer', run: tryAnswer, skip: !opts.mock ? 'no mock Mistral API is running' : undefined },
    { name: 'results-join', run: resultsJoin, skip: jobsSkip },
    { name: 'outline-10k', run: outlineBig },
    { name: 'jsonl-squiggle', run: jsonlSquiggle },
  ];

  let workbenchError;
  const started = Date.now();
  try {
    const url = workbenchUrl(opts.baseUrl, { workspace: opts.workspace, extensionDevelopmentPath: opts.extensionDevelopmentPath });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await visible(page.locator('.monaco-workbench .part.editor'), 'the workbench', WAIT.workbench);
    await visible(page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'good.batch.json' }), 'the workspace files in the explorer', WAIT.workbench);
    say(`workbench ready in ${secs(Date.now() - started)}`);
  } catch (err) {
    workbenchError = err;
  }

  for (const step of plan) {
    const t = Date.now();
    const file = join(outDir, `${step.name}.png`);
    rmSync(file, { force: true });
    rmSync(join(outDir, `${step.name}-FAILED.png`), { force: true });
    if (step.skip) {
      steps.push({ name: step.name, status: 'skip', message: step.skip, ms: 0 });
      say(`- ${step.name}: skipped (${step.skip})`);
      continue;
    }
    try {
      if (workbenchError) throw workbenchError;
      const { note, after } = await step.run(page, file, { workspace: opts.workspace, mock: opts.mock });
      const size = await shoot(page, file);
      if (after) await after();
      steps.push({ name: step.name, status: 'pass', file, ms: Date.now() - t, message: note });
      say(`✓ ${step.name}: ${relative(process.cwd(), file)} (${Math.round(size / 1024)} KB, ${secs(Date.now() - t)})${note ? `\n      ${note}` : ''}`);
    } catch (err) {
      const failed = join(outDir, `${step.name}-FAILED.png`);
      let shot = '';
      try {
        await page.screenshot({ path: failed, ...SHOT });
        shot = `; the failing state: ${relative(process.cwd(), failed)}`;
      } catch {}
      const message = err instanceof VisualError ? err.message : `${err?.message ?? err}`;
      steps.push({ name: step.name, status: 'fail', message: message + shot, ms: Date.now() - t });
      say(`✗ ${step.name}: ${message}${shot}`);
      // The next step starts from a clean slate of widgets.
      await page.keyboard.press('Escape').catch(() => {});
      await page.keyboard.press('Escape').catch(() => {});
    }
  }

  await context.close().catch(() => {});
  if (ownBrowser) await browser.close().catch(() => {});
  return { ok: steps.every((s) => s.status !== 'fail'), steps, ms: Date.now() - started };
}

/** A fresh copy of the e2e fixture workspace under `root`, for the visual check alone. */
export function visualWorkspace(root) {
  const dir = join(root, 'visual-workspace');
  rmSync(dir, { recursive: true, force: true });
  cpSync(FIXTURE_WORKSPACE, dir, { recursive: true });
  return dir;
}

/** One line per step, for summaries. */
export function describeVisual(result) {
  return result.steps.map((s) => {
    const mark = s.status === 'pass' ? '✓' : s.status === 'skip' ? '-' : '✗';
    return `  ${mark} ${s.name}${s.file ? `: ${relative(process.cwd(), s.file)}` : ''}${s.status !== 'pass' && s.message ? ` (${s.message})` : ''}`;
  });
}

// ------------------------------------------------------------------------------------------------
// `node scripts/e2e/visual.mjs`: its own code-server and mock API, then the check.

async function standalone(argv) {
  installSignalHandlers();
  const opts = { build: true, keep: false, verbose: false, outDir: DEFAULT_OUT_DIR };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-build') opts.build = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--out') opts.outDir = resolve(argv[++i]);
    else {
      console.error(`unknown option ${a}\nusage: node scripts/e2e/visual.mjs [--no-build] [--keep] [--verbose] [--out DIR]`);
      return 2;
    }
  }
  const t0 = Date.now();
  if (opts.build) {
    say('building: node esbuild.mjs --tests');
    await build();
  }
  await ensureCodeServer();
  const run = makeRunDir('mistral-batch-visual-');
  let ok = false;
  onCleanup('temporary folder', () => {
    if (ok && !opts.keep) run.remove();
    else say(`kept for inspection: ${run.root}`);
  });
  const settings = { ...QUIET_SETTINGS };
  const env = {};
  let mock;
  const unavailable = mockUnavailableReason();
  if (unavailable) say(`no mock API: ${unavailable}`);
  else {
    mock = await startMockApi({ logFile: join(run.root, 'mock-api.log') });
    onCleanup('mock-api', () => mock.stop());
    settings['mistralBatch.baseUrl'] = mock.url;
    env.MISTRAL_API_KEY = mock.key;
  }
  const server = await startCodeServer({ userDataDir: run.userDataDir, extensionsDir: run.extensionsDir, workspace: run.workspace, settings, env, echo: opts.verbose });
  onCleanup('code-server', () => server.stop());
  say(`code-server: ${server.url}`);
  const result = await runVisualCheck({
    baseUrl: server.url,
    workspace: run.workspace,
    extensionDevelopmentPath: repoRoot,
    mock: mock && { url: mock.url, key: mock.key },
    outDir: opts.outDir,
    verbose: opts.verbose,
  });
  ok = result.ok;
  console.log('');
  console.log('──────── visual check ────────');
  for (const line of describeVisual(result)) console.log(line);
  console.log(`time: ${secs(Date.now() - t0)} (the check itself ${secs(result.ms)})`);
  console.log(ok ? 'VISUAL: PASS' : 'VISUAL: FAIL');
  await cleanupAll();
  return ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  standalone(process.argv.slice(2)).then(
    (code) => process.exit(code),
    async (err) => {
      if (isStopping()) return;
      console.error(`[visual] ERROR: ${err?.message ?? err}`);
      await cleanupAll();
      process.exit(1);
    },
  );
}
