// Batch inputs checked from disk: "Mistral: Check Batch Input File", and each local input of a batch
// file checked before it is submitted. The file is streamed through the line engine (checkJsonlFile)
// where the server runs, which is beside the workspace's files in remote setups too; the client's
// workspace.fs has no streaming read, so going through it would hold a 512 MB file whole.
// The problems are published for the file's URI, at most maxProblems and then one saying how many
// more, so they show whether the editor has the file open or not (over 50 MB it never syncs it).
// They stay until the file is opened (its live diagnostics replace them), or changes or goes on
// disk: then they are cleared, as their lines may no longer be what they name.
import { FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CancellationToken, Connection, Diagnostic, ErrorCodes, LSPErrorCodes, ResponseError, WorkDoneProgress } from 'vscode-languageserver/node';
import { Catalogue } from '../../core/models/catalogue';
import { CheckInputFileParams, CheckInputFileResult } from '../../core/protocol';
import { LocalFileError } from '../../core/submit/localFile';
import { toDiagnostic, tooManyProblems } from '../analysis/check';
import { JsonlChecker, LineFinding } from '../analysis/jsonlChecker';
import { checkJsonlFile } from '../analysis/jsonlFile';
import { withCheckThreads } from '../analysis/parallelCheck';
import { modelContext } from '../models/checks';
import { describeError } from '../runner';
import { BatchSchemas } from '../schema/load';
import { inferFileEndpoint } from './endpoint';
import { BatchInputs } from './inputs';

/** The shortest time between two progress reports. */
const PROGRESS_MS = 250;

/** A file's problems as they are found: the first `max` kept as diagnostics, the others only counted. */
export class ProblemPage {
  readonly shown: Diagnostic[] = [];
  errors = 0;
  warnings = 0;
  notes = 0;
  private hidden = 0;

  constructor(readonly uri: string, private readonly max: number) {}

  add(found: readonly LineFinding[]): void {
    for (const f of found) {
      this.count(f);
      if (this.shown.length >= this.max) this.hidden++;
      else this.shown.push(this.diagnostic(f));
    }
  }

  /** A problem of the whole job, found after the lines: shown first, whatever the cap. */
  addFirst(f: LineFinding): void {
    this.count(f);
    if (this.shown.length >= this.max && this.shown.pop()) this.hidden++;
    this.shown.unshift(this.diagnostic(f));
  }

  private count(f: LineFinding): void {
    if (f.severity === 'error') this.errors++;
    else if (f.severity === 'warning') this.warnings++;
    else this.notes++;
  }

  private diagnostic(f: LineFinding): Diagnostic {
    const related = f.related?.map((r) => ({ location: { uri: this.uri, range: { start: { line: r.line, character: r.start }, end: { line: r.line, character: r.end } } }, message: r.message }));
    return toDiagnostic(f, (character) => ({ line: f.line, character }), related);
  }

  diagnostics(): Diagnostic[] {
    if (this.hidden === 0) return this.shown;
    return [...this.shown, tooManyProblems(this.hidden, this.max, this.shown[this.shown.length - 1].range)];
  }
}

export interface DiskCheckHost {
  connection: Connection;
  schemas(): BatchSchemas;
  inputs: BatchInputs;
  catalogue(): Catalogue;
  maxProblems(uri: string): Promise<number>;
  /** The counts of a file the editor has open and synced: its live diagnostics are its problems. */
  openCounts(uri: string): { lines: number; errors: number; warnings: number } | undefined;
  log: { error(m: string): void };
}

export class DiskChecks {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly host: DiskCheckHost) {}

  /** Publishes a file's problems found on disk, unless the editor has it open (its own are shown then). */
  publish(page: ProblemPage): void {
    if (this.host.openCounts(page.uri)) return;
    // Nothing found, nothing to go stale (and a missing input cannot be watched).
    if (page.shown.length > 0) this.watch(page.uri);
    void this.host.connection.sendDiagnostics({ uri: page.uri, diagnostics: page.diagnostics() });
  }

  /** The editor opened the file: its live diagnostics take over from the ones found on disk. */
  opened(uri: string): void {
    this.unwatch(uri);
  }

  async check({ uri, workDoneToken }: CheckInputFileParams, token: CancellationToken): Promise<CheckInputFileResult | ResponseError<void>> {
    const path = filePath(uri);
    if (typeof path !== 'string') return path;
    const name = basename(path);
    const open = this.host.openCounts(uri);
    const openStatus = this.host.inputs.statusOf(uri);
    if (open && openStatus) return { outcome: 'open', ...open, notes: 0, shown: 0, endpoint: openStatus };

    this.running.get(uri)?.abort();
    const abort = new AbortController();
    this.running.set(uri, abort);
    const stop = token.onCancellationRequested(() => abort.abort());
    const progress = workDoneToken === undefined ? undefined : new Progress(this.host.connection, workDoneToken, `Checking ${name}`);
    let done = 0;
    try {
      const inferred = await inferFileEndpoint(path);
      progress?.setTotal(await stat(path).then((s) => s.size, () => 0));
      const { context, status } = this.host.inputs.contextOf(uri, () => inferred);
      const page = new ProblemPage(uri, await this.host.maxProblems(uri));
      const checker = new JsonlChecker(this.host.schemas(), context.bodyUri, context.model, modelContext(this.host.catalogue(), context.model));
      const summary = await withCheckThreads((threads) => checkJsonlFile(path, checker, {
        emit: (found) => page.add(found),
        threads,
        signal: abort.signal,
        onProgress: (bytes, n) => {
          done = n;
          progress?.report(bytes, n);
        },
      }), (why) => this.host.log.error(why));
      const lines = summary.lines;
      if (abort.signal.aborted) return cancelled(lines);
      // Opened meanwhile: the editor's own diagnostics are the ones that count now.
      const nowOpen = this.host.openCounts(uri);
      if (nowOpen) return { outcome: 'open', ...nowOpen, notes: 0, shown: 0, endpoint: this.host.inputs.statusOf(uri) ?? status };
      this.publish(page);
      return { outcome: 'checked', lines, errors: page.errors, warnings: page.warnings, notes: page.notes, shown: page.shown.length, endpoint: status };
    } catch (e) {
      if (e instanceof LocalFileError) {
        if (e.kind === 'cancelled') return cancelled(done);
        // The core's messages either continue the name ("is a folder, …") or stand after it ("file not found: …").
        const said = e.message.startsWith('is ') ? ` ${e.message}` : `: ${e.message}`;
        return new ResponseError(LSPErrorCodes.RequestFailed, `"${name}"${said}.`);
      }
      this.host.log.error(`checking ${uri} from disk failed: ${describeError(e)}`);
      return new ResponseError(LSPErrorCodes.RequestFailed, `"${name}" could not be checked: ${describeError(e)}. The output ("Mistral: Show Output") has the details.`);
    } finally {
      stop.dispose();
      progress?.end();
      if (this.running.get(uri) === abort) this.running.delete(uri);
    }
  }

  /** A change on disk (or a deletion) makes the problems found there stale: they are cleared. */
  private watch(uri: string): void {
    if (this.watchers.has(uri)) return;
    const path = filePath(uri);
    if (typeof path !== 'string') return;
    try {
      const watcher = watch(path, { persistent: false }, () => {
        this.unwatch(uri);
        if (!this.host.openCounts(uri)) void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
      });
      watcher.on('error', () => this.unwatch(uri));
      this.watchers.set(uri, watcher);
    } catch (e) {
      this.host.log.error(`cannot watch ${path} for changes, so its problems stay until it is checked again: ${describeError(e)}`);
    }
  }

  private unwatch(uri: string): void {
    this.watchers.get(uri)?.close();
    this.watchers.delete(uri);
  }
}

function cancelled(lines: number): CheckInputFileResult {
  return { outcome: 'cancelled', lines, errors: 0, warnings: 0, notes: 0, shown: 0 };
}

function filePath(uri: string): string | ResponseError<void> {
  if (!uri.startsWith('file:')) {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(uri)?.[0] ?? 'no scheme';
    return new ResponseError(ErrorCodes.InvalidParams, `"${uri}" is not a file on disk (${scheme}): "Check Batch Input File" reads .jsonl files on disk only (file: URIs). Save it as a file and check that.`);
  }
  try {
    return fileURLToPath(uri);
  } catch {
    return new ResponseError(ErrorCodes.InvalidParams, `"${uri}" is not a valid file URI: give the URI of a .jsonl file on disk.`);
  }
}

/** LSP work-done progress on a token the client made: lines done, and the share of the bytes. */
class Progress {
  private lines = 0;
  private last = 0;
  private bytes = 0;
  private total = 0;

  constructor(private readonly connection: Connection, private readonly token: string, title: string) {
    void connection.sendProgress(WorkDoneProgress.type, token, { kind: 'begin', title, cancellable: true, message: 'starting…', percentage: 0 });
  }

  setTotal(size: number): void {
    this.total = size;
  }

  report(bytes: number, lines: number): void {
    this.lines = lines;
    this.bytes = bytes;
    const now = Date.now();
    if (now - this.last < PROGRESS_MS) return;
    this.last = now;
    const percentage = this.total > 0 ? Math.min(100, Math.floor((bytes / this.total) * 100)) : undefined;
    void this.connection.sendProgress(WorkDoneProgress.type, this.token, { kind: 'report', message: this.said(), percentage });
  }

  end(): void {
    void this.connection.sendProgress(WorkDoneProgress.type, this.token, { kind: 'end', message: this.said() });
  }

  private said(): string {
    return `${this.lines.toLocaleString('en-US')} lines (${mb(this.bytes)} of ${mb(this.total)} MB)`;
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
