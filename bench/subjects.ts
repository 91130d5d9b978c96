// The three things measured side by side, each doing what it does for an editor:
// - ours: the server core (Documents + BatchAnalysis + toDiagnostics), exactly the server's path;
// - json: vscode-json-languageservice with the same schemas, request bodies included;
// - ajv: JSON.parse plus an Ajv 2020 compiled validator, the floor (no positions, no tolerance).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import * as jsonls from 'vscode-json-languageservice';
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import type { BatchAnalysis } from '../server/analysis/analysis';
import { Documents, OpenDocument } from '../server/documents';
import type { BatchDocument } from '../server/text/document';
import { toDiagnostics } from '../server/analysis/check';
import { batchSchemas } from '../server/schema/load';
import { schemaServices } from '../server/schema/services';
import { complete } from '../server/features/completion';
import { hover } from '../server/features/hover';
import { SchemaServices } from '../server/features/context';
import { JobTokens, jobTokens } from '../server/models/tokens';

export const REPO = join(__dirname, '..', '..');
const SCHEMA_DIR = join(REPO, 'schemas');
export const SCHEMA_BASE = 'https://schemas.local/';
export const BATCH_URI = `${SCHEMA_BASE}batch-job.schema.json`;

/** Every schema file as URI → text, the batch schema at BATCH_URI and bodies under bodies/. */
export function schemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set(BATCH_URI, readFileSync(join(SCHEMA_DIR, 'batch-job.schema.json'), 'utf8'));
  for (const name of readdirSync(join(SCHEMA_DIR, 'bodies'))) {
    if (name.endsWith('.schema.json')) files.set(`${SCHEMA_BASE}bodies/${name}`, readFileSync(join(SCHEMA_DIR, 'bodies', name), 'utf8'));
  }
  return files;
}

/** One-character (or any) edit as an editor sends it: a range in the current text and its replacement. */
export interface Edit {
  offset: number;
  length: number;
  text: string;
}

export function applyEdit(text: string, e: Edit): string {
  return text.slice(0, e.offset) + e.text + text.slice(e.offset + e.length);
}

function changeEvent(doc: { positionAt(offset: number): Position }, e: Edit): TextDocumentContentChangeEvent {
  return { range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) }, text: e.text };
}

// ---------------------------------------------------------------------------------------------
// Ours

export interface OursTimings {
  /** Documents.didOpen or didChange: the document's text and its analysis brought up to date. */
  update: number;
  /** analysis.findings(max): collecting, sorting and shifting the findings. */
  findings: number;
  /** toDiagnostics: offsets to positions. */
  diagnostics: number;
}

export class Ours {
  readonly services: SchemaServices = schemaServices(batchSchemas());
  private readonly documents = new Documents(() => this.services.schemas);
  private version = 1;

  constructor(readonly maxProblems = 1000) {}

  /** didOpen → the diagnostics the server would publish. */
  open(uri: string, text: string, timings?: OursTimings): Diagnostic[] {
    const t0 = performance.now();
    return this.publish(this.documents.didOpen(uri, this.version++, text), t0, timings);
  }

  /** didChange (an incremental range change, built by the "client" before the clock starts) → diagnostics. */
  edit(uri: string, e: Edit, timings?: OursTimings): Diagnostic[] {
    const entry = this.entry(uri);
    const change = changeEvent(entry.doc, e);
    const t0 = performance.now();
    this.documents.didChange(uri, this.version++, [change]);
    return this.publish(entry, t0, timings);
  }

  /** What the server does after updating a document: a page of findings, then positions. */
  private publish(entry: OpenDocument, t0: number, timings: OursTimings | undefined): Diagnostic[] {
    const t1 = performance.now();
    const page = entry.analysis.findings(this.maxProblems);
    const t2 = performance.now();
    const diagnostics = toDiagnostics(page, entry.doc, this.maxProblems);
    const t3 = performance.now();
    if (timings) {
      timings.update = t1 - t0;
      timings.findings = t2 - t1;
      timings.diagnostics = t3 - t2;
    }
    return diagnostics;
  }

  /** Applies an edit the way didChange does, without computing diagnostics. */
  applyOnly(uri: string, e: Edit): void {
    const entry = this.entry(uri);
    this.documents.didChange(uri, this.version++, [changeEvent(entry.doc, e)]);
  }

  complete(uri: string, offset: number) {
    const entry = this.entry(uri);
    return complete(this.services, entry.analysis, entry.doc, offset, { snippets: true });
  }

  /** The CodeLens's token totals, as the server counts them. */
  tokens(uri: string): Promise<JobTokens | undefined> {
    return jobTokens(this.entry(uri).analysis);
  }

  hover(uri: string, offset: number) {
    const entry = this.entry(uri);
    return hover(this.services, entry.analysis, entry.doc, offset);
  }

  entry(uri: string): { doc: BatchDocument; analysis: BatchAnalysis } {
    const entry = this.documents.batch(uri);
    if (!entry) throw new Error(`not open as a batch file: ${uri}`);
    return entry;
  }

  close(uri: string): void {
    this.documents.didClose(uri);
  }
}

// ---------------------------------------------------------------------------------------------
// vscode-json-languageservice

/** What VS Code's JSON server passes for `json` documents (comments and trailing commas are errors). */
const JSON_DOCUMENT_SETTINGS: jsonls.DocumentLanguageSettings = { comments: 'error', trailingCommas: 'error' };

interface JsonEntry {
  doc: TextDocument;
  json: jsonls.JSONDocument;
}

/** The batch schema with the body schema of one endpoint put in place: no per-endpoint `if`/`then`. */
export function resolvedBatchSchema(batchText: string, endpoint: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking plain schema JSON
  type S = Record<string, any>;
  const batch = JSON.parse(batchText) as S;
  let bodyRef: string | undefined;
  const rest: S[] = [];
  for (const entry of (batch.allOf ?? []) as S[]) {
    if (entry.if?.properties?.endpoint?.const !== undefined) {
      if (entry.if.properties.endpoint.const === endpoint) bodyRef = entry.then.properties.requests.items.properties.body.$ref as string;
    } else {
      rest.push(entry);
    }
  }
  if (!bodyRef) throw new Error(`bench: no body schema for ${endpoint}`);
  batch.allOf = rest;
  const body = batch.properties.requests.items.properties.body as S;
  batch.properties.requests.items.properties.body = { ...body, $ref: bodyRef };
  return batch;
}

export const RESOLVED_URI = `${SCHEMA_BASE}batch-job.chat-completions.schema.json`;

/**
 * vscode-json-languageservice configured as VS Code would be for a `jsonValidation` contribution,
 * every schema file served by its schema request service under https://schemas.local/ and relative
 * `$ref`s resolved against that. By default it gets ONE schema for the job's endpoint
 * (/v1/chat/completions): the batch schema with that endpoint's body schema referenced directly from
 * `requests.items.body` instead of the per-endpoint `if`/`then` entries (see resolvedBatchSchema).
 * `shipped: true` gives it the batch schema as shipped instead. Either way bodies are validated with
 * the same schema as ours (asserted by the bench on the all-invalid file). The service has no problem
 * cap (no `maxNumberOfProblems` in its API, and VS Code's JSON server passes none): it reports all.
 */
export class JsonService {
  readonly service: jsonls.LanguageService;
  private readonly docs = new Map<string, JsonEntry>();
  private version = 1;

  constructor(shipped = false) {
    const files = schemaFiles();
    const batchText = files.get(BATCH_URI);
    if (batchText === undefined) throw new Error('bench: batch schema missing');
    files.set(RESOLVED_URI, JSON.stringify(resolvedBatchSchema(batchText, '/v1/chat/completions')));
    this.service = jsonls.getLanguageService({
      schemaRequestService: (uri) => {
        const text = files.get(uri);
        return text !== undefined ? Promise.resolve(text) : Promise.reject(new Error(`no schema at ${uri}`));
      },
      workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
      clientCapabilities: { textDocument: { completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'] } } } },
    });
    this.service.configure({ validate: true, allowComments: false, schemas: [{ uri: shipped ? BATCH_URI : RESOLVED_URI, fileMatch: ['*.batch.json'] }] });
  }

  /** Create the document, parse it, validate it: the first diagnostics. */
  async open(uri: string, text: string): Promise<Diagnostic[]> {
    const doc = TextDocument.create(uri, 'json', this.version++, text);
    const json = this.service.parseJSONDocument(doc as unknown as jsonls.TextDocument);
    this.docs.set(uri, { doc, json });
    return this.service.doValidation(doc as unknown as jsonls.TextDocument, json, JSON_DOCUMENT_SETTINGS);
  }

  /** What it does per keystroke: update the text, parse it again, validate it again. */
  async edit(uri: string, e: Edit): Promise<Diagnostic[]> {
    const entry = this.entry(uri);
    const change = changeEvent(entry.doc, e);
    entry.doc = TextDocument.update(entry.doc, [change], this.version++);
    entry.json = this.service.parseJSONDocument(entry.doc as unknown as jsonls.TextDocument);
    return this.service.doValidation(entry.doc as unknown as jsonls.TextDocument, entry.json, JSON_DOCUMENT_SETTINGS);
  }

  /** Update + parse only (what a completion right after an edit needs before it can answer). */
  applyOnly(uri: string, e: Edit): void {
    const entry = this.entry(uri);
    entry.doc = TextDocument.update(entry.doc, [changeEvent(entry.doc, e)], this.version++);
    entry.json = this.service.parseJSONDocument(entry.doc as unknown as jsonls.TextDocument);
  }

  async complete(uri: string, offset: number): Promise<jsonls.CompletionList | null> {
    const entry = this.entry(uri);
    return this.service.doComplete(entry.doc as unknown as jsonls.TextDocument, entry.doc.positionAt(offset), entry.json);
  }

  async hover(uri: string, offset: number): Promise<jsonls.Hover | null> {
    const entry = this.entry(uri);
    return this.service.doHover(entry.doc as unknown as jsonls.TextDocument, entry.doc.positionAt(offset), entry.json);
  }

  entry(uri: string): JsonEntry {
    const entry = this.docs.get(uri);
    if (!entry) throw new Error(`not open: ${uri}`);
    return entry;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }
}

// ---------------------------------------------------------------------------------------------
// JSON.parse + Ajv

const UUID = /^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * The floor: the native parser and a compiled validator, every schema added under the same URIs.
 * `strict: false` because the schemas carry editor keywords (`markdownDescription`, `enumDescriptions`,
 * `errorMessage`) that Ajv does not know. Formats as ours asserts them: uuid, date-time, uri.
 */
export class AjvFloor {
  readonly validate: ValidateFunction;

  constructor(readonly allErrors: boolean) {
    const ajv = new Ajv2020({ allErrors, strict: false, validateFormats: true });
    ajv.addFormat('uuid', UUID);
    ajv.addFormat('date-time', DATE_TIME);
    ajv.addFormat('uri', (s: string) => {
      try {
        new URL(s);
        return true;
      } catch {
        return false;
      }
    });
    let batch: Record<string, unknown> | undefined;
    for (const [uri, text] of schemaFiles()) {
      const schema = { ...(JSON.parse(text) as Record<string, unknown>), $id: uri };
      if (uri === BATCH_URI) batch = schema;
      else ajv.addSchema(schema);
    }
    if (!batch) throw new Error('batch schema missing');
    this.validate = ajv.compile(batch);
  }

  /** Parse and validate; returns the number of errors Ajv reports (0 when valid). */
  check(text: string): number {
    const data: unknown = JSON.parse(text);
    return this.validate(data) ? 0 : (this.validate.errors?.length ?? 0);
  }
}

export function rangeText(r: Range): string {
  const p = (x: Position) => `${x.line + 1}:${x.character + 1}`;
  return `${p(r.start)}-${p(r.end)}`;
}
