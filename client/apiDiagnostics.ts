// Problems found by the API (a 422) or by submission itself (a missing input file), shown on the batch
// file's lines in their own collection, apart from the language server's. They describe one attempt,
// so they go at the next edit of the file or the next submission.
import * as vscode from 'vscode';
import type { ValidationProblem } from '../core/api';
import { locateJsonPath, TextRange } from '../core/submit';

export class ApiDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('Mistral API');
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
    });
  }

  /** The API's field complaints, each on the line its path points at (or its nearest parent). */
  showApiProblems(uri: vscode.Uri, text: string, problems: readonly ValidationProblem[]): void {
    this.collection.set(uri, problems.map((p) => {
      const where = p.path.length > 0 ? ` (at ${p.path.join('.')})` : '';
      return diagnostic(locateJsonPath(text, p.path), `The API rejected this: ${p.message}${where}`, 'Mistral API');
    }));
  }

  /** One submission refusal about a place in the file, e.g. an input file that does not exist. */
  showAt(uri: vscode.Uri, text: string, path: ReadonlyArray<string | number>, message: string): void {
    this.collection.set(uri, [diagnostic(locateJsonPath(text, path), message, 'Mistral Batch submit')]);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}

function diagnostic(range: TextRange, message: string, source: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(
    new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character),
    message,
    vscode.DiagnosticSeverity.Error,
  );
  d.source = source;
  return d;
}
