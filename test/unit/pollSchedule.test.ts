// When the jobs view polls and what it asks for (client/jobs/schedule.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { planPoll, pollDelay } from '../../client/jobs/schedule';

const running = { id: 'a', status: 'RUNNING' };
const done = { id: 'b', status: 'SUCCESS' };
const unknown = { id: 'c' };

test('nothing in sight, nothing polled', () => {
  const plan = planPoll({ viewVisible: false, listed: [running], followed: [] });
  assert.deepEqual(plan, { list: false, fetch: [] });
  assert.equal(pollDelay(plan, 15_000, 0), undefined);
});

test('a visible view with an unfinished job re-lists; one with only finished jobs does not', () => {
  assert.deepEqual(planPoll({ viewVisible: true, listed: [done, running], followed: [] }), { list: true, fetch: [] });
  const finished = planPoll({ viewVisible: true, listed: [done, { id: 'd', status: 'CANCELLED' }, { id: 'e', status: 'FAILED' }, { id: 'f', status: 'TIMEOUT_EXCEEDED' }], followed: [] });
  assert.deepEqual(finished, { list: false, fetch: [] });
  assert.equal(pollDelay(finished, 15_000, 0), undefined);
});

test('a visible CodeLens or a watch fetches its job alone, unless the list refreshes it anyway', () => {
  assert.deepEqual(planPoll({ viewVisible: false, listed: [running], followed: [running] }), { list: false, fetch: ['a'] });
  assert.deepEqual(planPoll({ viewVisible: true, listed: [running], followed: [running] }), { list: true, fetch: [] });
  // A job not fetched yet (its status unknown) is fetched; finished ones are not, and none twice.
  assert.deepEqual(planPoll({ viewVisible: false, listed: [], followed: [unknown, done, unknown] }), { list: false, fetch: ['c'] });
});

test('the interval, doubled per failure in a row, capped', () => {
  const plan = planPoll({ viewVisible: true, listed: [running], followed: [] });
  assert.equal(pollDelay(plan, 15_000, 0), 15_000);
  assert.equal(pollDelay(plan, 15_000, 1), 30_000);
  assert.equal(pollDelay(plan, 15_000, 3), 120_000);
  assert.equal(pollDelay(plan, 15_000, 20), 5 * 60_000);
});
