// Batch inputs (.jsonl) in the real editor: a .jsonl whose first line is a request becomes a batch
// input, gets its problems on the right lines, completion and hover in a body, and a status item
// naming its endpoint; the two code actions between inline requests and a .jsonl file.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { MistralBatchExports } from '../../client/exports';
import { diagnosticsAfter, extension, formatDiagnostics, hoverText, labelText, lineOf, openFixture, positionAfter, waitFor, waitForActivation, workspaceFile } from './helpers';

const INPUT_LANGUAGE = 'mistral-batch-jsonl';

/** Opens a .jsonl fixture and resolves once the extension has made it a batch input. */
async function openInput(name: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile(name);
  const find = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === INPUT_LANGUAGE);
  await openFixture(name);
  const doc = await waitFor(`${name} to become a batch input (${INPUT_LANGUAGE})`, find, [vscode.workspace.onDidOpenTextDocument], {
    describe: () => vscode.workspace.textDocuments.filter((d) => d.uri.toString() === uri.toString()).map((d) => d.languageId).join(', '),
  });
  return vscode.window.showTextDocument(doc, { preview: false });
}

async function statusShows(pattern: RegExp): Promise<string> {
  const status = (extension().exports as MistralBatchExports).batchInputStatus;
  const read = () => `${status.current().text} (${status.current().detail ?? ''})`;
  return waitFor(`the batch-input status item to show ${pattern}`, () => (pattern.test(read()) ? read() : undefined), [status.onDidChange], { describe: read });
}

suite('Batch inputs (jsonl)', () => {
  suiteSetup(async () => {
    await openFixture('good.batch.json');
    await waitForActivation();
  });

  test('jsonl: a broken input gets each problem on its line, and the status item says the endpoint was inferred', async () => {
    const editor = await openInput('broken-input.jsonl');
    const doc = editor.document;
    const expected: [number, vscode.DiagnosticSeverity, RegExp][] = [
      [lineOf(doc, '"usr"'), vscode.DiagnosticSeverity.Error, /"usr" is not a valid role/],
      [lineOf(doc, '"temprature"'), vscode.DiagnosticSeverity.Error, /temprature/],
      [lineOf(doc, '"Again"'), vscode.DiagnosticSeverity.Warning, /duplicate "custom_id" "t-1": line 1 already uses it/],
      [lineOf(doc, '{') + 0, vscode.DiagnosticSeverity.Error, /./],
      [lineOf(doc, '"method"'), vscode.DiagnosticSeverity.Information, /OpenAI/],
    ];
    // The pretty-printed object's first line is the first line that is only `{`.
    expected[3] = [doc.getText().split('\n').indexOf('{'), vscode.DiagnosticSeverity.Error, /starts an object that continues on the next lines/];
    const diags = await diagnosticsAfter(doc.uri, () => undefined, (d) => expected.every(([l]) => d.some((x) => x.range.start.line === l)), 'the problems of broken-input.jsonl', { fresh: false });
    for (const [line, severity, message] of expected) {
      const onLine = diags.filter((d) => d.range.start.line === line);
      assert.ok(onLine.some((d) => d.severity === severity && message.test(d.message)), `line ${line + 1}: expected ${message}; found ${formatDiagnostics(onLine)}`);
    }
    const unexpected = diags.filter((d) => !expected.some(([l]) => l === d.range.start.line));
    assert.deepStrictEqual(formatDiagnostics(unexpected), formatDiagnostics([]), 'problems on lines where none was expected');
    assert.match(await statusShows(/inferred/), /^\/v1\/chat\/completions \(inferred: the bodies have "messages"\)$/);
  });

  test('jsonl: completion and hover inside a line body', async () => {
    const editor = await openInput('broken-input.jsonl');
    const doc = editor.document;
    const pos = positionAfter(doc, '"max_tokens": 64', 0);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(pos.line, pos.character - '"max_tokens": 64'.length));
    const labels = list.items.map(labelText);
    assert.ok(labels.includes('temperature'), `completion in a line's body lacks temperature; offered: ${labels.join(', ')}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionAfter(doc, '"max_tok', 0));
    assert.match(hoverText(hovers), /max_tokens/);
  });

  test('jsonl: an input named by a batch file takes its endpoint from it, as the status item says', async () => {
    await openInput('input.jsonl');
    assert.match(await statusShows(/from-file/), /^\/v1\/chat\/completions \(from from-file\.batch\.json\)$/);
  });

  test('jsonl: requests move to a .jsonl file and come back inline', async () => {
    const editor = await openFixture('move.batch.json');
    const doc = editor.document;
    const original = doc.getText();
    const actionsAt = (at: vscode.Position) => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(at, at));
    const move = (await actionsAt(positionAfter(doc, '"req', 0))).find((a) => a.title === 'Move requests to move.jsonl');
    assert.ok(move?.edit, 'the move is offered on `requests`');
    assert.ok(await vscode.workspace.applyEdit(move.edit), 'the move applies');
    // The new file opens unsaved, as any edit leaves a file; saved as a user would.
    const created = await vscode.workspace.openTextDocument(workspaceFile('move.jsonl'));
    const written = created.getText();
    assert.ok(await created.save(), 'move.jsonl saves');
    const items = [...original.matchAll(/^ {4}(\{.*\}),?$/gm)].map((m) => m[1]);
    assert.strictEqual(written, items.map((i) => `${i}\n`).join(''), 'each request on its own line, as written');
    assert.match(doc.getText(), /"input_files": \["\.\/move\.jsonl"\]/);
    const inline = (await actionsAt(positionAfter(doc, 'move.js', 0))).find((a) => a.title === 'Inline this file');
    assert.ok(inline?.edit, 'inlining is offered on the input_files entry');
    assert.ok(await vscode.workspace.applyEdit(inline.edit), 'the inlining applies');
    assert.strictEqual(doc.getText(), original, 'back to the very text');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
