// What JSON mode would give, in the real editor: the Outline, Format Document, New Batch File and
// links to local inputs; and, on a 10,000-request file, the time from the server to the screen
// (printed figures, not assertions: the targets live in the README).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { generateBatch } from '../../bench/generate';
import { TRY_REQUEST_COMMAND } from '../../core/protocol';
import { openFixture, waitFor, waitForActivation, workspaceFile } from './helpers';

function names(symbols: vscode.DocumentSymbol[]): string[] {
  return symbols.map((s) => s.name);
}

/** Resolves with the diagnostics of `uri` at the first change after `act`, and how long it took. */
async function timedDiagnostics(uri: vscode.Uri, act: () => Thenable<unknown>): Promise<number> {
  const started = performance.now();
  const done = new Promise<number>((resolve) => {
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        sub.dispose();
        resolve(performance.now() - started);
      }
    });
  });
  await act();
  return done;
}

suite('Outline, formatting, new files and links', () => {
  suiteSetup(async () => {
    await openFixture('good.batch.json');
    await waitForActivation();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the Outline lists the job keys and each request by its custom_id', async () => {
    const editor = await openFixture('good.batch.json');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', editor.document.uri);
    assert.ok(symbols && symbols.length > 0, 'no symbols');
    const requests = symbols.find((s) => s.name === 'requests');
    assert.ok(requests, names(symbols).join());
    const ids = JSON.parse(editor.document.getText()).requests.map((r: { custom_id: string }) => r.custom_id);
    assert.deepStrictEqual(names(requests.children), ids);
  });

  test('Format Document re-indents and keeps every value', async () => {
    const text = '{"model":"mistral-embed","endpoint":"/v1/embeddings","requests":[{"custom_id":"a","body":{"input":"x"}}]}';
    const doc = await vscode.workspace.openTextDocument({ language: 'mistral-batch', content: text });
    const editor = await vscode.window.showTextDocument(doc);
    editor.options = { tabSize: 4, insertSpaces: true };
    await vscode.commands.executeCommand('editor.action.formatDocument');
    const formatted = doc.getText();
    assert.notStrictEqual(formatted, text, 'nothing was formatted');
    assert.ok(formatted.includes('\n    "model": "mistral-embed"'), formatted);
    assert.deepStrictEqual(JSON.parse(formatted), JSON.parse(text));
  });

  test('New Batch File writes a valid file for the endpoint, the cursor in its first message', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('mistralBatch.newBatchFile', '/v1/chat/completions');
    assert.ok(uri, 'no document was made');
    const doc = await vscode.workspace.openTextDocument(uri);
    const value = JSON.parse(doc.getText()) as { model: string; endpoint: string; requests: { body: { messages: { role: string }[] } }[] };
    assert.strictEqual(value.endpoint, '/v1/chat/completions');
    assert.ok(value.model, 'a model is named');
    assert.strictEqual(value.requests[0].body.messages[0].role, 'user');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document === doc);
    const line = doc.lineAt(editor.selection.active.line).text;
    assert.match(line, /"content"/, `the cursor is on: ${line}`);
    // Typing the message (over the selected placeholder) publishes the file's problems: none.
    await timedDiagnostics(uri, () => editor.edit((b) => b.replace(editor.selection, 'Hello')));
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.deepStrictEqual(diagnostics.map((d) => d.message), []);
  });

  test('a local input file is a link that opens the .jsonl', async () => {
    const editor = await openFixture('from-file.batch.json');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', editor.document.uri);
    const link = links.find((l) => l.target?.path.endsWith('/input.jsonl'));
    assert.ok(link?.target, `links: ${links.map((l) => l.target?.toString()).join(', ')}`);
    await vscode.commands.executeCommand('vscode.open', link.target);
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/input.jsonl'), 'the .jsonl is open');
  });

  test('timings on a 10,000-request file (printed)', async () => {
    const uri = workspaceFile('ten-thousand.batch.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(generateBatch(10_000)));
    const { doc, open } = await openTimed(uri);
    const lens = await timedLenses(uri);
    assert.ok(lens.lenses.some((l) => l.command?.command === TRY_REQUEST_COMMAND), 'the requests have their Try lens');
    const { edits, completions } = await typeIn(doc);
    // Once VS Code is done with the open (tokenizing 172,000 lines takes it seconds): the same, at rest.
    const quiet = await settle();
    const settled = await timedLenses(uri);
    const atRest = await typeIn(doc);
    const symbolsStarted = performance.now();
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    const outline = performance.now() - symbolsStarted;
    assert.strictEqual(symbols.find((s) => s.name === 'requests')?.children.length, 10_000);
    console.log(`[timings] 10,000 requests: open → diagnostics ${open.toFixed(0)} ms; CodeLens after diagnostics ${lensFigures(lens)}; ` +
      `edit → diagnostics ${figures(edits)}; completion ${figures(completions)}; outline ${outline.toFixed(0)} ms; ` +
      `at rest (${quiet}): CodeLens ${lensFigures(settled)}, edit → diagnostics ${figures(atRest.edits)} (edit → document change ${figures(atRest.changes)}), completion ${figures(atRest.completions)}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('in a large file the editor is given the lenses near the screen, and they follow it', async () => {
    const uri = workspaceFile('ten-thousand.batch.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(generateBatch(10_000)));
    // The test before this one left the document open in the extension host (VS Code keeps documents
    // an extension opened for minutes), with the same text: opening it again changes nothing, so no
    // diagnostics follow, and none are waited for.
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const lineOf = (id: string) => doc.positionAt(doc.getText().indexOf(`"custom_id": "${id}"`)).line;
    // The requests' lenses: the job's actions sit on line 0, its totals on the line of "requests".
    const requestsLine = doc.positionAt(doc.getText().indexOf('"requests"')).line;
    const lensLines = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.range.start.line).filter((line) => line > requestsLine);
    const top = await lensLines();
    const bottom = editor.visibleRanges[editor.visibleRanges.length - 1].end.line;
    assert.ok(top.some((line) => line <= lineOf('req-00000')), `a lens on the first request: ${top.slice(0, 5).join()}`);
    assert.ok(top.length < 200 && Math.max(...top) <= bottom + 300, `${top.length} lenses, the last on line ${Math.max(...top)}, the screen ending on ${bottom}`);
    // Jump to a request far down: its lens is given, and those of the top are not.
    const far = lineOf('req-09000');
    editor.revealRange(new vscode.Range(far, 0, far, 0), vscode.TextEditorRevealType.AtTop);
    await waitFor(`the screen to show req-09000 (line ${far})`, () => (editor.visibleRanges.some((r) => r.contains(new vscode.Position(far, 0))) ? true : undefined),
      [vscode.window.onDidChangeTextEditorVisibleRanges], { timeoutMs: 20_000, describe: () => editor.visibleRanges.map((r) => `${r.start.line}–${r.end.line}`).join() });
    const there = await lensLines();
    assert.ok(there.some((line) => line <= far && line >= far - 20), `a lens on req-09000 (line ${far}): ${there.slice(0, 5).join()}`);
    assert.ok(!there.some((line) => line <= lineOf('req-00000')), 'no lens is given for the top of the file');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  // The editor's own floors, for the figures above: VS Code's JSON mode on the same text, CodeLens and
  // completion providers that answer at once, and how long the diagnostics event takes after a bare
  // DiagnosticCollection.set (VS Code debounces it).
  test('the same 10,000 requests in VS Code\'s own JSON mode, a bare CodeLens provider and the diagnostics event alone (printed)', async () => {
    const uri = workspaceFile('ten-thousand-plain.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(generateBatch(10_000)));
    const { doc, open } = await openTimed(uri);
    const lens = await timedLenses(uri);
    assert.deepStrictEqual(lens.lenses, []);
    assert.strictEqual(doc.languageId, 'json');
    await typeIn(doc);
    const quiet = await settle();
    const { edits, completions, changes } = await typeIn(doc);
    const bare = vscode.languages.createDiagnosticCollection('bare');
    const sets: number[] = [];
    for (let k = 0; k < 5; k++) sets.push(await timedDiagnostics(uri, async () => bare.set(uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), `bare ${k}`)])));
    bare.dispose();
    const bareCompletions = await bareCompletion();
    console.log(`[timings] the same text as JSON: open → diagnostics ${open.toFixed(0)} ms; a bare CodeLens provider after diagnostics ${lensFigures(lens)}; at rest (${quiet}): edit → diagnostics ${figures(edits)} (edit → document change ${figures(changes)}), completion ${figures(completions)}; ` +
      `a bare DiagnosticCollection.set → onDidChangeDiagnostics ${figures(sets)}; a completion provider that answers at once, alone in its document ${figures(bareCompletions)}`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

/** Five completions through `executeCompletionItemProvider` in a document whose only provider answers at once: VS Code's own share of a completion. */
async function bareCompletion(): Promise<number[]> {
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'x' });
  const provider = vscode.languages.registerCompletionItemProvider({ language: 'plaintext', scheme: 'untitled' }, { provideCompletionItems: () => [new vscode.CompletionItem('bare')] });
  try {
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const started = performance.now();
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 1));
      times.push(performance.now() - started);
      assert.ok(list.items.some((i) => i.label === 'bare'), `items: ${list.items.map((i) => String(i.label)).join()}`);
    }
    return times;
  } finally {
    provider.dispose();
  }
}

/** Opens `uri` in an editor: the document, and the time until its first diagnostics. */
async function openTimed(uri: vscode.Uri): Promise<{ doc: vscode.TextDocument; open: number }> {
  let doc: vscode.TextDocument | undefined;
  const open = await timedDiagnostics(uri, async () => {
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
  });
  assert.ok(doc);
  return { doc, open };
}

/**
 * The lenses of `uri`, the first 20 resolved (more than a screen shows; the editor resolves only
 * those on screen), and how long that took. A provider that answers at once is asked beside ours:
 * the time until it is first asked is what VS Code (its window and the extension host) adds before
 * any provider runs.
 */
async function timedLenses(uri: vscode.Uri): Promise<{ lenses: vscode.CodeLens[]; total: number; asked: number }> {
  const started = performance.now();
  let asked = Number.NaN;
  const bare = vscode.languages.registerCodeLensProvider({ pattern: uri.fsPath }, {
    provideCodeLenses: () => {
      if (Number.isNaN(asked)) asked = performance.now() - started;
      return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'bare', command: '' })];
    },
  });
  try {
    const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20);
    const total = performance.now() - started;
    assert.strictEqual(all.filter((l) => l.command?.title === 'bare').length, 1, 'the bare provider was asked');
    return { lenses: all.filter((l) => l.command?.title !== 'bare'), total, asked };
  } finally {
    bare.dispose();
  }
}

function lensFigures({ total, asked }: { total: number; asked: number }): string {
  return `${total.toFixed(1)} ms (providers asked after ${asked.toFixed(1)} ms)`;
}

/**
 * Five one-character edits in the first message, each timed to its diagnostics and followed by a
 * timed completion; and the time each edit took to reach the extension host as a document change,
 * before any language server is told of it.
 */
async function typeIn(doc: vscode.TextDocument): Promise<{ edits: number[]; completions: number[]; changes: number[] }> {
  const at = doc.positionAt(doc.getText().indexOf('"content": "') + 12);
  const edits: number[] = [];
  const completions: number[] = [];
  const changes: number[] = [];
  for (let k = 0; k < 5; k++) {
    const started = performance.now();
    const changed = new Promise<number>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== doc) return;
        sub.dispose();
        resolve(performance.now() - started);
      });
    });
    edits.push(await timedDiagnostics(doc.uri, () => vscode.window.activeTextEditor!.edit((b) => b.insert(at, 'x'))));
    changes.push(await changed);
    const asked = performance.now();
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(doc.getText().indexOf('"messages"') + 1));
    completions.push(performance.now() - asked);
    assert.ok(list.items.length > 0, 'completion offers something');
  }
  return { edits, completions, changes };
}

/**
 * Waits until VS Code's window answers at once (three round trips to it under 15 ms in a row), at
 * most 20 s; says how long that took.
 */
async function settle(): Promise<string> {
  const started = performance.now();
  let quick = 0;
  for (let k = 0; quick < 3 && performance.now() - started < 20_000; k++) {
    const sent = performance.now();
    await vscode.commands.executeCommand('setContext', 'mistralBatch.e2eProbe', k);
    quick = performance.now() - sent < 15 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return `${quick < 3 ? 'not settled after' : 'settled after'} ${((performance.now() - started) / 1000).toFixed(1)} s`;
}

function figures(xs: number[]): string {
  const median = [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return `median ${median.toFixed(1)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
}
