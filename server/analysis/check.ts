// Findings as LSP diagnostics, and a one-shot check of a whole text for the CLI and the
// submission core: the same analysis the language server runs, with no second copy of the rules.
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { Catalogue, bundledCatalogue } from '../../core/models/catalogue';
import { ModelContext, modelContext } from '../models/checks';
import { JsonPath } from '../schema/types';
import { batchSchemas } from '../schema/load';
import { DocumentAnalysis } from '../kinds/kind';
import { BatchDocument, PositionMap } from '../text/document';
import { BatchAnalysis, FindingsPage } from './analysis';
import { codeHref, diagnosticCode } from './codes';
import { byPosition, Finding } from './findings';
import { missingInputFindings } from './inputs';

export const DEFAULT_MAX_PROBLEMS = 1000;
export const DIAGNOSTIC_SOURCE = 'mistral-batch';

/** Carried in a diagnostic's `data`, for the quick fixes: what would fix it. */
export interface FixData {
  /** The text to put in place of the underlined range. */
  replacement?: string;
  /** Edits that fix it, with their title. */
  fix?: { title: string; edits: TextEdit[] };
  /** A required property to add to the object at `path`. */
  missing?: { name: string; path: JsonPath };
}

export interface CheckOptions {
  /** The most problems returned; a final one says how many more were left out. */
  maxProblems?: number;
  /** The document URI used in related information. */
  uri?: string;
  /** The batch file's folder: local `input_files` are then looked for there. */
  folder?: string;
  /** The models to check against; default the bundled snapshot. */
  catalogue?: Catalogue;
}

export interface CheckResult {
  /** At most `maxProblems`, plus one saying how many more there were. */
  diagnostics: Diagnostic[];
  /** Every problem counted, shown or not. */
  errors: number;
  warnings: number;
  /** What checking the job's local inputs needs: the body schema, the model and the paths as written. */
  job: { bodyUri: string | undefined; model: string | undefined; localInputs: string[]; modelContext: ModelContext | undefined };
  /** For what else is asked of the same text (token counts). */
  analysis: BatchAnalysis;
}

export function checkBatch(text: string, options: CheckOptions = {}): CheckResult {
  const uri = options.uri ?? 'file:///batch.json';
  const doc = new BatchDocument(uri, 0, text);
  const analysis = new BatchAnalysis(batchSchemas(), doc, options.catalogue);
  const max = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const { page, missingInputs } = shownFindings(analysis, max, options.folder);
  const counts = analysis.counts();
  const { bodyUri, model } = analysis.job;
  return {
    diagnostics: toDiagnostics(page, doc, max),
    errors: counts.errors + missingInputs,
    warnings: counts.warnings,
    job: { bodyUri, model, localInputs: analysis.localInputs().map((input) => input.written), modelContext: modelContext(options.catalogue ?? bundledCatalogue(), model) },
    analysis,
  };
}

/**
 * The findings to show: the analysis's page, plus the local inputs that are missing when the batch
 * file's folder is known. Those few are added even past `max`: they stop a submission.
 */
export function shownFindings(analysis: DocumentAnalysis, max: number, folder: string | undefined): { page: FindingsPage; missingInputs: number } {
  const page = analysis.findings(max);
  const missing = folder === undefined ? [] : missingInputFindings(analysis.localInputs(), folder);
  if (missing.length === 0) return { page, missingInputs: 0 };
  return { page: { shown: [...page.shown, ...missing].sort(byPosition), hidden: page.hidden }, missingInputs: missing.length };
}

export function checkBatchText(text: string, options: CheckOptions = {}): Diagnostic[] {
  return checkBatch(text, options).diagnostics;
}

/** Offsets become positions here, and only for the findings that are shown. */
export function toDiagnostics(page: FindingsPage, doc: PositionMap, maxProblems: number): Diagnostic[] {
  const at = (o: number) => doc.positionAt(o);
  const out: Diagnostic[] = page.shown.map((f) => toDiagnostic(f, at, f.related?.map((r) => ({
    location: { uri: doc.uri, range: { start: at(r.start), end: at(r.end) } },
    message: r.message,
  }))));
  if (page.hidden > 0) out.push(tooManyProblems(page.hidden, maxProblems, out.length > 0 ? out[out.length - 1].range : { start: at(0), end: at(0) }));
  return out;
}

/** One finding as a diagnostic; `at` turns its offsets (and its fix's) into positions. */
export function toDiagnostic(f: Omit<Finding, 'related'>, at: (offset: number) => Position, related?: DiagnosticRelatedInformation[]): Diagnostic {
  const d: Diagnostic = {
    range: { start: at(f.start), end: at(f.end) },
    severity: f.severity === 'error' ? DiagnosticSeverity.Error : f.severity === 'information' ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: diagnosticCode(f.code),
    codeDescription: { href: codeHref(diagnosticCode(f.code)) },
    message: f.message,
  };
  const data: FixData = {};
  if (f.suggestion !== undefined) data.replacement = JSON.stringify(f.suggestion);
  if (f.fix) data.fix = { title: f.fix.title, edits: f.fix.edits.map((e) => ({ range: { start: at(e.start), end: at(e.end) }, newText: e.newText })) };
  if (f.missing) data.missing = f.missing;
  if (Object.keys(data).length > 0) d.data = data;
  if (related) d.relatedInformation = related;
  return d;
}

/** The last problem when some were left out: how many, and the setting that caps them. */
export function tooManyProblems(hidden: number, maxProblems: number, range: Range): Diagnostic {
  return {
    range,
    severity: DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: 'too-many-problems',
    message: `${hidden} more problem${hidden === 1 ? '' : 's'} not shown: only the first ${maxProblems === 1 ? 'one is' : `${maxProblems} are`} reported (setting mistralBatch.maxProblems)`,
  };
}
