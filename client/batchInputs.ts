// Batch inputs (.jsonl) in the editor: a `.jsonl` file the server recognises as a batch input is
// switched to the batch-input language, and a language status item shows the endpoint its lines
// are checked against and where it came from, with a quick pick to choose one (remembered per file).
import * as vscode from 'vscode';
import {
  BATCH_INPUT_LANGUAGE_ID, EndpointChoiceNotification, InputEndpointNotification, InputEndpointParams, InputKindRequest,
} from '../core/protocol';
import { Ctx } from './ctx';

const CHOICES_KEY = 'mistralBatch.inputEndpoints';
/** Enough text for the first non-empty line of any reasonable file; a longer one is judged by its start. */
const HEAD_CHARS = 64 * 1024;

/** What the status item shows, for the integration tests (see exports.ts). */
export interface BatchInputStatus {
  text: string;
  detail: string | undefined;
}

export function registerBatchInputs(ctx: Ctx, state: vscode.Memento): { disposables: vscode.Disposable[]; status: () => BatchInputStatus; onDidChange: vscode.Event<void> } {
  const changed = new vscode.EventEmitter<void>();
  const statuses = new Map<string, InputEndpointParams>();
  const choices = (): Record<string, string> => state.get<Record<string, string>>(CHOICES_KEY, {});
  const item = vscode.languages.createLanguageStatusItem('mistralBatch.inputEndpoint', { language: BATCH_INPUT_LANGUAGE_ID });
  item.name = 'Batch Input Endpoint';
  item.command = { title: 'Choose Endpoint', command: 'mistralBatch.chooseInputEndpoint' };

  const show = () => {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const status = uri === undefined ? undefined : statuses.get(uri);
    const { text, detail, warn } = describe(status);
    item.text = text;
    item.detail = detail;
    item.severity = warn ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    changed.fire();
  };
  show();

  ctx.onNotification(InputEndpointNotification, (status) => {
    statuses.set(status.uri, status);
    show();
  });

  // Remembered choices reach every server that starts, restarts included.
  const sendChoices = () => {
    if (!ctx.running) return;
    for (const [uri, endpoint] of Object.entries(choices())) void ctx.notify(EndpointChoiceNotification, { uri, endpoint });
  };
  sendChoices();

  const asked = new Set<string>();
  const consider = async (doc: vscode.TextDocument) => {
    const uri = doc.uri.toString();
    if (doc.languageId === BATCH_INPUT_LANGUAGE_ID || !/\.jsonl$/i.test(doc.uri.path) || asked.has(uri)) return;
    // Asked once per file: if the user sets another language afterwards, that stays.
    asked.add(uri);
    const head = doc.getText(new vscode.Range(doc.positionAt(0), doc.positionAt(HEAD_CHARS)));
    const answer = await ctx.request(InputKindRequest, { uri, head }).catch(() => undefined);
    if (answer === undefined) asked.delete(uri);
    else if (answer.batchInput && !doc.isClosed) await vscode.languages.setTextDocumentLanguage(doc, BATCH_INPUT_LANGUAGE_ID);
  };
  const considerAll = () => {
    if (ctx.running) for (const doc of vscode.workspace.textDocuments) void consider(doc);
  };
  considerAll();

  const choose = vscode.commands.registerCommand('mistralBatch.chooseInputEndpoint', async () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== BATCH_INPUT_LANGUAGE_ID) {
      void vscode.window.showInformationMessage('Open a batch input file (.jsonl) to choose the endpoint its lines are checked against.');
      return;
    }
    const uri = doc.uri.toString();
    const status = statuses.get(uri);
    if (!status) {
      void vscode.window.showWarningMessage('The language server has not checked this file yet (is it running?). Try again in a moment.');
      return;
    }
    const forget = 'Forget my choice';
    const picks: vscode.QuickPickItem[] = status.endpoints.map((e) => ({ label: e, description: e === status.endpoint ? sourceWords(status) : undefined }));
    if (choices()[uri] !== undefined) picks.push({ label: forget, description: 'go back to what the bodies show' });
    const placeHolder = status.source === 'batch-file' && status.batchFile
      ? `${baseName(status.batchFile)} sets the endpoint of this file; a choice here applies only when no batch file names it`
      : 'The endpoint whose body schema every line is checked against';
    const picked = await vscode.window.showQuickPick(picks, { placeHolder, title: 'Endpoint for this batch input' });
    if (!picked) return;
    const next = { ...choices() };
    if (picked.label === forget) delete next[uri];
    else next[uri] = picked.label;
    await state.update(CHOICES_KEY, next);
    void ctx.notify(EndpointChoiceNotification, { uri, endpoint: next[uri] ?? null });
  });

  const disposables = [
    item,
    changed,
    choose,
    vscode.workspace.onDidOpenTextDocument((doc) => void consider(doc)),
    vscode.window.onDidChangeActiveTextEditor(show),
    ctx.onDidChangeState(() => {
      if (!ctx.running) return;
      sendChoices();
      considerAll();
    }),
  ];
  return { disposables, status: () => ({ text: item.text, detail: item.detail }), onDidChange: changed.event };
}

function describe(status: InputEndpointParams | undefined): { text: string; detail: string; warn: boolean } {
  if (!status) return { text: 'Batch input', detail: 'waiting for the language server', warn: false };
  if (status.endpoint === undefined) return { text: 'No endpoint', detail: 'the bodies do not show one: click to choose', warn: true };
  const detail = status.conflict ?? sourceWords(status);
  return { text: status.endpoint, detail, warn: status.conflict !== undefined };
}

/** Where the endpoint came from, in words (also for "Check Batch Input File"). */
export function sourceWords(status: InputEndpointParams): string {
  switch (status.source) {
    case 'batch-file': return `from ${status.batchFile ? baseName(status.batchFile) : 'the batch file naming this input'}`;
    case 'choice': return 'your choice for this file';
    case 'inferred': return status.because ? `inferred: ${status.because}` : 'inferred from the bodies';
    case 'none': return 'none';
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
