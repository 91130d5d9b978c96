// The language client's lifecycle: start, crash policy, restart. No validation logic lives here.
import * as vscode from 'vscode';
import {
  CloseAction,
  CloseHandlerResult,
  CodeLensMiddleware,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  Message,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { BATCH_INPUT_LANGUAGE_ID } from '../core/protocol';
import { InitializationOptions, SERVER_SETTING_SECTIONS, serverSettingsOf } from '../core/settings';
import { SECTION } from './config';
import { Log } from './log';
import { RESULTS_GLOB, RESULTS_SELECTOR } from './results/selector';

export const LANGUAGE_ID = 'mistral-batch';

/** How many crashes within the window are restarted before giving up. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** `lenses` decides which of the server's CodeLenses the editor is given (lensWindow.ts). */
export function createLanguageClient(context: vscode.ExtensionContext, log: Log, lenses: CodeLensMiddleware): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const batchFiles = vscode.workspace.createFileSystemWatcher('**/*.batch.json');
  context.subscriptions.push(batchFiles);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }, { language: BATCH_INPUT_LANGUAGE_ID }, ...RESULTS_SELECTOR],
    outputChannel: log.channel,
    // Only the server's own settings cross over: the trace shows every message, and a key pasted into
    // mistralBatch.baseUrl must not appear there.
    // Results files are joined onto requests; batch files edited outside the editor may name .jsonl inputs anew.
    synchronize: { configurationSection: SERVER_SETTING_SECTIONS, fileEvents: [vscode.workspace.createFileSystemWatcher(RESULTS_GLOB), batchFiles] },
    initializationOptions: { submittedRequests: true } satisfies InitializationOptions,
    middleware: {
      ...lenses,
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          return Array.isArray(result) ? result.map((value, i) => (params.items[i]?.section === SECTION ? serverSettingsOf(value) : value)) : result;
        },
      },
    },
    errorHandler: new CrashPolicy(log),
    initializationFailedHandler: (error) => {
      log.error(`The Mistral Batch language server failed to start: ${String(error)}`);
      return false;
    },
  };
  return new LanguageClient('mistralBatch', 'Mistral Batch Language Server', serverOptions, clientOptions);
}

class CrashPolicy implements ErrorHandler {
  private readonly crashes: number[] = [];

  constructor(private readonly log: Log) {}

  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length <= MAX_RESTARTS) {
      this.log.warn(`The language server stopped unexpectedly; restarting (${this.crashes.length} of ${MAX_RESTARTS}).`);
      return { action: CloseAction.Restart };
    }
    const message = `The Mistral Batch language server stopped ${this.crashes.length} times in 3 minutes and will not be restarted. The output shows why; "Mistral: Restart Language Server" tries again.`;
    this.log.error(message);
    return { action: CloseAction.DoNotRestart, message };
  }
}

export function isRunning(client: LanguageClient | undefined): boolean {
  return client?.state === State.Running;
}
