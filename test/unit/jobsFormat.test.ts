// How jobs read in the Jobs view, the CodeLens and the status bar (client/jobs/format.ts).
import { relativeTime } from '../../core/time';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { BatchJob } from '../../core/api';
import {
  countsText, finishedMessage, formatBytes, jobContextValue, jobDescription, jobDetails, jobLabel, lensTitle, pendingLensTitle, progressText,
  shortJobId, statusBarText, statusIcon, statusText, statusWord, submittedMessage,
} from '../../client/jobs/format';

const NOW = Date.UTC(2025, 0, 10, 12, 0, 0);

function job(overrides: Partial<BatchJob> = {}): BatchJob {
  return {
    id: '3f2a1b2c-0000-4000-8000-000000000001',
    object: 'batch',
    inputFiles: [],
    endpoint: '/v1/chat/completions',
    model: 'mistral-small-latest',
    errors: [],
    status: 'RUNNING',
    createdAt: NOW / 1000 - 300,
    totalRequests: 1000,
    completedRequests: 120,
    succeededRequests: 118,
    failedRequests: 2,
    ...overrides,
  };
}

test('the CodeLens reads "Job 3f2a1b2c · Running 120/1000"', () => {
  assert.equal(lensTitle(job({ failedRequests: 0 })), 'Job 3f2a1b2c · Running 120/1000');
  assert.equal(lensTitle(job()), 'Job 3f2a1b2c · Running 120/1000, 2 failed');
  assert.equal(lensTitle(job({ status: 'SUCCESS', totalRequests: 2, completedRequests: 2, succeededRequests: 2, failedRequests: 0 })), 'Job 3f2a1b2c · Succeeded 2/2');
  assert.equal(pendingLensTitle('3f2a1b2c-0000-4000-8000-000000000001'), 'Job 3f2a1b2c · …');
});

test('short ids are the first 8 characters, without an ellipsis', () => {
  assert.equal(shortJobId('abc'), 'abc');
  assert.equal(shortJobId('12345678'), '12345678');
  assert.equal(shortJobId('a3a8a158-a97e-488c-a78f-48edbc19239a'), 'a3a8a158');
});

test('statuses read as words, one mapping for every surface', () => {
  const words: Record<string, string> = {
    QUEUED: 'Queued', RUNNING: 'Running', SUCCESS: 'Succeeded', FAILED: 'Failed',
    TIMEOUT_EXCEEDED: 'Timed out', CANCELLATION_REQUESTED: 'Cancelling', CANCELLED: 'Cancelled',
  };
  for (const [status, word] of Object.entries(words)) assert.equal(statusWord(status), word, status);
  assert.equal(statusWord('SOME_NEW_STATE'), 'Some new state', 'an unknown status still reads as words');
  assert.equal(statusWord(''), 'Unknown');
});

test('status text: a percentage while running, the word otherwise', () => {
  assert.equal(statusText(job()), 'Running 12%');
  assert.equal(statusText(job({ completedRequests: 450 })), 'Running 45%');
  assert.equal(statusText(job({ totalRequests: 0, completedRequests: 0 })), 'Running', 'no percentage before the requests are counted');
  assert.equal(statusText(job({ status: 'QUEUED' })), 'Queued');
  assert.equal(statusText(job({ status: 'SUCCESS' })), 'Succeeded');
  assert.equal(statusText(job({ status: 'TIMEOUT_EXCEEDED' })), 'Timed out');
  assert.equal(statusText(job({ status: 'CANCELLATION_REQUESTED' })), 'Cancelling');
});

test('progress text: the word with the counts', () => {
  assert.equal(progressText(job()), 'Running 120/1000, 2 failed');
  assert.equal(progressText(job({ status: 'QUEUED', completedRequests: 0, succeededRequests: 0, failedRequests: 0, totalRequests: 2 })), 'Queued 0/2');
  assert.equal(progressText(job({ status: 'QUEUED', completedRequests: 0, succeededRequests: 0, failedRequests: 0, totalRequests: 0 })), 'Queued');
  assert.equal(progressText(job({ status: 'FAILED', totalRequests: 10, completedRequests: 10, succeededRequests: 0, failedRequests: 10 })), 'Failed 10/10, 10 failed');
});

test('relative times', () => {
  assert.equal(relativeTime(NOW - 10_000, NOW), 'just now');
  assert.equal(relativeTime(NOW + 60_000, NOW), 'just now', 'a clock ahead of ours is not "in the future"');
  assert.equal(relativeTime(NOW - 60_000, NOW), '1 minute ago');
  assert.equal(relativeTime(NOW - 5 * 60_000, NOW), '5 minutes ago');
  assert.equal(relativeTime(NOW - 3 * 3600_000, NOW), '3 hours ago');
  assert.equal(relativeTime(NOW - 3 * 86400_000, NOW), '3 days ago');
});

test('short relative times, for rows', () => {
  const short = { short: true };
  assert.equal(relativeTime(NOW - 10_000, NOW, short), 'just now');
  assert.equal(relativeTime(NOW - 60_000, NOW, short), '1 min ago');
  assert.equal(relativeTime(NOW - 3 * 60_000, NOW, short), '3 min ago');
  assert.equal(relativeTime(NOW - 3600_000, NOW, short), '1 hr ago');
  assert.equal(relativeTime(NOW - 3 * 3600_000, NOW, short), '3 hr ago');
  assert.equal(relativeTime(NOW - 86400_000 * 2, NOW, short), '2 days ago');
  assert.equal(relativeTime(NOW - 86400_000 * 1.5, NOW, short), '2 days ago');
});

test('byte sizes', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
});

test('every status has an icon, terminal ones are coloured, unknown ones still show', () => {
  for (const s of ['QUEUED', 'RUNNING', 'SUCCESS', 'FAILED', 'TIMEOUT_EXCEEDED', 'CANCELLATION_REQUESTED', 'CANCELLED']) {
    assert.notEqual(statusIcon(s).icon, 'question', s);
  }
  assert.equal(statusIcon('SUCCESS').icon, 'pass');
  assert.equal(statusIcon('SUCCESS').color, 'testing.iconPassed');
  assert.notEqual(statusIcon('SUCCESS', 3).color, 'testing.iconPassed', 'failed requests are not a plain green check');
  assert.ok(statusIcon('FAILED').color);
  assert.equal(statusIcon('SOMETHING_NEW').icon, 'question');
});

const succeeded = (overrides: Partial<BatchJob> = {}): BatchJob =>
  job({ status: 'SUCCESS', totalRequests: 2, completedRequests: 2, succeededRequests: 2, failedRequests: 0, ...overrides });

test('a row is named after its batch file, or its short id', () => {
  assert.equal(jobLabel(job(), 'good.batch.json'), 'good.batch.json');
  assert.equal(jobLabel(job()), 'Job 3f2a1b2c');
  assert.equal(jobLabel(job(), ''), 'Job 3f2a1b2c');
});

test('a row\'s description: human status, counts, results, age', () => {
  assert.equal(jobDescription(succeeded({ createdAt: NOW / 1000 - 10 }), NOW), 'Succeeded · 2/2 · just now');
  assert.equal(jobDescription(succeeded({ outputFile: 'f1', createdAt: NOW / 1000 - 180 }), NOW), 'Succeeded · 2/2 · 3 min ago', 'a success has results: no need to say so');
  assert.equal(jobDescription(job({ status: 'CANCELLED', outputFile: 'f1' }), NOW), 'Cancelled · 120/1000, 2 failed · results ready · 5 min ago');
  assert.equal(jobDescription(job(), NOW), 'Running · 120/1000, 2 failed · 5 min ago');
  assert.equal(
    jobDescription(job({ status: 'QUEUED', totalRequests: 0, completedRequests: 0, succeededRequests: 0, failedRequests: 0 }), NOW),
    'Queued · 5 min ago',
    'no "0/0" before the requests are counted',
  );
  assert.equal(jobDescription(job({ status: 'TIMEOUT_EXCEEDED' }), NOW), 'Timed out · 120/1000, 2 failed · 5 min ago');
  assert.equal(countsText(job()), '120/1000, 2 failed');
  assert.equal(countsText(job({ failedRequests: 0 })), '120/1000');
});

test('the tooltip holds what the row leaves out', () => {
  const iso = (s: number): string => new Date(s * 1000).toISOString();
  const lines = jobDetails(succeeded({ outputFile: 'f1', completedAt: NOW / 1000 - 60 }), { nowMs: NOW, batchFile: '/w/good.batch.json', formatTime: iso });
  assert.deepEqual(lines.map((l) => `${l.name}: ${l.value}`), [
    'Job ID: 3f2a1b2c-0000-4000-8000-000000000001',
    'Status: Succeeded',
    'Requests: 2 succeeded, 0 failed, 2 in all',
    'Results: ready to download',
    'Model: mistral-small-latest',
    'Endpoint: /v1/chat/completions',
    'Created: 2025-01-10T11:55:00.000Z (5 minutes ago)',
    'Ended: 2025-01-10T11:59:00.000Z',
    'Batch file: /w/good.batch.json',
  ]);
  const agent = jobDetails(job({ model: null, agentId: 'ag-1', errors: [{ message: 'boom', count: 3 }] }), { nowMs: NOW, formatTime: iso });
  assert.deepEqual(agent.map((l) => `${l.name}: ${l.value}`), [
    'Job ID: 3f2a1b2c-0000-4000-8000-000000000001',
    'Status: Running 12%',
    'Requests: 118 succeeded, 2 failed, 1000 in all',
    'Agent: ag-1',
    'Endpoint: /v1/chat/completions',
    'Created: 2025-01-10T11:55:00.000Z (5 minutes ago)',
    'Error: boom (×3)',
  ]);
});

test('notifications name the job by its short id and read the status as words', () => {
  const queued = job({ id: 'a3a8a158-a97e-488c-a78f-48edbc19239a', status: 'QUEUED', totalRequests: 2, completedRequests: 0, succeededRequests: 0, failedRequests: 0 });
  assert.equal(submittedMessage(queued, 'good.batch.json'), 'Submitted good.batch.json as job a3a8a158 (2 requests, queued).');
  assert.equal(submittedMessage({ ...queued, totalRequests: 1 }, 'one.batch.json'), 'Submitted one.batch.json as job a3a8a158 (1 request, queued).');
  assert.equal(submittedMessage({ ...queued, totalRequests: 0 }, 'x.batch.json'), 'Submitted x.batch.json as job a3a8a158 (queued).');
  assert.equal(submittedMessage(job({ id: 'a3a8a158-a97e', completedRequests: 450 }), 'x.batch.json'), 'Submitted x.batch.json as job a3a8a158 (1000 requests, running 45%).');
  assert.equal(finishedMessage(succeeded(), 'good.batch.json'), 'Job 3f2a1b2c (good.batch.json) finished: Succeeded 2/2.');
  assert.equal(finishedMessage(job({ status: 'TIMEOUT_EXCEEDED' })), 'Job 3f2a1b2c finished: Timed out 120/1000, 2 failed.');
});

test('context values offer Cancel only for unfinished jobs, and files only when they exist', () => {
  assert.equal(jobContextValue(job(), false), 'job unfinished');
  assert.equal(jobContextValue(job({ status: 'CANCELLATION_REQUESTED' }), false), 'job unfinished');
  assert.equal(jobContextValue(job({ status: 'SUCCESS', outputFile: 'f1', errorFile: 'f2' }), true), 'job finished results errors recorded');
  for (const s of ['SUCCESS', 'FAILED', 'TIMEOUT_EXCEEDED', 'CANCELLED']) {
    assert.doesNotMatch(jobContextValue(job({ status: s as BatchJob['status'] }), true), /\bunfinished\b/, s);
  }
});

test('the status bar counts unfinished jobs with their overall progress, and hides when there are none', () => {
  assert.equal(statusBarText([]), undefined);
  const one = statusBarText([job()]);
  assert.equal(one?.text, '$(sync~spin) 1 batch job 12%');
  const two = statusBarText([job(), job({ id: 'b', totalRequests: 1000, completedRequests: 780 })]);
  assert.equal(two?.text, '$(sync~spin) 2 batch jobs 45%');
  assert.equal(two?.tooltip, 'Mistral batch jobs not finished:\nJob 3f2a1b2c: Running 120/1000, 2 failed\nJob b: Running 780/1000, 2 failed\nClick to open the Jobs view.');
  assert.equal(statusBarText([job({ status: 'QUEUED', totalRequests: 0, completedRequests: 0 })])?.text, '$(sync~spin) 1 batch job');
});
