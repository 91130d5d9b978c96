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
import { BatchDocument } from '../../server/text/document';

function opened(uri: string, text: string): { analysis: BatchAnalysis; doc: BatchDocument } {
  const doc = new BatchDocument(uri, 0, text);
  return { analysis: new BatchAnalysis(batchSchemas(), doc), doc };
}

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
    const { analysis, doc } = opened('file:///w/many.batch.json', generateBatch(500));
    const lens = jobTotalsStub(analysis, doc);
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
    const { analysis, doc } = opened('file:///w/few.batch.json', generateBatch(3));
    const lens = jobTotalsStub(analysis, doc);
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

test('the totals stand on the line of the requests they sum up, in a file the scanner reads and in one read as a whole', () => {
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [\n    { "custom_id": "a", "body": { "messages": [{ "role": "user", "content": "Hi" }] } }\n  ]\n}\n';
  const requestsLine = { line: 3, character: 2 };
  const scanned = opened('file:///w/scanned.batch.json', text);
  assert.ok(scanned.analysis.requestSpans(), 'the scanner delimits this one');
  assert.deepEqual(jobTotalsStub(scanned.analysis, scanned.doc)?.range.start, requestsLine);
  // A job key without its quotes: the text is read as a whole, and its tree still finds the requests.
  const broken = opened('file:///w/broken.batch.json', text.replace('"model"', 'model'));
  assert.equal(broken.analysis.requestSpans(), undefined, 'read as a whole');
  assert.deepEqual(jobTotalsStub(broken.analysis, broken.doc)?.range.start, requestsLine);
});
