// Batch inputs as a kind of document: which `.jsonl` files are inputs, the endpoint each is checked
// against (the batch file naming it, else the user's choice, else what its bodies show), and the
// status the client shows for it. Kept free of LSP: the server passes in how to notify and publish.
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import type { Catalogue } from '../../core/models/catalogue';
import { BATCH_INPUT_LANGUAGE_ID, EndpointSource, InputEndpointParams } from '../../core/protocol';
import { DocumentKind } from '../kinds/kind';
import { BatchSchemas } from '../schema/load';
import { BatchDocument } from '../text/document';
import { InputContext, JsonlAnalysis } from './analysis';
import { InferredEndpoint } from '../analysis/inferEndpoint';
import { MAX_SAMPLE_LINE, inferFromLines, looksLikeBatchInput } from './endpoint';
import { lineContent } from './line';
import { FileAccess, Naming, namingsOf } from './namers';

export interface InputsHost {
  schemas(): BatchSchemas;
  files: FileAccess;
  /** The text of an open batch file, by path; it wins over the file on disk. */
  openText(path: string): string | undefined;
  /** Tells the client the input's endpoint and where it came from. */
  notify(status: InputEndpointParams): void;
  /** The input's findings changed outside an edit (a new endpoint): publish them again. */
  republish(uri: string): void;
}

interface OpenInput {
  doc: BatchDocument;
  analysis: JsonlAnalysis;
  status: InputEndpointParams;
  /** The batch files naming it, looked for at open and when a batch file changes, not per edit. */
  namings: Naming[];
}

/** How long edits to batch files settle before the inputs they name are looked at again. */
const SETTLE_MS = 200;

export class BatchInputs implements DocumentKind {
  private readonly choices = new Map<string, string>();
  private readonly inputs = new Map<string, OpenInput>();
  private folders: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: InputsHost) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  owns(uri: string, languageId: string | undefined): boolean {
    return languageId === BATCH_INPUT_LANGUAGE_ID || /\.jsonl$/i.test(uri);
  }

  open(doc: BatchDocument, catalogue?: Catalogue): JsonlAnalysis {
    const namings = this.namingsOf(doc.uri);
    const { context, status } = this.resolve(doc.uri, namings, () => inferFromLines(firstLines(doc)));
    const analysis = new JsonlAnalysis(this.host.schemas(), doc, context, catalogue);
    this.inputs.set(doc.uri, { doc, analysis, status, namings });
    this.host.notify(status);
    return analysis;
  }

  closed(uri: string): void {
    this.inputs.delete(uri);
  }

  /** The batch files naming an open input, as last looked for (where its results are). */
  batchFilesOf(uri: string): Array<{ batchFile: string; inputCount: number }> {
    return this.inputs.get(uri)?.namings.map(({ batchFile, inputCount }) => ({ batchFile, inputCount })) ?? [];
  }

  /** Whether a `.jsonl` document is a batch input: by its name, a batch file naming it, or its first line. */
  isBatchInput(uri: string, head: string): boolean {
    if (/\.batch\.jsonl$/i.test(uri) || looksLikeBatchInput(head)) return true;
    return this.namingsOf(uri).length > 0;
  }

  choose(uri: string, endpoint: string | null): void {
    if (endpoint === null) this.choices.delete(uri);
    else this.choices.set(uri, endpoint);
    this.refresh(uri);
  }

  /** A document changed: an input's inferred endpoint may change; a batch file may name inputs anew. */
  changed(uri: string): void {
    const input = this.inputs.get(uri);
    if (input) {
      if (input.status.source === 'inferred' || input.status.source === 'none') this.refresh(uri);
      return;
    }
    if (this.inputs.size === 0 || !/\.batch\.json$/i.test(uri)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      for (const open of [...this.inputs.keys()]) this.refresh(open, true);
    }, SETTLE_MS);
  }

  /**
   * What a file read from disk is checked against, chosen as for an open input: the batch file naming
   * it, else the user's choice, else `infer` (what its first lines show).
   */
  contextOf(uri: string, infer: () => InferredEndpoint | undefined): { context: InputContext; status: InputEndpointParams } {
    return this.resolve(uri, this.namingsOf(uri), infer);
  }

  /** The endpoint status of an open input. */
  statusOf(uri: string): InputEndpointParams | undefined {
    return this.inputs.get(uri)?.status;
  }

  private namingsOf(uri: string): Naming[] {
    const path = pathOf(uri);
    return path === undefined ? [] : namingsOf(path, this.folders, this.host.files, this.host.openText);
  }

  private refresh(uri: string, rescan = false): void {
    const input = this.inputs.get(uri);
    if (!input) return;
    if (rescan) input.namings = this.namingsOf(uri);
    const { context, status } = this.resolve(uri, input.namings, () => inferFromLines(firstLines(input.doc)));
    const before = input.analysis.job;
    const changed = before.endpoint !== context.endpoint || before.bodyUri !== context.bodyUri || before.model !== context.model;
    if (changed) input.analysis.setContext(context);
    if (changed || JSON.stringify(status) !== JSON.stringify(input.status)) {
      input.status = status;
      this.host.notify(status);
    }
    if (changed) this.host.republish(uri);
  }

  private resolve(uri: string, namings: readonly Naming[], infer: () => InferredEndpoint | undefined): { context: InputContext; status: InputEndpointParams } {
    const schemas = this.host.schemas();
    const endpoints = [...schemas.bodyUris.keys()];
    const named = namings.find((n) => n.endpoint !== undefined);
    let endpoint: string | undefined;
    let source: EndpointSource;
    let because: string | undefined;
    if (named) [endpoint, source] = [named.endpoint, 'batch-file'];
    else if (this.choices.has(uri)) [endpoint, source] = [this.choices.get(uri), 'choice'];
    else {
      const inferred = infer();
      [endpoint, because] = [inferred?.endpoint, inferred?.because];
      source = endpoint === undefined ? 'none' : 'inferred';
    }
    const status: InputEndpointParams = { uri, endpoint, source, endpoints };
    if (because) status.because = because;
    if (named) status.batchFile = named.batchFile;
    const conflict = conflictOf(namings);
    if (conflict) status.conflict = conflict;
    return { context: { endpoint, bodyUri: endpoint === undefined ? undefined : schemas.bodyUris.get(endpoint), model: named?.model }, status };
  }
}

/** When the batch files naming an input give it different endpoints, which says what. */
function conflictOf(namings: readonly Naming[]): string | undefined {
  const endpoints = new Set(namings.map((n) => n.endpoint).filter((e) => e !== undefined));
  if (endpoints.size < 2) return undefined;
  const said = namings.filter((n) => n.endpoint !== undefined).map((n) => `${basename(n.batchFile)} says ${n.endpoint}`);
  return `batch files name this input with different endpoints: ${said.join(', ')}; lines are checked against the first`;
}

function* firstLines(doc: BatchDocument): Iterable<string> {
  for (let i = 0; i < doc.lineCount; i++) {
    const start = doc.lineStart(i);
    const next = i + 1 < doc.lineCount ? doc.lineStart(i + 1) : doc.length;
    // A line too long to be a sample is not even read (a 50 MB line is asked at every edit).
    yield next - start > MAX_SAMPLE_LINE ? '' : lineContent(doc.slice(start, next));
  }
}

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
