// "Mistral: Try Request": one request of a batch file sent as an ordinary call (core/try), its answer
// shown beside the file as it streams. From the server's CodeLens (which names the request) or from
// the palette (the request under the cursor, which the server names as its lens would: the client parses nothing).
// The check is the language server's; the key is the one Submit uses.
import * as vscode from 'vscode';
import { ApiError, ApiErrorKind } from '../../core/api';
import { TRY_REQUEST_COMMAND, TryRequestArgs, TryTargetRequest } from '../../core/protocol';
import { batchTarget, checkAndTry, pathInBatchFile, TryAnswer, TryError, TryTarget } from '../../core/try';
import { ApiAccess } from '../apiAccess';
import { ApiDiagnostics } from '../apiDiagnostics';
import { Ctx } from '../ctx';
import { showFailure } from '../errors';
import { TryAnswers } from '../try/answers';

/** Remembered per workspace once the user accepted that a Try is a billed call. */
const COST_ACCEPTED = 'mistralBatch.tryCostAccepted';

export interface TryCommandOptions {
  /** Answers the first-Try cost question without asking (tests). */
  confirmed?: boolean;
}

export type TryOutcome =
  | { outcome: 'answered'; answers: string; answer: TryAnswer }
  /** Nothing was sent: errors, no request there, an untrusted workspace. */
  | { outcome: 'refused'; message: string }
  | { outcome: 'declined'; message: string }
  | { outcome: 'cancelled'; message: string; answers?: string }
  | { outcome: 'failed'; message: string; kind?: ApiErrorKind; answers?: string };

export interface TryDeps {
  ctx: Ctx;
  access: ApiAccess;
  diagnostics: ApiDiagnostics;
}

export function registerTryCommand(deps: TryDeps): vscode.Disposable[] {
  const answers = new TryAnswers();
  const command = vscode.commands.registerCommand(TRY_REQUEST_COMMAND, (args?: unknown, options?: unknown) => {
    const confirmed = typeof options === 'object' && options !== null && (options as TryCommandOptions).confirmed === true;
    return tryCommand(deps, answers, isArgs(args) ? args : undefined, confirmed);
  });
  return [answers, command];
}

function isArgs(v: unknown): v is TryRequestArgs {
  return typeof v === 'object' && v !== null && typeof (v as TryRequestArgs).uri === 'string' && typeof (v as TryRequestArgs).index === 'number';
}

function refuse(message: string): TryOutcome {
  void vscode.window.showWarningMessage(message);
  return { outcome: 'refused', message };
}

async function tryCommand(deps: TryDeps, answers: TryAnswers, args: TryRequestArgs | undefined, confirmed: boolean): Promise<TryOutcome> {
  const { ctx, access } = deps;
  if (!vscode.workspace.isTrusted) {
    return refuse('Trying requests is disabled in an untrusted workspace, because its settings decide where the API key is sent. Trust the workspace ("Workspaces: Manage Workspace Trust") to try them.');
  }
  const picked = args ?? (await requestUnderCursor(ctx));
  if (typeof picked === 'string') return refuse(picked);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(picked.uri));

  // The text in the editor, unsaved edits included, is what is checked and sent.
  const text = doc.getText();
  let target: TryTarget;
  try {
    target = batchTarget(text, { index: picked.index });
    // Edits since the lens was drawn may have moved the request: its custom_id finds it again.
    if (picked.customId !== undefined && target.customId !== picked.customId) target = batchTarget(text, { customId: picked.customId });
  } catch (err) {
    if (err instanceof TryError) return refuse(err.message);
    throw err;
  }
  let client: ReturnType<ApiAccess['promptingClient']>;
  try {
    client = access.promptingClient();
  } catch (err) {
    showFailure(err, ctx.log);
    return { outcome: 'failed', message: err instanceof Error ? err.message : String(err), kind: err instanceof ApiError ? err.kind : undefined };
  }

  let entry: ReturnType<TryAnswers['begin']> | undefined;
  let latest: TryAnswer | undefined;
  const show = (answer: TryAnswer) => {
    latest = answer;
    if (entry) return entry.update(answer);
    entry = answers.begin(doc.uri, answer);
    void vscode.window.showTextDocument(entry.uri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  };
  ctx.log.info(`Trying ${target.label} of ${doc.uri.fsPath || doc.uri.toString()} against ${client.api.baseUrl}${target.job.endpoint}.`);
  try {
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Trying ${target.label}`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await checkAndTry(target, {
            api: client.api,
            checker: { check: (t) => ctx.checkFile(doc.uri, text, t.index) },
            confirm: () => acceptCost(ctx.extension.workspaceState, access.baseUrl(), confirmed),
            signal: abort.signal,
            onUpdate: show,
          });
        } finally {
          sub.dispose();
        }
      },
    );
    show(answer);
    ctx.log.info(`${target.label} answered in ${answer.latencyMs} ms.`);
    return { outcome: 'answered', answers: entry!.uri.toString(), answer };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof TryError && err.kind === 'declined') {
      ctx.log.info(message);
      return { outcome: 'declined', message };
    }
    if (err instanceof TryError) {
      ctx.log.info(message);
      void vscode.window.showErrorMessage(message, 'Show Problems').then((c) => (c ? vscode.commands.executeCommand('workbench.actions.view.problems') : undefined));
      return { outcome: 'refused', message };
    }
    if (client.declined()) {
      const declined = 'No Mistral API key was given, so nothing was tried. "Mistral: Set API Key" stores one.';
      void vscode.window.showInformationMessage(declined);
      return { outcome: 'declined', message: declined };
    }
    // What came before the failure stays in the answers, marked as not completed.
    if (latest && entry) entry.update(latest, message);
    if (err instanceof ApiError && err.kind === 'cancelled') {
      ctx.log.info(message);
      return { outcome: 'cancelled', message, answers: entry?.uri.toString() };
    }
    // A 422 names fields of the body: shown on the request's own lines, as Submit shows a job's.
    if (err instanceof ApiError && err.problems.length > 0) {
      deps.diagnostics.showApiProblems(doc.uri, text, err.problems.map((p) => ({ ...p, path: pathInBatchFile(target, p.path) })));
    }
    showFailure(err, ctx.log);
    return { outcome: 'failed', message, kind: err instanceof ApiError ? err.kind : undefined, answers: entry?.uri.toString() };
  }
}

/** The request under the cursor, as the server's Try lens names it, or why there is none. */
async function requestUnderCursor(ctx: Ctx): Promise<TryRequestArgs | string> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return 'Open a batch file and put the cursor in a request, then run "Mistral: Try Request".';
  const { line, character } = editor.selection.active;
  const args = await ctx.request(TryTargetRequest, { uri: editor.document.uri.toString(), position: { line, character } });
  return args ?? 'Put the cursor inside a request of "requests" to try it (the job\'s endpoint must be one that can be called directly).';
}

/** The first Try of a workspace says it is a billed call and asks, once. */
async function acceptCost(state: vscode.Memento, baseUrl: string | undefined, confirmed: boolean): Promise<boolean> {
  if (confirmed || state.get<boolean>(COST_ACCEPTED) === true) return true;
  const go = 'Try It';
  const choice = await vscode.window.showWarningMessage(
    'Trying a request sends it now as an ordinary API call, which is billed like any call (at the normal price, not the batch price).',
    { modal: true, detail: `It goes to ${baseUrl ?? 'the configured API address'} with your API key. This is asked once per workspace.` },
    go,
  );
  if (choice !== go) return false;
  await state.update(COST_ACCEPTED, true);
  return true;
}
