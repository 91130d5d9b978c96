// The server's CodeLenses, as given to the editor: all of them for a small file, and for a large one
// only those near the lines on screen. VS Code keeps a view zone per lens and moves every one of them
// on each keystroke, in the window's UI thread: with 10,000 requests that cost about 100 ms a key,
// and the server sent 1 MB of lenses twice per edit. The window follows the scrolling, ahead of it,
// so a lens is there before its request comes into view. Other editors get every lens.
import * as vscode from 'vscode';
import type { CodeLensMiddleware, ProvideCodeLensesSignature } from 'vscode-languageclient/node';
import type { LineSpan } from '../core/protocol';
import { linesAround, outgrown } from './lensLines';

/** Up to this many lines, a file gets all its lenses. */
const ALL_UP_TO_LINES = 2_000;

/** The server's lenses of `doc` that start on `lines` (CodeLensesOnLinesRequest). */
export type LensesOnLines = (doc: vscode.TextDocument, lines: LineSpan[], token: vscode.CancellationToken) => Promise<vscode.CodeLens[]>;

export class LensWindow implements vscode.Disposable {
  /** For each large document, the lines its lenses were last given for. */
  private readonly covered = new Map<string, LineSpan[]>();
  private readonly subscriptions: vscode.Disposable[];

  /** `moved` asks the editor for a document's lenses again. */
  constructor(private readonly onLines: LensesOnLines, private readonly moved: (doc: vscode.TextDocument) => void) {
    this.subscriptions = [
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.check(e.textEditor.document)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => new Set(editors.map((e) => e.document)).forEach((doc) => this.check(doc))),
      vscode.workspace.onDidCloseTextDocument((doc) => this.covered.delete(doc.uri.toString())),
    ];
  }

  readonly middleware: CodeLensMiddleware = {
    provideCodeLenses: (doc, token, next: ProvideCodeLensesSignature) => {
      if (doc.lineCount <= ALL_UP_TO_LINES) {
        this.covered.delete(doc.uri.toString());
        return next(doc, token);
      }
      const lines = linesAround(onScreen(doc));
      this.covered.set(doc.uri.toString(), lines);
      return this.onLines(doc, lines, token);
    },
  };

  /** Asks again once what is on screen nears the edge of the lines given lenses. */
  private check(doc: vscode.TextDocument): void {
    const given = this.covered.get(doc.uri.toString());
    if (!given || !outgrown(onScreen(doc), given, doc.lineCount - 1)) return;
    this.covered.delete(doc.uri.toString());
    this.moved(doc);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.covered.clear();
  }
}

function onScreen(doc: vscode.TextDocument): LineSpan[] {
  return vscode.window.visibleTextEditors
    .filter((e) => e.document === doc)
    .flatMap((e) => e.visibleRanges.map((r) => ({ start: r.start.line, end: r.end.line })));
}
