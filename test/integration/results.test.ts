// The results join in the real editor: submit to the mock, wait for the end, download the results
// and errors, then each request shows its outcome (hover, inlay hints); Retry Failed writes a file
// with exactly the failed and missing requests, and submitting it succeeds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { SubmitOutcome } from '../../client/commands/submit';
import type { MistralBatchExports } from '../../client/exports';
import { hoverText, openFixture, positionAfter, waitFor, waitForActivation, workspaceFile } from './helpers';

const MOCK_URL = process.env.MISTRAL_BATCH_E2E_MOCK_URL;

suite('Results on their requests (local Mistral-compatible server)', function () {
  let view: MistralBatchExports['jobsView'];

  suiteSetup(async function () {
    if (!MOCK_URL) {
      console.log('  (skipped: no local mock server; MISTRAL_BATCH_E2E_MOCK_URL is not set)');
      this.skip();
    }
    await openFixture('outcomes.batch.json');
    view = ((await waitForActivation()).exports as MistralBatchExports).jobsView;
    await vscode.workspace.getConfiguration('mistralBatch').update('pollIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    if (MOCK_URL) await vscode.workspace.getConfiguration('mistralBatch').update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
  });

  async function submitAndFinish(name: string): Promise<string> {
    const outcome = await vscode.commands.executeCommand<SubmitOutcome>('mistralBatch.submit', workspaceFile(name), { resubmit: true });
    assert.strictEqual(outcome.outcome, 'submitted', JSON.stringify(outcome));
    const jobId = outcome.outcome === 'submitted' ? outcome.jobId : '';
    await vscode.commands.executeCommand('mistralBatch.jobs.focus');
    await waitFor(`job ${jobId} to end`, () => view.rows().find((r) => r.jobId === jobId && /\bfinished\b/.test(r.contextValue)), [view.onDidChange], {
      timeoutMs: 45_000,
      describe: () => view.rows().map((r) => `${r.label} ${r.description}`).join('; '),
    });
    return jobId;
  }

  test('after download, hover and inlay hints show each request\'s outcome; Retry Failed holds exactly the failures and submits', async () => {
    const uri = workspaceFile('outcomes.batch.json');
    const jobId = await submitAndFinish('outcomes.batch.json');
    assert.ok(await vscode.commands.executeCommand<string>('mistralBatch.downloadResults', jobId), 'no results file');
    assert.ok(await vscode.commands.executeCommand<string>('mistralBatch.openErrors', jobId), 'no errors file');

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    // The server re-reads the files when the watcher reports them; the "no result" note says it has.
    await waitFor('the join\'s diagnostic on lost-cancel', () => vscode.languages.getDiagnostics(uri).find((d) => /no result for "lost-cancel"/.test(d.message)), [vscode.languages.onDidChangeDiagnostics], {
      describe: () => vscode.languages.getDiagnostics(uri).map((d) => d.message).join('; ') || '(no diagnostics)',
    });

    const okHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionAfter(doc, '"ok-refund', -3)));
    assert.match(okHover, /✓ 200/);
    assert.match(okHover, /Mock answer to: I was charged twice\./);
    const failHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionAfter(doc, '"fail-429-parcel', -3)));
    assert.match(failHover, /✗ 429/);
    assert.match(failHover, /Rate limit exceeded/);

    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, all);
    const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    assert.deepStrictEqual(labels, ['✓ 16 tokens', '✗ 429: Rate limit exceeded', '— no result', '✓ 16 tokens']);

    const retry = await vscode.commands.executeCommand<vscode.Uri | undefined>('mistralBatch.retryFailed', uri);
    assert.ok(retry, 'Retry Failed wrote nothing');
    assert.strictEqual(retry.fsPath, workspaceFile('outcomes.retry-1.batch.json').fsPath);
    const original = doc.getText();
    const written = fs.readFileSync(retry.fsPath, 'utf8');
    const retried = (JSON.parse(written) as { requests: Array<{ custom_id: string }> }).requests.map((r) => r.custom_id);
    assert.deepStrictEqual(retried, ['fail-429-parcel', 'lost-cancel']);
    for (const id of retried) {
      const line = original.split('\n').find((l) => l.includes(`"${id}"`))!.trim().replace(/,$/, '');
      assert.ok(written.includes(line), `${id} is not copied byte for byte`);
    }
    const again = await vscode.commands.executeCommand<SubmitOutcome>('mistralBatch.submit', retry, { resubmit: true });
    assert.strictEqual(again.outcome, 'submitted', JSON.stringify(again));
  });

  test('a .jsonl input\'s results come back onto its lines: hover, inlay hints, and a stale mark once a line is edited', async () => {
    const jobId = await submitAndFinish('outcome-lines.batch.json');
    assert.ok(await vscode.commands.executeCommand<string>('mistralBatch.downloadResults', jobId), 'no results file');
    assert.ok(await vscode.commands.executeCommand<string>('mistralBatch.openErrors', jobId), 'no errors file');

    const uri = workspaceFile('outcome-lines.jsonl');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    await waitFor('the join\'s diagnostic on lost-cancel', () => vscode.languages.getDiagnostics(uri).find((d) => /no result for "lost-cancel"/.test(d.message)), [vscode.languages.onDidChangeDiagnostics], {
      describe: () => vscode.languages.getDiagnostics(uri).map((d) => d.message).join('; ') || '(no diagnostics)',
    });
    const t0 = Date.now();
    const okHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionAfter(doc, '"ok-refund', -3)));
    console.log(`  hover on a joined .jsonl line: ${Date.now() - t0} ms (first, in the real editor)`);
    assert.match(okHover, /✓ 200/);
    assert.match(okHover, /Mock answer to: I was charged twice\./);
    const t1 = Date.now();
    const failHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, positionAfter(doc, '"fail-429-parcel', -3)));
    console.log(`  hover on a joined .jsonl line: ${Date.now() - t1} ms (second)`);
    assert.match(failHover, /✗ 429[\s\S]*Rate limit exceeded/);

    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const labels = async () => (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, all))
      .map((h) => `${h.position.line}:${typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')}`);
    assert.deepStrictEqual(await labels(), ['0:✓ 16 tokens', '1:✗ 429: Rate limit exceeded', '2:— no result']);

    // The submission kept the lines' hashes: an edited line's result answers an older request.
    const at = positionAfter(doc, 'I was charged twice');
    await editor.edit((e) => e.insert(at, ' again'));
    // The server hears of the edit a moment later: the hints are asked again until they show it.
    let edited = await labels();
    for (let tries = 0; tries < 50 && !edited[0]?.includes('stale'); tries++) {
      await new Promise((r) => setTimeout(r, 100));
      edited = await labels();
    }
    assert.deepStrictEqual(edited, ['0:✓ 16 tokens (stale: edited since submitted)', '1:✗ 429: Rate limit exceeded', '2:— no result']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
