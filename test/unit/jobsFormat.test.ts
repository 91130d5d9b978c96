// How jobs read in the Batch Jobs view, the CodeLens and the status bar (client/jobs/format.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { BatchJob } from '../../core/api';
import {
  countsText, formatBytes, jobContextValue, jobDescription, jobLabel, lensTitle, relativeTime, shortJobId, statusBarText, statusIcon,
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

test('the CodeLens reads "Job 3f2a1b2c…: RUNNING 120/1000"', () => {
  assert.equal(lensTitle(job({ failedRequests: 0 })), 'Job 3f2a1b2c…: RUNNING 120/1000');
  assert.equal(lensTitle(job()), 'Job 3f2a1b2c…: RUNNING 120/1000, 2 failed');
});

test('short ids keep ids that are already short', () => {
  assert.equal(shortJobId('abc'), 'abc');
  assert.equal(shortJobId('123456789'), '123456789');
  assert.equal(shortJobId('1234567890'), '12345678…');
});

test('relative times', () => {
  assert.equal(relativeTime(NOW - 10_000, NOW), 'just now');
  assert.equal(relativeTime(NOW + 60_000, NOW), 'just now', 'a clock ahead of ours is not "in the future"');
  assert.equal(relativeTime(NOW - 60_000, NOW), '1 minute ago');
  assert.equal(relativeTime(NOW - 5 * 60_000, NOW), '5 minutes ago');
  assert.equal(relativeTime(NOW - 3 * 3600_000, NOW), '3 hours ago');
  assert.equal(relativeTime(NOW - 3 * 86400_000, NOW), '3 days ago');
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
  assert.ok(statusIcon('FAILED').color);
  assert.equal(statusIcon('SOMETHING_NEW').icon, 'question');
});

test('a row shows status and id, then model, endpoint, counts and age', () => {
  assert.equal(jobLabel(job()), 'RUNNING · 3f2a1b2c…');
  assert.equal(countsText(job()), '118 ok, 2 failed / 1000');
  assert.equal(countsText(job({ failedRequests: 0, succeededRequests: 120 })), '120 ok / 1000');
  assert.equal(jobDescription(job(), NOW), 'mistral-small-latest · /v1/chat/completions · 118 ok, 2 failed / 1000 · 5 minutes ago');
  assert.equal(
    jobDescription(job({ model: null, agentId: 'ag-1' }), NOW, 'demo.batch.json'),
    'demo.batch.json · agent ag-1 · /v1/chat/completions · 118 ok, 2 failed / 1000 · 5 minutes ago',
  );
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
  assert.match(two?.tooltip ?? '', /RUNNING 780\/1000/);
  assert.equal(statusBarText([job({ status: 'QUEUED', totalRequests: 0, completedRequests: 0 })])?.text, '$(sync~spin) 1 batch job');
});
