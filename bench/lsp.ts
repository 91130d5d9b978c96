// Ours end to end: a real `node dist/server.js --stdio` process driven over LSP, timed from the
// notification or request leaving the client to the answer arriving (publishDiagnostics of the
// matching version, or the response). Includes JSON-RPC framing and the pipe, as an editor sees it.
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  CodeLens, CodeLensResolveRequest, CompletionList, CompletionRequest, Diagnostic, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification, DocumentSymbolRequest, ExitNotification, FoldingRangeRequest, HoverRequest, InitializeRequest, InitializedNotification, Position, Range,
  ProtocolConnection, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeLensesOnLinesRequest } from '../core/protocol';
import { totalsLensUri } from '../server/models/codeLens';
import { generateBatch, spotsIn } from './generate';
import { Plan, Stats, interleave, timeAsync } from './measure';
import { REPO } from './subjects';

export const SERVER = join(REPO, 'dist', 'server.js');

export class Client {
  private readonly waiters: Array<{ uri: string; version: number; resolve: (d: Diagnostic[]) => void }> = [];

  private constructor(readonly child: ChildProcess, readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      for (let i = this.waiters.length - 1; i >= 0; i--) {
        const w = this.waiters[i];
        if (w.uri === p.uri && p.version === w.version) {
          this.waiters.splice(i, 1);
          w.resolve(p.diagnostics);
        }
      }
    });
  }

  static async start(): Promise<{ client: Client; startMs: number }> {
    const t0 = performance.now();
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const client = new Client(child, connection);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true } } } },
      initializationOptions: { maxProblems: 1000 },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return { client, startMs: performance.now() - t0 };
  }

  diagnostics(uri: string, version: number): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  open(uri: string, text: string, version: number): Promise<Diagnostic[]> {
    const wait = this.diagnostics(uri, version);
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'mistral-batch', version, text } });
    return wait;
  }

  change(uri: string, version: number, range: Range, text: string): Promise<Diagnostic[]> {
    const wait = this.diagnostics(uri, version);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return wait;
  }

  close(uri: string): void {
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async completion(uri: string, position: Position): Promise<number> {
    const r = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    if (!r) return 0;
    return Array.isArray(r) ? r.length : (r as CompletionList).items.length;
  }

  async hover(uri: string, position: Position): Promise<boolean> {
    return (await this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position })) !== null;
  }

  /**
   * What VS Code asks together once a file is open: the outline and folding (it asks twice), then
   * the lenses near the top of the screen and their resolves. How long the requests' Try lenses take,
   * from asking for them to the last resolved; the totals lens is left out (it waits for a count by
   * design, codeLens.ts).
   */
  async lensesBehindStructure(uri: string): Promise<{ ms: number; resolved: number }> {
    const doc = { textDocument: { uri } };
    const behind = [
      this.connection.sendRequest(DocumentSymbolRequest.type, doc),
      this.connection.sendRequest(FoldingRangeRequest.type, doc),
      this.connection.sendRequest(FoldingRangeRequest.type, doc),
    ];
    const t0 = performance.now();
    const lenses: CodeLens[] = await this.connection.sendRequest(CodeLensesOnLinesRequest, { ...doc, lines: [{ start: 0, end: 350 }] });
    const resolved = await Promise.all(lenses.filter((l) => !l.command && totalsLensUri(l) === undefined).map((l) => this.connection.sendRequest(CodeLensResolveRequest.type, l)));
    const ms = performance.now() - t0;
    await Promise.all(behind);
    return { ms, resolved: resolved.filter((l) => l.command).length };
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await this.connection.sendNotification(ExitNotification.type).catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill();
        resolve();
      }, 5000);
      this.child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.connection.dispose();
  }
}

export interface LspSizeResult {
  requests: number;
  times: Record<string, Stats>;
  invalidPublished: number;
  invalidFinal: string | undefined;
  completionItems: number;
  /** Try lenses resolved in each round of `lenses`. */
  lensesResolved: number;
}

export interface LspResult {
  /** spawn → initialize answered. */
  startMs: number;
  /** The first didOpen after start (schemas load and compile on first use), smallest size. */
  coldOpenMs: number;
  sizes: LspSizeResult[];
}

export async function runLsp(sizes: Array<{ requests: number; plan: Plan }>, log: (m: string) => void): Promise<LspResult> {
  const { client, startMs } = await Client.start();
  try {
    let serial = 0;
    const first = generateBatch(sizes[0].requests);
    const [, coldOpenMs] = await timeAsync(() => client.open('file:///bench/cold.batch.json', first, 1));
    client.close('file:///bench/cold.batch.json');
    const out: LspResult = { startMs, coldOpenMs, sizes: [] };
    for (const { requests, plan } of sizes) {
      log(`  lsp ${requests}`);
      const text = generateBatch(requests);
      const invalidText = generateBatch(requests, { invalid: true });
      const spots = spotsIn(text, requests >> 1);
      const times: Record<string, Stats> = {};
      const put = (prefix: string, r: Record<string, Stats>) => {
        for (const [k, v] of Object.entries(r)) times[`${prefix}.${k}`] = v;
      };

      put('open', await interleave({
        lsp: async () => {
          const uri = `file:///bench/open-${serial++}.batch.json`;
          const t0 = performance.now();
          const d = await client.open(uri, text, 1);
          const elapsed = performance.now() - t0;
          client.close(uri);
          if (d.length !== 0) throw new Error(`bench: the server reports ${d.length} problems on the valid input: ${d[0].message}`);
          return { lsp: elapsed };
        },
      }, plan));

      const uri = `file:///bench/edit-${serial++}.batch.json`;
      let version = 1;
      await client.open(uri, text, version);
      // Positions from the text as opened: the edits only type and delete one character on one line,
      // after the completion and hover spots, so no client-side copy of the text has to be kept up to
      // date (which would put a client-side 7 MB copy inside the timed window).
      const original = TextDocument.create(uri, 'mistral-batch', 1, text);
      const editAt = original.positionAt(spots.edit);
      const edit = (round: number) => {
        version++;
        const range = round % 2 === 0 ? { start: editAt, end: editAt } : { start: editAt, end: { line: editAt.line, character: editAt.character + 1 } };
        return client.change(uri, version, range, round % 2 === 0 ? 'x' : '');
      };
      put('edit', await interleave({
        lsp: async (round) => {
          const [d, ms] = await timeAsync(() => edit(round));
          if (d.length !== 0) throw new Error(`bench: the server reports ${d.length} problems after an edit: ${d[0].message}`);
          return { lsp: ms };
        },
      }, plan));

      let completionItems = 0;
      const completionAt = original.positionAt(spots.completion);
      put('completion', await interleave({
        // didChange immediately followed by a completion request, as when typing: time to the completion answer.
        lsp: async (round) => {
          const t0 = performance.now();
          const published = edit(round);
          completionItems = await client.completion(uri, completionAt);
          const withEdit = performance.now() - t0;
          await published;
          // And the same request once the server is idle.
          const [, alone] = await timeAsync(() => client.completion(uri, completionAt));
          return { lsp: alone, 'lsp.withEdit': withEdit };
        },
      }, plan));
      const hoverAt = original.positionAt(spots.hover);
      put('hover', await interleave({
        lsp: async () => {
          if (!(await client.hover(uri, hoverAt))) throw new Error('bench: no hover from the server');
        },
      }, plan));
      client.close(uri);

      let lensesResolved = 0;
      put('lenses', await interleave({
        lsp: async () => {
          const u = `file:///bench/lenses-${serial++}.batch.json`;
          await client.open(u, text, 1);
          const { ms, resolved } = await client.lensesBehindStructure(u);
          client.close(u);
          lensesResolved = resolved;
          if (resolved === 0) throw new Error('bench: no Try lens was resolved');
          return { lsp: ms };
        },
      }, plan));

      let invalidPublished = 0;
      let invalidFinal: string | undefined;
      put('invalid', await interleave({
        lsp: async () => {
          const u = `file:///bench/invalid-${serial++}.batch.json`;
          const t0 = performance.now();
          const d = await client.open(u, invalidText, 1);
          const elapsed = performance.now() - t0;
          client.close(u);
          invalidPublished = d.length;
          const last = d[d.length - 1];
          invalidFinal = last?.code === 'too-many-problems' ? last.message : undefined;
          return { lsp: elapsed };
        },
      }, plan));
      out.sizes.push({ requests, times, invalidPublished, invalidFinal, completionItems, lensesResolved });
    }
    return out;
  } finally {
    await client.stop();
  }
}
