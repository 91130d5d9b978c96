// When to poll and what to ask for. Pure (no vscode import): the poller feeds it what is on screen
// and runs the plan it returns. Polling costs requests (and, on a real account, rate limit), so it
// happens only while something unfinished is in sight or explicitly watched.
import { isTerminalStatus, nextPollDelay } from '../../core/submit';

export interface JobRef {
  id: string;
  /** Undefined while the job has not been fetched yet. */
  status?: string;
}

export interface PollInputs {
  /** The Batch Jobs view is on screen. */
  viewVisible: boolean;
  /** The jobs the view lists. */
  listed: readonly JobRef[];
  /** Jobs shown by a CodeLens in a visible editor, and watched jobs. */
  followed: readonly JobRef[];
}

export interface PollPlan {
  /** Re-list the view's pages (one request per page, refreshing every listed job). */
  list: boolean;
  /** Fetch these jobs one by one: followed, unfinished (or unknown), and not refreshed by the list. */
  fetch: string[];
}

const unfinished = (j: JobRef): boolean => j.status === undefined || !isTerminalStatus(j.status);

export function planPoll(inputs: PollInputs): PollPlan {
  const list = inputs.viewVisible && inputs.listed.some(unfinished);
  const refreshedByList = new Set(list ? inputs.listed.map((j) => j.id) : []);
  const fetch = [...new Set(inputs.followed.filter((j) => unfinished(j) && !refreshedByList.has(j.id)).map((j) => j.id))];
  return { list, fetch };
}

export function isIdle(plan: PollPlan): boolean {
  return !plan.list && plan.fetch.length === 0;
}

/** Milliseconds until the next poll, or undefined when there is nothing to poll for. */
export function pollDelay(plan: PollPlan, intervalMs: number, consecutiveErrors: number): number | undefined {
  return isIdle(plan) ? undefined : nextPollDelay(intervalMs, consecutiveErrors);
}
