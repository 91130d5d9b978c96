// A lone CR in VS Code: it is a line break there, and VS Code turns it into the file's end of line
// when it opens the file, so the server (for which a lone CR is no break, as in Neovim, Helix and
// Emacs) still puts problems on the lines VS Code shows.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { diagnosticsAfter, formatDiagnostics, lineOf, waitForActivation, workspaceFile } from './helpers';

suite('Line breaks', () => {
  test('a lone CR is a line break in VS Code, normalized on open, and problems land on the lines shown', async () => {
    const uri = workspaceFile('lone-cr.batch.json');
    const text = '{\n  "model": "mistral-embed",\r  "timeout_hours": 0,\n  "endpoint": "/v1/embeddings",\n  "requests": []\n}\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    let doc: vscode.TextDocument | undefined;
    const diags = await diagnosticsAfter(
      uri,
      async () => {
        doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc, { preview: false });
        // Opening a batch file is what activates the extension.
        await waitForActivation();
      },
      (d) => d.some((x) => /168/.test(x.message)),
      'the timeout_hours problem',
    );
    assert.ok(doc);
    assert.equal(doc.lineCount, 7, 'VS Code breaks the line at the lone CR');
    assert.ok(!/\r(?!\n)/.test(doc.getText()), 'and no lone CR is left in the text it sends');
    const timeout = diags.find((x) => /168/.test(x.message));
    assert.equal(timeout?.range.start.line, lineOf(doc, '"timeout_hours"'), formatDiagnostics(diags));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
