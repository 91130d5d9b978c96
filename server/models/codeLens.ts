// The CodeLens above a batch file's `requests` with the job's token totals: requests, prompt tokens
// and the most output tokens `max_tokens` allows. Above the requests it sums up, and not on the first
// line: that line's lenses are the actions (Submit Batch Job, the job's state), and VS Code puts the
// lenses of the extension's own provider after the server's there, so a long totals line pushed
// Submit out of sight in a narrow editor. The lens is sent unresolved and counted when the editor
// resolves it (only when it is shown), so the other lenses never wait for a count. Counting runs on
// the counter's thread, so a first count of a large file does not hold up edits; later counts reuse
// every unchanged request.
import { CancellationToken, CodeLens, Range } from 'vscode-languageserver/node';
import { BatchAnalysis } from '../analysis/analysis';
import { PositionMap } from '../text/document';
import { CountTokens } from '../../core/tokens/prompt';
import { describeJobTokens, jobTokens, uncountedRequests } from './tokens';

const KIND = 'job-totals';
const TOP = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
/**
 * How long a resolve waits for a first count. An editor shows a line's lenses together, so a count
 * of seconds (10,000 requests) would hold up the other lenses on its line; past this, the lens
 * says it is counting and the editor is asked to refresh the lenses when the count is done.
 */
const WAIT_MS = 150;
/**
 * About how many requests a first count gets through in that wait (0.7 ms a request, bench). With
 * more left to count, the wait would end in "counting…" anyway: the lens says so at once, and the
 * lenses on its line are not held up (on a 10,000-request file, 150 ms after every open).
 */
const COUNTED_IN_WAIT = 200;

/** The totals lens of a document, still to be resolved; none for a file without requests. */
export function jobTotalsStub(analysis: BatchAnalysis, doc: PositionMap): CodeLens | undefined {
  return analysis.requestCount() === 0 ? undefined : { range: aboveRequests(analysis, doc), data: { kind: KIND, uri: doc.uri } };
}

/** The `requests` key, read from the job around the requests (the whole text, for a file read as a whole); else the top. */
function aboveRequests(analysis: BatchAnalysis, doc: PositionMap): Range {
  const inJob = analysis.requestsInJob();
  const key = inJob?.array.parent?.children?.[0];
  if (!inJob || !key) return TOP;
  const at = doc.positionAt(inJob.toDocument(key.offset));
  return { start: at, end: at };
}

/** The document a totals lens is for, or undefined for another lens. */
export function totalsLensUri(lens: CodeLens): string | undefined {
  const data = lens.data as { kind?: unknown; uri?: unknown } | undefined;
  return data?.kind === KIND && typeof data.uri === 'string' ? data.uri : undefined;
}

/** `refresh`: asks the client for the lenses again; without it (a client that cannot), the resolve waits for the whole count. */
export async function resolveJobTotals(analysis: BatchAnalysis, lens: CodeLens, token: CancellationToken, count: CountTokens, refresh?: () => void): Promise<CodeLens> {
  let answered = false;
  const counting = jobTokens(analysis, {
    count,
    // Once answered "counting", the count goes on for the refresh whatever happens to this request.
    isCancelled: () => !answered && token.isCancellationRequested,
  });
  const waited = !refresh ? undefined
    : uncountedRequests(analysis) > COUNTED_IN_WAIT ? Promise.resolve('waited' as const)
    : new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), WAIT_MS));
  const totals = await (waited ? Promise.race([counting, waited]) : counting);
  if (totals === 'waited') {
    answered = true;
    // The next resolve finds every request counted and answers at once.
    void counting.then((t) => t && refresh?.());
    return { ...lens, command: { title: 'token totals: counting…', command: '' } };
  }
  // An empty command: the lens is information, not an action.
  return { ...lens, command: { title: totals ? describeJobTokens(totals) : 'token totals: not counted (the file changed)', command: '' } };
}
