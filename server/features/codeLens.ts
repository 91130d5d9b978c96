// CodeLenses of a batch document, from a list of sources so another kind of lens is one more entry.
import { CodeLens } from 'vscode-languageserver/node';
import { TRY_REQUEST_COMMAND, TryRequestArgs } from '../../core/protocol';
import { tryEndpoint } from '../../core/try/endpoints';
import type { BatchAnalysis } from '../analysis/analysis';
import type { BatchDocument } from '../text/document';

/** A batch file open in the server. */
export interface BatchEntry {
  doc: BatchDocument;
  analysis: BatchAnalysis;
}

export type LensSource = (entry: BatchEntry) => CodeLens[];

/**
 * "Try" above each request, when the job's endpoint is one a request can be tried against. The range
 * spans the whole request, so a client finds the request under the cursor without parsing.
 */
export const tryLenses: LensSource = ({ doc, analysis }) => {
  if (!tryEndpoint(analysis.job.endpoint)) return [];
  return analysis.requests().map((r) => {
    const args: TryRequestArgs = { uri: doc.uri, index: r.index, ...(r.customId !== undefined ? { customId: r.customId } : {}) };
    return { range: { start: doc.positionAt(r.start), end: doc.positionAt(r.end) }, command: { title: '▷ Try', command: TRY_REQUEST_COMMAND, arguments: [args] } };
  });
};

const SOURCES: LensSource[] = [tryLenses];

export function codeLenses(entry: BatchEntry, sources: readonly LensSource[] = SOURCES): CodeLens[] {
  return sources.flatMap((source) => source(entry));
}
