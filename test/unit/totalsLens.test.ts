// The totals lens: a count that will outlast the resolve's wait is said to be counting at once, so
// the lenses on its line are not held up; a small one is waited for and shown with its figures.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { generateBatch } from '../../bench/generate';
import { CountTokens } from '../../core/tokens/prompt';
import { BatchAnalysis } from '../../server/analysis/analysis';
import { jobTotalsStub, resolveJobTotals } from '../../server/models/codeLens';
import { batchSchemas } from '../../server/schema/load';

/** A counter that answers only when told to. */
function heldCounter(): { count: CountTokens; release: () => void } {
  const held: Array<() => void> = [];
  return {
    count: (parts) => new Promise((resolve) => held.push(() => resolve(parts.map(() => 7)))),
    release: () => held.splice(0).forEach((r) => r()),
  };
}

test('a first count of many requests answers "counting" without waiting, and the refresh follows the count', { timeout: 10_000 }, async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const analysis = new BatchAnalysis(batchSchemas(), generateBatch(500));
    const lens = jobTotalsStub(analysis, 'file:///w/many.batch.json');
    assert.ok(lens);
    const counter = heldCounter();
    let refreshed = 0;
    // No timer is ever run here: the answer cannot come from the wait.
    const answer = await resolveJobTotals(analysis, lens, new CancellationTokenSource().token, counter.count, () => refreshed++);
    assert.equal(answer.command?.title, 'token totals: counting…');
    for (let k = 0; k < 100 && refreshed === 0; k++) {
      counter.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(refreshed, 1);
  } finally {
    mock.timers.reset();
  }
});

test('a first count of a few requests is waited for', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const analysis = new BatchAnalysis(batchSchemas(), generateBatch(3));
    const lens = jobTotalsStub(analysis, 'file:///w/few.batch.json');
    assert.ok(lens);
    const counter = heldCounter();
    let settled = false;
    const answer = resolveJobTotals(analysis, lens, new CancellationTokenSource().token, counter.count, () => undefined).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'the resolve waits for the count');
    counter.release();
    assert.match((await answer).command?.title ?? '', /^3 requests · ~[\d,]+ prompt tokens/);
  } finally {
    mock.timers.reset();
  }
});
