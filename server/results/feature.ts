// The results join wired into the server: which documents are results files, where a batch file's
// results are, what the client says was submitted, and the LSP handlers that only the join answers
// (inlay hints, definition, watched files). Hover and diagnostics are merged in by server.ts.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Connection, Diagnostic, Hover, InitializeParams, ServerCapabilities } from 'vscode-languageserver/node';
import { nodeFiles, ResultIndex } from '../../core/results';
import { InitializationOptions, ServerSettings, SubmittedRequestsRequest } from '../../core/protocol';
import { resultPathsFor } from '../../core/submit/batchFile';
import { readText } from '../../core/submit/readText';
import { BatchAnalysis } from '../analysis/analysis';
import { Documents } from '../documents';
import { PositionMap } from '../text/document';
import { BatchSchemas } from '../schema/load';
import { BatchDocument } from '../text/document';
import { describeError, runSafe } from '../runner';
import { JoinableRequests, JoinContext, joinDefinition, joinDiagnostics, joinHints, joinHover } from './batchJoin';
import { ResultJoins } from './joins';
import { batchFileOf, isResultsPath, ResultsDocuments } from './resultsDocument';

export interface ResultsFeatureDeps {
  connection: Connection;
  documents: Documents;
  schemas: () => BatchSchemas;
  settingsFor: (uri: string) => Promise<ServerSettings>;
  /** Publish a batch document's diagnostics again (its results changed). */
  republish: (uri: string) => void;
  log: { error(m: string): void };
}

/** A document that lists requests, of whatever kind: a batch file's analysis, a .jsonl input's lines. */
export interface JoinTarget {
  requests: JoinableRequests;
  doc: PositionMap;
}

export class ResultsFeature {
  private readonly joins = new ResultJoins(nodeFiles);
  readonly resultsDocs = new ResultsDocuments();
  private readonly submitted = new Map<string, { index: ResultIndex; hashes: Promise<Record<string, string> | undefined> }>();
  private askSubmitted = false;
  private refreshHints = false;

  constructor(private readonly deps: ResultsFeatureDeps) {}

  initialize(params: InitializeParams): Partial<ServerCapabilities> {
    const options = params.initializationOptions as InitializationOptions | undefined;
    this.askSubmitted = options?.submittedRequests === true;
    this.refreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    return { inlayHintProvider: true, definitionProvider: true };
  }

  /** Results and errors files are their own kind of document, not batch files. */
  owns(uri: string): boolean {
    const path = pathOf(uri);
    return path !== undefined && isResultsPath(path);
  }

  register(): void {
    const { connection, documents, log } = this.deps;
    connection.languages.inlayHint.on(async (params, token) => {
      const uri = params.textDocument.uri;
      const entry = documents.batch(uri);
      if (!entry || !(await this.deps.settingsFor(uri)).resultHints) return [];
      const c = await this.context(uri, { requests: entry.analysis, doc: entry.doc });
      if (!c || token.isCancellationRequested) return [];
      return runSafe(log, 'inlay hints', token, [], () => joinHints(c, entry.doc.offsetAt(params.range.start), entry.doc.offsetAt(params.range.end)));
    });
    connection.onDefinition(async (params) => {
      try {
        const uri = params.textDocument.uri;
        if (this.resultsDocs.has(uri)) return await this.toRequest(uri, params.position);
        const entry = documents.batch(uri);
        const c = entry && (await this.context(uri, { requests: entry.analysis, doc: entry.doc }));
        return c && entry ? await joinDefinition(c, entry.doc.offsetAt(params.position)) : null;
      } catch (e) {
        log.error(`definition failed: ${describeError(e)}`);
        return null;
      }
    });
    connection.onDidChangeWatchedFiles(({ changes }) => {
      let any = false;
      for (const change of changes) {
        const path = pathOf(change.uri);
        if (path && this.joins.invalidate(path)) any = true;
      }
      if (!any) return;
      for (const uri of documents.uris()) this.deps.republish(uri);
      if (this.refreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
    });
  }

  async hover(uri: string, target: JoinTarget, offset: number): Promise<Hover | null> {
    const c = await this.context(uri, target);
    return c ? joinHover(c, offset) : null;
  }

  /**
   * The join's diagnostics, when the results have been read; otherwise undefined, the read starts, and
   * `onRead` runs once it has found results. A large results file then never holds back the
   * document's own diagnostics.
   */
  diagnostics(uri: string, target: JoinTarget, onRead: () => void): Promise<Diagnostic[]> | undefined {
    const path = pathOf(uri);
    if (!path) return Promise.resolve([]);
    const paths = resultPathsFor(path);
    if (!this.joins.isRead(paths)) {
      void this.joins.indexFor(paths).then((index) => index && onRead());
      return undefined;
    }
    return this.context(uri, target).then((c) => (c ? joinDiagnostics(c) : []));
  }

  /** The join for an open batch document; undefined when no results lie beside it. */
  private async context(uri: string, target: JoinTarget): Promise<JoinContext | undefined> {
    const path = pathOf(uri);
    if (!path) return undefined;
    const index = await this.joins.indexFor(resultPathsFor(path));
    if (!index) return undefined;
    return { ...target, index, submitted: await this.submittedFor(uri, index) };
  }

  /** Asked again whenever the results are re-read: a new download may come from a new submission. */
  private submittedFor(uri: string, index: ResultIndex): Promise<Record<string, string> | undefined> {
    if (!this.askSubmitted) return Promise.resolve(undefined);
    let known = this.submitted.get(uri);
    if (!known || known.index !== index) {
      const hashes = this.deps.connection
        .sendRequest(SubmittedRequestsRequest, { uri })
        .then((r) => r?.requestHashes, () => undefined);
      known = { index, hashes };
      this.submitted.set(uri, known);
    }
    return known.hashes;
  }

  /** From a results line's custom_id to the request in the batch file beside it. */
  private async toRequest(uri: string, position: { line: number; character: number }) {
    const path = pathOf(uri);
    const id = this.resultsDocs.customIdAt(uri, position);
    const batchPath = path && batchFileOf(path);
    if (id === undefined || !batchPath) return null;
    const batchUri = pathToFileURL(batchPath).href;
    const open = this.deps.documents.batch(batchUri);
    const doc = open?.doc ?? new BatchDocument(batchUri, 0, await readText(batchPath).catch(() => ''));
    const analysis = open?.analysis ?? new BatchAnalysis(this.deps.schemas(), doc);
    for (let i = 0; i < analysis.requestCount(); i++) {
      if (analysis.requestId(i) !== id) continue;
      const span = analysis.requestRef(i).idSpan;
      if (!span) return null;
      return { uri: doc.uri, range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) } };
    }
    return null;
  }
}

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

