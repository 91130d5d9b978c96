// Try a request in the real VS Code, against the local mock (MISTRAL_BATCH_E2E_MOCK_URL): the
// server's Try CodeLens runs a chat request, the answer opens beside the batch file and keeps the
// earlier tries, the raw JSON is one lens away, and a request with errors is refused without a call.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { TryOutcome } from '../../client/commands/try';
import { TRY_REQUEST_COMMAND, TryRequestArgs } from '../../core/protocol';
import { openFixture, waitFor, waitForActivation, workspaceFile } from './helpers';

const MOCK_URL = process.env.MISTRAL_BATCH_E2E_MOCK_URL;
const CHAT = 'POST /v1/chat/completions';

async function chatCalls(): Promise<number> {
  const res = await fetch(`${MOCK_URL}/__admin/requests`);
  const log = (await res.json()) as { byRoute: Record<string, number> };
  return log.byRoute[CHAT] ?? 0;
}

/** The Try lenses of a file, once the language server gives them. */
async function tryLenses(uri: vscode.Uri, count: number): Promise<vscode.CodeLens[]> {
  const tick = new vscode.EventEmitter<void>();
  // The server's lenses have no change event in the API: re-asked on diagnostics and on a short tick.
  const interval = setInterval(() => tick.fire(), 200);
  let latest: vscode.CodeLens[] = [];
  const refresh = () =>
    // Resolved, as the editor resolves those on screen: the server sends them without commands.
    void vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100).then((l) => {
      latest = (l ?? []).filter((x) => x.command?.command === TRY_REQUEST_COMMAND);
    });
  const sub = tick.event(refresh);
  try {
    return await waitFor(`${count} Try lenses in ${uri.path}`, () => (latest.length >= count ? latest : undefined), [tick.event, vscode.languages.onDidChangeDiagnostics], {
      describe: () => JSON.stringify(latest.map((l) => l.command?.title)),
    });
  } finally {
    clearInterval(interval);
    sub.dispose();
    tick.dispose();
  }
}

function answersEditor(uri: string): vscode.TextEditor | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri);
}

suite('Try request (local Mistral-compatible server)', function () {
  suiteSetup(async function () {
    if (!MOCK_URL) {
      console.log('  (skipped: no local mock server; MISTRAL_BATCH_E2E_MOCK_URL is not set)');
      this.skip();
    }
    await openFixture('good.batch.json');
    await waitForActivation();
  });

  test('the Try CodeLens runs a chat request and the answer appears beside the file', async () => {
    const batch = await openFixture('good.batch.json');
    const lenses = await tryLenses(batch.document.uri, 2);
    assert.deepStrictEqual(lenses.map((l) => l.range.start.line), [6, 13], 'one lens at the start of each request');
    const command = lenses[0].command!;
    assert.match(command.title, /Try/);
    assert.strictEqual((command.arguments?.[0] as TryRequestArgs).customId, 'capital-fr');

    const before = await chatCalls();
    const outcome = await vscode.commands.executeCommand<TryOutcome>(command.command, ...(command.arguments ?? []), { confirmed: true });
    assert.strictEqual(outcome.outcome, 'answered', JSON.stringify(outcome));
    if (outcome.outcome !== 'answered') return;
    assert.strictEqual(await chatCalls(), before + 1, 'exactly one call to the chat endpoint');

    const editor = await waitFor('the answers editor to be visible', () => answersEditor(outcome.answers), [vscode.window.onDidChangeVisibleTextEditors]);
    assert.notStrictEqual(editor.viewColumn, batch.viewColumn, 'the answer opens beside the batch file, not over it');
    const text = await waitFor('the whole answer in the answers document', () => (/finish_reason `stop`/.test(editor.document.getText()) ? editor.document.getText() : undefined),
      [vscode.workspace.onDidChangeTextDocument], { describe: () => editor.document.getText() });
    assert.match(text, /## Try 1 · request capital-fr · `\/v1\/chat\/completions`/);
    assert.match(text, /Mock answer to "What is the capital of France\?"/);
    assert.match(text, /tokens: \d+ prompt \+ \d+ completion = \d+ total/);
    assert.strictEqual(editor.document.languageId, 'markdown');

    // A second try keeps the first below it.
    const again = await vscode.commands.executeCommand<TryOutcome>(TRY_REQUEST_COMMAND, lenses[1].command!.arguments![0], { confirmed: true });
    assert.strictEqual(again.outcome, 'answered', JSON.stringify(again));
    const both = await waitFor('two tries in the answers document', () => (/## Try 2[\s\S]*## Try 1/.test(editor.document.getText()) ? editor.document.getText() : undefined),
      [vscode.workspace.onDidChangeTextDocument], { describe: () => editor.document.getText() });
    assert.match(both, /## Try 2 · request colours/);

    // The raw JSON is a lens away.
    const rawLenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
    const raw = rawLenses?.find((l) => /Raw JSON/.test(l.command?.title ?? '') && l.range.start.line === editor.document.getText().split('\n').findIndex((s) => s.startsWith('## Try 1')));
    assert.ok(raw?.command?.arguments?.[0] instanceof vscode.Uri, `no Raw JSON lens for Try 1: ${JSON.stringify(rawLenses?.map((l) => l.command?.title))}`);
    const json = JSON.parse((await vscode.workspace.openTextDocument(raw.command.arguments[0] as vscode.Uri)).getText()) as { object: string; choices: { finish_reason: string }[] };
    assert.strictEqual(json.object, 'chat.completion');
    assert.strictEqual(json.choices[0].finish_reason, 'stop');
  });

  test('from the palette, the request under the cursor is tried', async () => {
    const batch = await openFixture('good.batch.json');
    await tryLenses(batch.document.uri, 2);
    const line = batch.document.getText().split('\n').findIndex((l) => l.includes('Name three primary colours'));
    batch.selection = new vscode.Selection(line, 10, line, 10);
    const outcome = await vscode.commands.executeCommand<TryOutcome>(TRY_REQUEST_COMMAND, undefined, { confirmed: true });
    assert.strictEqual(outcome.outcome, 'answered', JSON.stringify(outcome));
    if (outcome.outcome === 'answered') assert.strictEqual(outcome.answer.label, 'request colours');
  });

  test('a request with errors is refused with its problems, and nothing is sent', async () => {
    const uri = workspaceFile('broken.batch.json');
    await vscode.workspace.openTextDocument(uri);
    const before = await chatCalls();
    const outcome = await vscode.commands.executeCommand<TryOutcome>(TRY_REQUEST_COMMAND, { uri: uri.toString(), index: 0 } satisfies TryRequestArgs, { confirmed: true });
    assert.strictEqual(outcome.outcome, 'refused', JSON.stringify(outcome));
    assert.match(outcome.message, /request greeting was not sent: it has \d+ errors?/);
    assert.match(outcome.message, /timeout_hours|usr/);
    assert.strictEqual(await chatCalls(), before, 'the mock got no call');
  });
});
