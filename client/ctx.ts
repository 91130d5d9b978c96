// The extension's running state: the language client and what commands need from it. Commands go
// through here so they still answer, with a clear message, while the server is down.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { BatchTemplate, BatchTemplatesRequest, CheckFileRequest, CheckFileResult } from '../core/protocol';
import { createLanguageClient, isRunning } from './languageClient';
import { Log } from './log';

export class Ctx implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly stateEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeState = this.stateEmitter.event;

  constructor(readonly extension: vscode.ExtensionContext, readonly log: Log) {}

  get running(): boolean {
    return isRunning(this.client);
  }

  async start(): Promise<void> {
    const client = createLanguageClient(this.extension, this.log);
    this.client = client;
    client.onDidChangeState(() => this.stateEmitter.fire());
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

  /** Counts a batch file's problems with the server's analysis; of `text` when given (see CheckFileParams). */
  async checkFile(uri: vscode.Uri, text?: string): Promise<CheckFileResult> {
    const client = this.client;
    if (!client || !isRunning(client)) {
      throw new Error('The Mistral Batch language server is not running, so the file cannot be checked. Run "Mistral: Restart Language Server" and try again.');
    }
    return client.sendRequest(CheckFileRequest, { uri: uri.toString(), text });
  }

  /** The server's ready batch files, one per endpoint. */
  async templates(): Promise<BatchTemplate[]> {
    const client = this.client;
    if (!client || !isRunning(client)) {
      throw new Error('the language server is not running, so no template is available. Run "Mistral: Restart Language Server" and try again.');
    }
    return (await client.sendRequest(BatchTemplatesRequest, {})).templates;
  }

  dispose(): void {
    this.stateEmitter.dispose();
    void this.client?.dispose();
  }
}
