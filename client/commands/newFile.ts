// "Mistral: New Batch File": asks for the endpoint and opens a new batch file from the server's
// template for it, the cursor in the first message. The templates come from the server's schemas.
import * as vscode from 'vscode';
import { BatchTemplate } from '../../core/protocol';
import { Ctx } from '../ctx';
import { LANGUAGE_ID } from '../languageClient';

/** `endpoint`, when given (by a test or a keybinding), skips the question. */
export function registerNewFileCommand(ctx: Ctx): vscode.Disposable {
  return vscode.commands.registerCommand('mistralBatch.newBatchFile', async (endpoint?: string) => {
    let templates: BatchTemplate[];
    try {
      templates = await ctx.templates();
    } catch (e) {
      void vscode.window.showErrorMessage(`Mistral Batch: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const chosen = typeof endpoint === 'string' ? templates.find((t) => t.endpoint === endpoint) : await pick(templates);
    if (!chosen) return undefined;
    const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    await editor.insertSnippet(new vscode.SnippetString(chosen.snippet), new vscode.Position(0, 0));
    return doc.uri;
  });
}

async function pick(templates: BatchTemplate[]): Promise<BatchTemplate | undefined> {
  const items = templates.map((t) => ({ label: t.endpoint, description: t.model, detail: t.description, template: t }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'New Batch File',
    placeHolder: 'The endpoint every request of the job is sent to',
    matchOnDetail: true,
  });
  return picked?.template;
}
