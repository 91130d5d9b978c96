// The results join wired into the server: which documents are results files, where a document's
// results are (beside a batch file; beside the batch file naming a .jsonl input), what the client says
// was submitted, and the LSP handlers that only the join answers (inlay hints, definition, watched
// files). Hover, diagnostics and the lenses for clients without inlay hints are merged in by server.ts.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeLens, Connection, Diagnostic, FileEvent, Hover, InitializeParams, Location, Position, ServerCapabilities } from 'vscode-languageserver/node';
import { LineHashes, nodeFiles, ResultIndex, Submitted } from '../../core/results';
import { SubmittedRequestsRequest, SubmittedRequestsResult } from '../../core/protocol';
import { InitializationOptions, ServerSettings } from '../../core/settings';
import { resultPathsFor } from '../../core/submit/batchFile';
import { readText } from '../../core/submit/readText';
import { BatchAnalysis } from '../analysis/analysis';
import { Documents } from '../documents';
import { JsonlAnalysis } from '../jsonl/analysis';
import { PositionMap } from '../text/document';
import { BatchSchemas } from '../schema/load';
import { BatchDocument } from '../text/document';
import { describeError, runSafe } from '../runner';
import { JoinableRequests, JoinContext, joinDefinition, joinDiagnostics, joinHints, joinHover, joinLenses } from './batchJoin';
import { InputRequests } from './inputJoin';
import { findRequest } from './findRequest';
import { ResultJoins } from './joins';
import { batchFileOf, isResultsPath, ResultsDocuments } from './resultsDocument';

export interface ResultsFeatureDeps {
  connection: Connection;
  documents: Documents;
  schemas: () => BatchSchemas;
  settingsFor: (uri: string) => Promise<ServerSettings>;
  /** Publish a batch document's diagnostics again (its results changed). */
  republish: (uri: string) => void;
  /** The batch files naming an open .jsonl input, and how many inputs each has. */
  namings: (uri: string) => Array<{ batchFile: string; inputCount: number }>;
  log: { error(m: string): void };
}

/** A document that lists requests, of whatever kind: a batch file's analysis, a .jsonl input's lines. */
export interface JoinTarget {
  requests: JoinableRequests;
  doc: PositionMap;
}

/** An open document with requests, and the batch file whose results are theirs. */
interface Joinable extends JoinTarget {
  /** The batch files whose results may be this document's, in the order they are tried. */
  owners: Array<{ batchFile: string; orphans: boolean }>;
  lines: boolean;
}

interface Known {
  index: ResultIndex;
  result: Promise<SubmittedRequestsResult | undefined>;
  /** Decoded once per answer: the set may hold 100,000 hashes. */
  lines?: Promise<LineHashes | undefined>;
}

export class ResultsFeature {
  private readonly joins = new ResultJoins(nodeFiles);
  readonly resultsDocs = new ResultsDocuments();
  private readonly submitted = new Map<string, Known>();
  private askSubmitted = false;
  private refreshHints = false;
  /** The client shows inlay hints; without them, outcomes are CodeLens. */
  private inlayHints = true;

  constructor(private readonly deps: ResultsFeatureDeps) {}

  initialize(params: InitializeParams): Partial<ServerCapabilities> {
    const options = params.initializationOptions as InitializationOptions | undefined;
    this.askSubmitted = options?.submittedRequests === true;
    this.refreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    this.inlayHints = params.capabilities.textDocument?.inlayHint !== undefined;
    return { inlayHintProvider: true, definitionProvider: true };
  }

  /** Results and errors files are their own kind of document, not batch files. */
  owns(uri: string): boolean {
    const path = pathOf(uri);
    return path !== undefined && isResultsPath(path);
  }

  register(): void {
    const { connection, log } = this.deps;
    connection.languages.inlayHint.on(async (params, token) => {
      const uri = params.textDocument.uri;
      const target = this.target(uri);
      if (!target || !(await this.deps.settingsFor(uri)).resultHints) return [];
      const c = await this.context(target);
      if (!c || token.isCancellationRequested) return [];
      return runSafe(log, 'inlay hints', token, [], () => joinHints(c, c.doc.offsetAt(params.range.start), c.doc.offsetAt(params.range.end)));
    });
    connection.onDefinition(async (params) => {
      try {
        const uri = params.textDocument.uri;
        if (this.resultsDocs.has(uri)) return await this.toRequest(uri, params.position);
        const target = this.target(uri);
        const c = target && (await this.context(target));
        return c ? await joinDefinition(c, c.doc.offsetAt(params.position)) : null;
      } catch (e) {
        log.error(`definition failed: ${describeError(e)}`);
        return null;
      }
    });
  }

  /** Results files changed on disk: their indexes are dropped and the requests they join shown anew. */
  filesChanged(changes: FileEvent[]): void {
    let any = false;
    for (const change of changes) {
      const path = pathOf(change.uri);
      if (path && this.joins.invalidate(path)) any = true;
    }
    if (!any) return;
    for (const uri of this.deps.documents.uris()) this.deps.republish(uri);
    this.refreshHintsShown();
  }

  /** Asks the editor for the hints again: after the results changed, or the settings (resultHints). */
  refreshHintsShown(): void {
    if (this.refreshHints) void this.deps.connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  async hover(uri: string, position: Position): Promise<Hover | null> {
    const target = this.target(uri);
    const c = target && (await this.context(target));
    return c ? joinHover(c, c.doc.offsetAt(position)) : null;
  }

  /** The outcomes as CodeLens, for a client that shows no inlay hints (and only then). */
  async codeLenses(uri: string): Promise<CodeLens[]> {
    if (this.inlayHints) return [];
    const target = this.target(uri);
    if (!target || !(await this.deps.settingsFor(uri)).resultHints) return [];
    const c = await this.context(target);
    return c ? joinLenses(c) : [];
  }

  /**
   * The join's diagnostics, when the results have been read; otherwise undefined, the read starts, and
   * `onRead` runs once it has found results. A large results file then never holds back the
   * document's own diagnostics.
   */
  diagnostics(uri: string, onRead: () => void): Promise<Diagnostic[]> | undefined {
    const target = this.target(uri);
    if (!target) return Promise.resolve([]);
    const unread = target.owners.map((o) => resultPathsFor(o.batchFile)).filter((paths) => !this.joins.isRead(paths));
    if (unread.length > 0) {
      void Promise.all(unread.map((paths) => this.joins.indexFor(paths))).then((read) => read.some((index) => index) && onRead());
      return undefined;
    }
    return this.context(target).then((c) => (c ? joinDiagnostics(c) : []));
  }

  /** The open document at `uri` as requests to join: a batch file, or a .jsonl input named by batch files. */
  private target(uri: string): Joinable | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    const batch = this.deps.documents.batch(uri);
    // The job's results hold the lines of its inputs too: they are not strangers to a batch file that has some.
    if (batch) return { requests: batch.analysis, doc: batch.doc, owners: [{ batchFile: path, orphans: batch.analysis.requestCount() > 0 }], lines: false };
    const entry = this.deps.documents.get(uri);
    if (!entry || !(entry.analysis instanceof JsonlAnalysis)) return undefined;
    // custom_ids are per job: a result matching no line here may be another input's, unless this is the only one.
    const owners = this.deps.namings(uri).map((n) => ({ batchFile: n.batchFile, orphans: n.inputCount === 1 }));
    return owners.length === 0 ? undefined : { requests: new InputRequests(entry.doc, entry.analysis), doc: entry.doc, owners, lines: true };
  }

  /** The join for an open document: with the results of the first batch file that has any beside it. */
  private async context(target: Joinable): Promise<JoinContext | undefined> {
    for (const owner of target.owners) {
      const index = await this.joins.indexFor(resultPathsFor(owner.batchFile));
      if (!index) continue;
      const submitted = await this.submittedFor(pathToFileURL(owner.batchFile).href, index, target.lines);
      return { requests: target.requests, doc: target.doc, index, submitted, orphans: owner.orphans };
    }
    return undefined;
  }

  /** Asked again whenever the results are re-read: a new download may come from a new submission. */
  private submittedFor(batchUri: string, index: ResultIndex, lines: boolean): Promise<Submitted | undefined> {
    if (!this.askSubmitted) return Promise.resolve(undefined);
    let known = this.submitted.get(batchUri);
    if (!known || known.index !== index) {
      const result = this.deps.connection.sendRequest(SubmittedRequestsRequest, { uri: batchUri }).then((r) => r ?? undefined, () => undefined);
      known = { index, result };
      this.submitted.set(batchUri, known);
    }
    if (!lines) return known.result.then((r) => r?.requestHashes);
    known.lines ??= known.result.then((r) => LineHashes.decode(r?.lineHashes));
    return known.lines;
  }

  /** From a results line's custom_id to the request in the batch file beside it, or in one of its .jsonl inputs. */
  private async toRequest(uri: string, position: { line: number; character: number }): Promise<Location | null> {
    const path = pathOf(uri);
    const id = this.resultsDocs.customIdAt(uri, position);
    const batchPath = path && batchFileOf(path);
    if (id === undefined || !batchPath) return null;
    const batchUri = pathToFileURL(batchPath).href;
    const open = this.deps.documents.batch(batchUri);
    const doc = open?.doc ?? new BatchDocument(batchUri, 0, await readText(batchPath).catch(() => ''));
    const analysis = open?.analysis ?? new BatchAnalysis(this.deps.schemas(), doc);
    const inline = inlineRequest(analysis, doc, id);
    if (inline !== undefined) return inline;
    return findRequest(batchPath, analysis.localInputs().map((i) => i.written), id, (inputUri) => {
      const entry = this.deps.documents.get(inputUri);
      return entry && entry.analysis instanceof JsonlAnalysis ? { requests: new InputRequests(entry.doc, entry.analysis), doc: entry.doc } : undefined;
    });
  }
}

/** The inline request with this custom_id: its location, null when it has no span, undefined when there is none. */
function inlineRequest(analysis: BatchAnalysis, doc: BatchDocument, id: string): Location | null | undefined {
  for (let i = 0; i < analysis.requestCount(); i++) {
    if (analysis.requestId(i) !== id) continue;
    const span = analysis.requestRef(i).idSpan;
    if (!span) return null;
    return { uri: doc.uri, range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) } };
  }
  return undefined;
}

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

