// A batch input over 50 MB in the real editor, which VS Code never hands to extensions: "Mistral:
// Check Batch Input File" has the server check it from disk, its problems land in the Problems view
// on their lines, and the problem's location opens. The file is generated here, never committed.
import * as assert from 'assert';
import * as fs from 'fs';
import { once } from 'events';
import { loadavg } from 'os';
import * as vscode from 'vscode';
import type { CheckInputOutcome } from '../../client/commands/checkInput';
import type { MistralBatchExports } from '../../client/exports';
import { extension, formatDiagnostics, openFixture, waitFor, waitForActivation, workspaceFile } from './helpers';

const NAME = 'large-input.generated.jsonl';
const LINES = 150_000;
/** Lines that break a rule, by 0-based line, with what their problem says. */
const BROKEN = new Map<number, RegExp>([
  [17, /"usr" is not a valid role/],
  [74_321, /temprature/],
  [LINES - 2, /duplicate "custom_id" "req-5"/],
]);

function line(i: number): string {
  // About 400 bytes a line, so 150,000 lines are over 50 MB.
  const content = `Question ${i}: ${'summarise the report in three sentences, '.repeat(8)}`;
  if (i === 17) return JSON.stringify({ custom_id: `req-${i}`, body: { messages: [{ role: 'usr', content }] } });
  if (i === 74_321) return JSON.stringify({ custom_id: `req-${i}`, body: { temprature: 0.2, messages: [{ role: 'user', content }] } });
  if (i === LINES - 2) return JSON.stringify({ custom_id: 'req-5', body: { messages: [{ role: 'user', content }] } });
  return JSON.stringify({ custom_id: `req-${i}`, body: { max_tokens: 64, messages: [{ role: 'user', content }] } });
}

suite('Large batch input (over 50 MB, not synced)', () => {
  const uri = workspaceFile(NAME);

  suiteSetup(async function () {
    this.timeout(120_000);
    await openFixture('good.batch.json');
    await waitForActivation();
    const out = fs.createWriteStream(uri.fsPath);
    for (let i = 0; i < LINES; i++) if (!out.write(line(i) + '\n')) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    assert.ok(fs.statSync(uri.fsPath).size > 50 * 1024 * 1024, 'the generated file is over 50 MB');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.promises.rm(uri.fsPath, { force: true });
  });

  test('large input: "Check Batch Input File" puts its problems in the Problems view on their lines', async function () {
    this.timeout(300_000);
    // The premise: VS Code gives extensions no document for this file.
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(uri)), 'VS Code synced a file over 50 MB (the sync limit changed?)');
    const started = performance.now();
    const result = await vscode.commands.executeCommand<CheckInputOutcome>('mistralBatch.checkInputFile', uri);
    const ms = performance.now() - started;
    const mb = fs.statSync(uri.fsPath).size / (1024 * 1024);
    console.log(`  [timings] Check Batch Input File: ${mb.toFixed(0)} MB, ${LINES.toLocaleString('en-US')} lines in ${(ms / 1000).toFixed(1)} s (load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    assert.strictEqual(result.outcome, 'checked', JSON.stringify(result));
    if (result.outcome !== 'checked') return;
    assert.strictEqual(result.lines, LINES);
    assert.strictEqual(result.endpoint?.endpoint, '/v1/chat/completions');

    const diags = await waitFor('the problems of the large file', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length >= BROKEN.size ? d : undefined;
    }, [vscode.languages.onDidChangeDiagnostics], { describe: () => formatDiagnostics(vscode.languages.getDiagnostics(uri)) });
    assert.deepStrictEqual([...new Set(diags.map((d) => d.range.start.line))], [...BROKEN.keys()], formatDiagnostics(diags));
    for (const [at, message] of BROKEN) {
      assert.ok(diags.some((d) => d.range.start.line === at && message.test(d.message)), `line ${at + 1}: expected ${message}; found ${formatDiagnostics(diags)}`);
    }
    const role = diags.find((d) => d.range.start.line === 17);
    assert.strictEqual(role?.range.start.character, line(17).indexOf('"usr"'));
  });

  test('large input: the problem\'s location opens the file, and the status bar offers the check', async function () {
    this.timeout(120_000);
    const problem = vscode.languages.getDiagnostics(uri).find((d) => d.range.start.line === 74_321);
    assert.ok(problem, 'the check of the previous test left its problem');
    // What clicking the problem in the Problems view does: open its file at its range.
    await vscode.commands.executeCommand('vscode.open', uri, { selection: problem.range, preview: false });
    const activeTab = () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputText && input.uri.toString() === uri.toString() ? input : undefined;
    };
    await waitFor(`${NAME} to be the active tab`, activeTab, [vscode.window.tabGroups.onDidChangeTabs], {
      describe: () => String(vscode.window.tabGroups.activeTabGroup.activeTab?.label),
    });
    const offer = (extension().exports as MistralBatchExports).largeInputOffer;
    await waitFor('the status bar to offer "Check Batch Input"', () => (offer.current() === uri.toString() ? true : undefined), [offer.onDidChange], { describe: () => String(offer.current()) });
    // Opened without being synced: no didOpen, so the problems found on disk stay.
    assert.ok(vscode.languages.getDiagnostics(uri).some((d) => d.range.start.line === 74_321));
  });
});
