// The answers of this session's tries, beside their batch file: one read-only Markdown document per
// batch file (newest try first, earlier ones kept below so runs can be compared), and each answer's
// raw JSON one CodeLens click away. Virtual documents: nothing is written to disk.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { rawJson, renderAnswer, TryAnswer } from '../../core/try';

export const ANSWER_SCHEME = 'mistral-try';
// Streamed chunks come faster than an editor needs to redraw.
const REDRAW_MS = 50;

interface Entry {
  n: number;
  answer: TryAnswer;
  /** Why it ended without a full answer (refused by the API, cancelled, a dropped connection). */
  failure?: string;
  at: Date;
}

interface Session {
  batchName: string;
  entries: Entry[];
}

export class TryAnswers implements vscode.TextDocumentContentProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly redraws = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, this),
      vscode.languages.registerCodeLensProvider({ scheme: ANSWER_SCHEME, language: 'markdown' }, this),
    ];
  }

  /** The answers document of a batch file. */
  documentFor(batch: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${basename(batch.path)}.answers.md`, query: batch.toString() });
  }

  private rawFor(answers: vscode.Uri, n: number): vscode.Uri {
    return answers.with({ path: answers.path.replace(/\.answers\.md$/, `.try-${n}.json`) });
  }

  /** Starts a new entry (shown on top) and returns the function that updates it. */
  begin(batch: vscode.Uri, first: TryAnswer): { update(answer: TryAnswer, failure?: string): void; uri: vscode.Uri } {
    const uri = this.documentFor(batch);
    const key = uri.toString();
    let session = this.sessions.get(key);
    if (!session) this.sessions.set(key, (session = { batchName: basename(batch.path), entries: [] }));
    const entry: Entry = { n: session.entries.length + 1, answer: first, at: new Date() };
    session.entries.unshift(entry);
    this.redraw(uri, true);
    return {
      uri,
      update: (answer, failure) => {
        entry.answer = answer;
        if (failure !== undefined) entry.failure = failure;
        const final = answer.done || failure !== undefined;
        this.redraw(uri, final);
        if (final) this.changed.fire(this.rawFor(uri, entry.n));
      },
    };
  }

  private redraw(uri: vscode.Uri, now: boolean): void {
    const key = uri.toString();
    if (now) {
      clearTimeout(this.redraws.get(key));
      this.redraws.delete(key);
      this.changed.fire(uri);
      this.lensesChanged.fire();
      return;
    }
    if (this.redraws.has(key)) return;
    this.redraws.set(key, setTimeout(() => {
      this.redraws.delete(key);
      this.changed.fire(uri);
    }, REDRAW_MS));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const raw = /\.try-(\d+)\.json$/.exec(uri.path);
    const session = this.sessions.get(raw ? uri.with({ path: uri.path.replace(/\.try-\d+\.json$/, '.answers.md') }).toString() : uri.toString());
    if (raw) {
      const entry = session?.entries.find((e) => e.n === Number(raw[1]));
      return entry ? rawJson(entry.answer) : 'null';
    }
    if (!session) return 'No request was tried from this file in this window yet.';
    const header = `# Tries of ${session.batchName}\n\n_In this window, newest first. Each try was a real, billed API call._\n\n`;
    return header + session.entries.map((e) => this.render(e)).join('\n---\n\n');
  }

  private render(e: Entry): string {
    const time = e.at.toLocaleTimeString();
    const heading = `## Try ${e.n} · ${e.answer.label} · \`${e.answer.endpoint}\` · ${time}`;
    if (e.answer.raw === undefined && e.failure === undefined) return `${heading}\n\n_Waiting for the answer…_\n`;
    const text = renderAnswer(e.answer, heading);
    return e.failure === undefined ? text : `${text}\n> **Not completed:** ${e.failure}\n`;
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (let line = 0; line < doc.lineCount; line++) {
      const m = /^## Try (\d+) · /.exec(doc.lineAt(line).text);
      if (!m) continue;
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(new vscode.CodeLens(range, { title: '{ } Raw JSON', command: 'vscode.open', arguments: [this.rawFor(doc.uri, Number(m[1])), { viewColumn: vscode.ViewColumn.Active }] }));
    }
    return lenses;
  }

  dispose(): void {
    for (const t of this.redraws.values()) clearTimeout(t);
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
    this.lensesChanged.dispose();
  }
}
