// The create journal: every attempt to create a job is noted durably BEFORE its request is sent, and
// settled only once the answer is known (a job id, or a refusal that proves no job was made). A note
// left unsettled (a lost answer, an unreadable 2xx, a kill in mid-request) stops the next submission
// of the same content until someone has looked at the jobs created since. That is what keeps one
// submission to one job whatever the network or the process does.
import { randomUUID } from 'node:crypto';
import type { BatchApi, BatchJob } from '../api';
import { KeyValueStore, UncertainAttempt, uncertainAttempts, UNCERTAIN_KEY } from './store';

const MAX_UNCERTAIN = 50;
/** What an attempt says until its answer is known: the process may not live to say more. */
export const IN_FLIGHT_REASON = 'the create request was sent and its answer never arrived (the process was stopped, or the answer was lost)';

/** Notes the attempt (throwing when it cannot be stored: then nothing may be sent); returns its id. */
export async function noteAttempt(store: KeyValueStore, attempt: Omit<UncertainAttempt, 'id' | 'reason'>): Promise<string> {
  const id = randomUUID();
  await store.update(UNCERTAIN_KEY, [{ ...attempt, id, reason: IN_FLIGHT_REASON }, ...uncertainAttempts(store)].slice(0, MAX_UNCERTAIN));
  return id;
}

/** The answer is known: the attempt leaves the journal (its job, if any, is in the submissions). */
export async function settleAttempt(store: KeyValueStore, id: string): Promise<void> {
  const all = uncertainAttempts(store);
  const kept = all.filter((a) => a.id !== id);
  if (kept.length !== all.length) await store.update(UNCERTAIN_KEY, kept);
}

/** The attempt stays unsettled; its note now says why. */
export async function explainAttempt(store: KeyValueStore, id: string, reason: string): Promise<void> {
  await store.update(UNCERTAIN_KEY, uncertainAttempts(store).map((a) => (a.id === id ? { ...a, reason } : a)));
}

/**
 * The jobs that may be the attempt's: created from a minute before it on (clocks differ), newest
 * first; undefined when the server cannot be asked.
 */
export async function jobsCreatedSince(api: BatchApi, attempt: UncertainAttempt, signal?: AbortSignal): Promise<BatchJob[] | undefined> {
  const page = await api.listJobs({ createdAfter: new Date(attempt.attemptedAt - 60_000), pageSize: 10 }, { signal }).catch(() => undefined);
  return page?.jobs;
}
