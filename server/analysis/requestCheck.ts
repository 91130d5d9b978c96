// The check before trying one request: the job's own problems and that request's, not the others'
// (a typo in request 9,000 should not stop a try of request 1). Shared by the server and the CLI.
import type { CheckedProblem } from '../../core/protocol';
import { batchSchemas } from '../schema/load';
import { BatchDocument, PositionMap } from '../text/document';
import { BatchAnalysis } from './analysis';
import { checkJsonl } from './jsonl';

const MAX_LISTED = 20;

export function checkRequest(analysis: BatchAnalysis, doc: PositionMap, index: number): { errors: number; warnings: number; problems: CheckedProblem[] } {
  const findings = analysis.requestFindings(index);
  const errors = findings.filter((f) => f.severity === 'error');
  return {
    errors: errors.length,
    warnings: findings.length - errors.length,
    problems: errors.slice(0, MAX_LISTED).map((f) => ({ ...doc.positionAt(f.start), message: f.message })),
  };
}

/** The same check run in-process on a text (the CLI). */
export function checkRequestText(text: string, index: number): { errors: number; warnings: number; problems: CheckedProblem[] } {
  const doc = new BatchDocument('file:///batch.json', 0, text);
  return checkRequest(new BatchAnalysis(batchSchemas(), doc), doc, index);
}

/** Line `line` (0-based) of a .jsonl input of a job with this endpoint and model, checked as the batch file's inputs are. */
export function checkJsonlLine(text: string, line: number, endpoint: string, model: string | undefined): { errors: number; warnings: number; problems: CheckedProblem[] } {
  const findings = checkJsonl(batchSchemas(), text, batchSchemas().bodyUris.get(endpoint), model).filter((f) => f.line === line);
  // Batch rules across lines (a repeated custom_id) are warnings: they do not stop a try.
  const errors = findings.filter((f) => f.severity === 'error');
  return {
    errors: errors.length,
    warnings: findings.length - errors.length,
    problems: errors.slice(0, MAX_LISTED).map((f) => ({ line: f.line, character: f.start, message: f.message })),
  };
}
