// The CodeLens at the top of a batch file with the job's token totals: requests, prompt tokens and
// the most output tokens `max_tokens` allows. The lens is sent unresolved and counted when the editor
// resolves it (only when it is shown), so the other lenses never wait for a count. Counting yields
// between slices of requests, so a first count of a large file does not hold up edits; later counts
// reuse every unchanged request.
import { CancellationToken, CodeLens } from 'vscode-languageserver/node';
import { BatchAnalysis } from '../analysis/analysis';
import { describeJobTokens, jobTokens } from './tokens';

const KIND = 'job-totals';
const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The totals lens of a document, still to be resolved; none for a file without requests. */
export function jobTotalsStub(analysis: BatchAnalysis, uri: string): CodeLens | undefined {
  return analysis.requestCount() === 0 ? undefined : { range: TOP, data: { kind: KIND, uri } };
}

/** The document a totals lens is for, or undefined for another lens. */
export function totalsLensUri(lens: CodeLens): string | undefined {
  const data = lens.data as { kind?: unknown; uri?: unknown } | undefined;
  return data?.kind === KIND && typeof data.uri === 'string' ? data.uri : undefined;
}

export async function resolveJobTotals(analysis: BatchAnalysis, lens: CodeLens, token: CancellationToken): Promise<CodeLens> {
  const totals = await jobTokens(analysis, {
    pause: () => new Promise((resolve) => setImmediate(resolve)),
    isCancelled: () => token.isCancellationRequested,
  });
  // An empty command: the lens is information, not an action.
  return { ...lens, command: { title: totals ? describeJobTokens(totals) : 'token totals: not counted (the file changed)', command: '' } };
}
