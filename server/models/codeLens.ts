// The CodeLens at the top of a batch file with the job's token totals: requests, prompt tokens and
// the most output tokens `max_tokens` allows. Counting yields between slices of requests, so a
// first count of a large file does not hold up edits; later counts reuse every unchanged request.
import { CancellationToken, CodeLens } from 'vscode-languageserver/node';
import { BatchAnalysis } from '../analysis/analysis';
import { describeJobTokens, jobTokens } from './tokens';

export async function jobTotalsLens(analysis: BatchAnalysis, token: CancellationToken): Promise<CodeLens | undefined> {
  if (analysis.requestCount() === 0) return undefined;
  const totals = await jobTokens(analysis, {
    pause: () => new Promise((resolve) => setImmediate(resolve)),
    isCancelled: () => token.isCancellationRequested,
  });
  if (!totals) return undefined;
  const top = { line: 0, character: 0 };
  // An empty command: the lens is information, not an action.
  return { range: { start: top, end: top }, command: { title: describeJobTokens(totals), command: '' } };
}
