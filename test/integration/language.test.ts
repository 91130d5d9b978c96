// The language server's features as a user meets them in the editor: problems on the right lines,
// completion of endpoints and body fields, and hovers that explain a field.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  diagnosticsAfter,
  formatDiagnostics,
  hoverText,
  labelText,
  lineOf,
  openFixture,
  positionAfter,
  waitForActivation,
  workspaceFile,
} from './helpers';

interface Expected {
  /** Text on the line the problem must be on. */
  line: string;
  /** Which occurrence of that text (0 = the first). */
  occurrence?: number;
  severity: vscode.DiagnosticSeverity;
  message: RegExp;
}

const BROKEN: Expected[] = [
  { line: '"timeout_hours": 0', severity: vscode.DiagnosticSeverity.Error, message: /168/ },
  { line: '"role": "usr"', severity: vscode.DiagnosticSeverity.Error, message: /usr/ },
  { line: '"custom_id": "greeting"', occurrence: 1, severity: vscode.DiagnosticSeverity.Warning, message: /greeting|custom_id/ },
  { line: '"temprature"', severity: vscode.DiagnosticSeverity.Error, message: /temprature/ },
];

function expectedLine(doc: vscode.TextDocument, e: Expected): number {
  let line = -1;
  for (let i = 0; i <= (e.occurrence ?? 0); i++) line = lineOf(doc, e.line, line);
  return line;
}

suite('Language features', () => {
  suiteSetup(async () => {
    await openFixture('good.batch.json');
    await waitForActivation();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  suite('Diagnostics', () => {
    test('a broken file shows each expected problem on its line, and nothing else', async () => {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('broken.batch.json'));
      const lines = BROKEN.map((e) => expectedLine(doc, e));
      const diags = await diagnosticsAfter(
        doc.uri,
        () => vscode.window.showTextDocument(doc),
        (d) => lines.every((l) => d.some((x) => x.range.start.line === l)),
        `problems on lines ${lines.map((l) => l + 1).join(', ')} of broken.batch.json`,
        { fresh: false },
      );

      BROKEN.forEach((e, i) => {
        const onLine = diags.filter((d) => d.range.start.line === lines[i]);
        const match = onLine.find((d) => d.severity === e.severity && e.message.test(d.message));
        assert.ok(
          match,
          `line ${lines[i] + 1} (${e.line}): expected severity ${vscode.DiagnosticSeverity[e.severity]} with a message matching ${e.message}; ` +
            `found ${formatDiagnostics(onLine)}`,
        );
        assert.ok(!/instance does not match/i.test(match.message), `unreadable message: ${match.message}`);
      });
      const unexpected = diags.filter((d) => !lines.includes(d.range.start.line));
      assert.deepStrictEqual(formatDiagnostics(unexpected), formatDiagnostics([]), 'problems on lines where none was expected');
    });

    test('a good file shows no problems, and the server does check it', async () => {
      const editor = await openFixture('good.batch.json');
      const doc = editor.document;
      // Break the file, see a problem appear, mend it, see the problems go: this proves the
      // server looked at this very document, whatever was published before.
      const brokenAt = positionAfter(doc, '"timeout_hours": ');
      const original = doc.lineAt(brokenAt.line).text;
      const appeared = await diagnosticsAfter(
        doc.uri,
        () => editor.edit((b) => b.insert(brokenAt, '-')),
        (d) => d.length > 0,
        'a problem after setting timeout_hours to -24',
      );
      assert.ok(appeared.some((d) => d.range.start.line === brokenAt.line), `problem not on the edited line: ${formatDiagnostics(appeared)}`);
      const cleared = await diagnosticsAfter(
        doc.uri,
        () => editor.edit((b) => b.delete(new vscode.Range(brokenAt, brokenAt.translate(0, 1)))),
        (d) => d.length === 0,
        'the problems of good.batch.json to clear',
      );
      assert.strictEqual(doc.lineAt(brokenAt.line).text, original);
      assert.deepStrictEqual(cleared, []);
    });

    test('a job reading a local .jsonl file shows no problems', async () => {
      const editor = await openFixture('from-file.batch.json');
      const doc = editor.document;
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const cleared = await diagnosticsAfter(
        doc.uri,
        () => editor.edit((b) => b.insert(end, '\n')),
        () => true,
        'diagnostics for from-file.batch.json',
      );
      assert.strictEqual(formatDiagnostics(cleared), formatDiagnostics([]));
    });
  });

  suite('Completion', () => {
    test('the endpoint value offers the batch endpoints', async () => {
      const editor = await openFixture('completion.batch.json');
      const pos = positionAfter(editor.document, '"endpoint": "');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
      const labels = list.items.map(labelText);
      for (const endpoint of ['/v1/chat/completions', '/v1/embeddings', '/v1/fim/completions', '/v1/ocr']) {
        assert.ok(labels.includes(endpoint), `completion at the endpoint value lacks ${endpoint}; offered: ${labels.join(', ')}`);
      }
    });

    test('an empty chat body offers the chat body fields', async () => {
      const editor = await openFixture('completion.batch.json');
      const pos = positionAfter(editor.document, '"body": {', 1);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
      const labels = list.items.map(labelText);
      for (const field of ['messages', 'temperature', 'max_tokens']) {
        assert.ok(labels.includes(field), `completion inside the chat body lacks ${field}; offered: ${labels.join(', ')}`);
      }
      assert.ok(!labels.includes('custom_id'), 'a request-level field is offered inside the body');
      assert.ok(!labels.includes('input'), 'an embeddings field is offered inside a chat body');
    });
  });

  suite('Hover', () => {
    test('hovering timeout_hours explains it, with its limits', async () => {
      const editor = await openFixture('good.batch.json');
      const pos = positionAfter(editor.document, '"timeout_', 0);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      const text = hoverText(hovers);
      assert.ok(/hour/i.test(text), `hover on timeout_hours does not explain it: ${JSON.stringify(text)}`);
      assert.ok(/168/.test(text), `hover on timeout_hours does not give its maximum (168): ${JSON.stringify(text)}`);
    });
  });
});
