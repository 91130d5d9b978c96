// Drives the built server (`dist/server.js --stdio`) as a real LSP client would.
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  ClientCapabilities, CodeAction, CodeActionRequest, CompletionItem, CompletionList, CompletionRequest, Diagnostic, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, Hover, LogMessageNotification, MessageType, HoverRequest, InitializeRequest, InitializedNotification, Position, ProtocolConnection,
  PublishDiagnosticsNotification, PublishDiagnosticsParams, RegistrationRequest, ShowMessageNotification, ShowMessageParams, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  TextDocumentContentChangeEvent, createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const REPO = resolve(__dirname, '../../..');
export const SERVER = resolve(REPO, 'dist/server.js');

export interface ClientOptions {
  snippets?: boolean;
  initializationOptions?: unknown;
  /** A real client's capabilities (replaces the default, which only sets `snippets`). */
  capabilities?: ClientCapabilities;
  clientInfo?: { name: string; version?: string };
  /** Added to the server's environment (e.g. MISTRAL_BATCH_CACHE_DIR). */
  env?: Record<string, string>;
  /** The workspace folder, as a file URI. */
  rootUri?: string;
}

export class LspClient {
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<{ uri: string; version: number | undefined; resolve: (d: Diagnostic[]) => void }> = [];
  readonly stderr: string[] = [];
  /** Error-level log messages from the server: a handler that threw shows up here. */
  readonly errors: string[] = [];
  /** Methods the server registered dynamically (client/registerCapability). */
  readonly registered: string[] = [];
  /** window/showMessage notifications. */
  readonly shown: ShowMessageParams[] = [];
  private exited = false;

  private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.latest.set(p.uri, p);
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri === p.uri && (w.version === undefined || p.version === w.version)) {
          this.waiters.splice(i, 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    connection.onNotification(LogMessageNotification.type, (m) => {
      if (m.type === MessageType.Error) this.errors.push(m.message);
    });
    connection.onRequest(RegistrationRequest.type, (p) => {
      this.registered.push(...p.registrations.map((r) => r.method));
      return null;
    });
    connection.onNotification(ShowMessageNotification.type, (m) => this.shown.push(m));
    process.stderr?.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    process.on('exit', () => (this.exited = true));
  }

  static async start(options: ClientOptions = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new LspClient(child, connection);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: options.capabilities ?? { textDocument: { completion: { completionItem: { snippetSupport: options.snippets ?? true } } } },
      clientInfo: options.clientInfo,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Opens a document and resolves with its first diagnostics. */
  open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const wait = this.diagnostics(uri, version);
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'mistral-batch', version, text },
    });
    return wait;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const wait = this.diagnostics(uri, version);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return wait;
  }

  diagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const r = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    if (!r) return [];
    return Array.isArray(r) ? r : (r as CompletionList).items;
  }

  async codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const r = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } });
    return (r ?? []).filter((a): a is CodeAction => 'edit' in a || 'kind' in a);
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    await this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timer = setTimeout(() => { this.process.kill(); resolve(); }, 5000);
      this.process.on('exit', () => { clearTimeout(timer); resolve(); });
    });
    this.connection.dispose();
  }
}

/** The position of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not found in the fixture`);
  return positionAtOffset(text, offset + delta);
}

export function positionAtOffset(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function offsetAtPosition(text: string, p: Position): number {
  return text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

/** The text after accepting an item, its snippet filled the way a user taking the defaults would: first choice, placeholder text. */
export function accept(text: string, item: { textEdit?: unknown; additionalTextEdits?: unknown }): string {
  type Edit = { range: { start: Position; end: Position }; newText: string };
  const edit = item.textEdit as Edit;
  const filled = edit.newText.replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
  // As a client applies them: every edit on the original text, none overlapping, last first.
  const edits = [{ ...edit, newText: filled }, ...((item.additionalTextEdits as Edit[] | undefined) ?? [])]
    .map((e) => ({ start: offsetAtPosition(text, e.range.start), end: offsetAtPosition(text, e.range.end), newText: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  return edits.reduce((out, e) => out.slice(0, e.start) + e.newText + out.slice(e.end), text);
}
