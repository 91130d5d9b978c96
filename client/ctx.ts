// The extension's running state: the language client and what commands need from it. Commands go
// through here so they still answer, with a clear message, while the server is down.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { CodeLensRequest, LanguageClient, NotificationType, RequestType, WorkDoneProgress, WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageclient/node';
import {
  BatchTemplate, BatchTemplatesRequest, CheckFileRequest, CheckFileResult, CheckInputFileRequest, CheckInputFileResult, CodeLensesOnLinesRequest, SubmittedRequestsParams, SubmittedRequestsRequest, SubmittedRequestsResult,
} from '../core/protocol';
import { createLanguageClient, isRunning } from './languageClient';
import { LensWindow } from './lensWindow';
import { Log } from './log';

export class Ctx implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** Handlers of server notifications, registered again on every client (restarts included). */
  private readonly listeners: ((client: LanguageClient) => vscode.Disposable)[] = [];
  private readonly stateEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeState = this.stateEmitter.event;

  private submitted: ((p: SubmittedRequestsParams) => SubmittedRequestsResult | null) | undefined;
  private readonly lenses = new LensWindow(
    async (doc, lines, token) => {
      const client = this.client;
      if (!client || !isRunning(client)) return [];
      try {
        const lenses = await client.sendRequest(CodeLensesOnLinesRequest, { textDocument: { uri: doc.uri.toString() }, lines }, token);
        return await client.protocol2CodeConverter.asCodeLenses(lenses, token);
      } catch (error) {
        // As the client's own lens request does: a cancelled or failed ask gives no lenses, and a failure is logged.
        return client.handleFailedRequest(CodeLensesOnLinesRequest, token, error, []);
      }
    },
    (doc) => this.client?.getFeature(CodeLensRequest.method).getProvider(doc)?.onDidChangeCodeLensEmitter.fire(),
  );

  constructor(readonly extension: vscode.ExtensionContext, readonly log: Log) {}

  /** How the server's question about a batch file's submission is answered, on every (re)started client. */
  answerSubmittedRequests(handler: (p: SubmittedRequestsParams) => SubmittedRequestsResult | null): void {
    this.submitted = handler;
  }

  get running(): boolean {
    return isRunning(this.client);
  }

  async start(): Promise<void> {
    const client = createLanguageClient(this.extension, this.log, this.lenses.middleware);
    this.client = client;
    client.onDidChangeState(() => this.stateEmitter.fire());
    const submitted = this.submitted;
    if (submitted) client.onRequest(SubmittedRequestsRequest, submitted);
    for (const listen of this.listeners) listen(client);
    try {
      await client.start();
    } finally {
      this.stateEmitter.fire();
    }
  }

  async restart(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    if (old) await old.dispose().catch((e: unknown) => this.log.warn(`stopping the server: ${String(e)}`));
    await this.start();
  }

  /** Counts a batch file's problems with the server's analysis; of `text` when given, of one `request` when given (see CheckFileParams). */
  async checkFile(uri: vscode.Uri, text?: string, request?: number): Promise<CheckFileResult> {
    const client = this.client;
    if (!client || !isRunning(client)) {
      throw new Error('The Mistral Batch language server is not running, so the file cannot be checked. Run "Mistral: Restart Language Server" and try again.');
    }
    return client.sendRequest(CheckFileRequest, { uri: uri.toString(), text, ...(request !== undefined ? { request } : {}) });
  }

  /** Has the server check a .jsonl input from disk, hearing its progress; cancelling `token` stops its read. */
  async checkInputFile(
    uri: vscode.Uri,
    onProgress: (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void,
    token: vscode.CancellationToken,
  ): Promise<CheckInputFileResult> {
    const client = this.client;
    if (!client || !isRunning(client)) {
      throw new Error('The Mistral Batch language server is not running, so the file cannot be checked. Run "Mistral: Restart Language Server" and try again.');
    }
    const workDoneToken = `mistralBatch.checkInputFile.${randomUUID()}`;
    const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, onProgress);
    try {
      return await client.sendRequest(CheckInputFileRequest, { uri: uri.toString(), workDoneToken }, token);
    } finally {
      listening.dispose();
    }
  }

  /** Tells the server something; dropped while it is down (it is told again when it restarts). */
  async notify<P>(type: NotificationType<P>, params: P): Promise<void> {
    if (this.client && isRunning(this.client)) await this.client.sendNotification(type, params);
  }

  /** The server's ready batch files, one per endpoint. */
  async templates(): Promise<BatchTemplate[]> {
    const client = this.client;
    if (!client || !isRunning(client)) {
      throw new Error('the language server is not running, so no template is available. Run "Mistral: Restart Language Server" and try again.');
    }
    return (await client.sendRequest(BatchTemplatesRequest, {})).templates;
  }

  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): void {
    this.listeners.push((client) => client.onNotification(type, handler));
    if (this.client) this.client.onNotification(type, handler);
  }

  /** A request to the running server; undefined while it is down. */
  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R | undefined> {
    const client = this.client;
    return client && isRunning(client) ? client.sendRequest(type, params) : undefined;
  }

  dispose(): void {
    this.stateEmitter.dispose();
    this.lenses.dispose();
    void this.client?.dispose();
  }
}
