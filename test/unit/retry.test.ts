// Retry failed: a new batch file with exactly the failed and missing requests, copied as they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRetry } from '../../core/results/retry';
import { requestIdsOf, summarizeBatchFile } from '../../core/results/batchSummary';
import { retryCommand } from '../../cli/results';

const ok = (id: string) => JSON.stringify({ id: `r-${id}`, custom_id: id, response: { status_code: 200, body: { choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } } }, error: null });
const bad = (id: string) => JSON.stringify({ id: `r-${id}`, custom_id: id, response: { status_code: 429, body: { message: 'Rate limit exceeded' } }, error: null });

const inline = `{
  // the triage job
  "model": "mistral-small-latest",
  "endpoint": "/v1/chat/completions",
  "metadata": { "team": "support" },
  "requests": [
    { "custom_id": "a", "body": { "messages": [ { "role": "user", "content": "one" } ] } },
    {"custom_id":"b","body":{"messages":[{"role":"user","content":"two"}]}},
    { "custom_id": "c",
      "body": { "messages": [ { "role": "user", "content": "three" } ] } }
  ]
}
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'retry-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('inline requests: only the failed and missing ones, byte for byte, the rest of the file kept; n counts up', async () => {
  const dir = folder({ 'triage.batch.json': inline, 'triage.results.jsonl': ok('a') + '\n', 'triage.errors.jsonl': bad('b') + '\n' });
  const first = await writeRetry(join(dir, 'triage.batch.json'));
  assert.equal(first.batchFile, join(dir, 'triage.retry-1.batch.json'));
  assert.deepEqual([first.failed, first.missing], [['b'], ['c']]);
  const text = readFileSync(first.batchFile, 'utf8');
  assert.ok(text.includes('{"custom_id":"b","body":{"messages":[{"role":"user","content":"two"}]}}'));
  assert.ok(text.includes('{ "custom_id": "c",\n      "body": { "messages": [ { "role": "user", "content": "three" } ] } }'));
  assert.ok(!text.includes('"one"'));
  assert.ok(text.startsWith('{\n  // the triage job\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "metadata": { "team": "support" },'));
  const second = await writeRetry(join(dir, 'triage.batch.json'));
  assert.equal(second.batchFile, join(dir, 'triage.retry-2.batch.json'));
  assert.equal(readFileSync(first.batchFile, 'utf8'), text, 'the first retry file is not overwritten');
});

test('file inputs: a .jsonl of the failed lines beside the input, named in the retry batch file', async () => {
  const lines = ['{"custom_id":"x","body":{"messages":[]}}', '{"custom_id": "y", "body": {"messages": []}}', '{"custom_id":"z","body":{"messages":[]}}'];
  const dir = folder({
    'big.batch.json': JSON.stringify({ model: 'm', endpoint: '/v1/chat/completions', input_files: ['inputs.jsonl'] }, null, 2),
    'inputs.jsonl': lines.join('\r\n') + '\r\n',
    'big.results.jsonl': [ok('x'), bad('y')].join('\n'),
  });
  const retry = await writeRetry(join(dir, 'big.batch.json'));
  assert.deepEqual(retry.inputs, [join(dir, 'inputs.retry-1.jsonl')]);
  assert.equal(readFileSync(retry.inputs[0], 'utf8'), `${lines[1]}\r\n${lines[2]}\r\n`);
  assert.deepEqual(JSON.parse(readFileSync(retry.batchFile, 'utf8')), { model: 'm', endpoint: '/v1/chat/completions', input_files: ['inputs.retry-1.jsonl'] });
  assert.deepEqual(await requestIdsOf(join(dir, 'big.batch.json')), ['x', 'y', 'z']);
  const summary = await summarizeBatchFile(join(dir, 'big.batch.json'));
  assert.deepEqual([summary?.succeeded, summary?.failed, summary?.missing, summary?.failures[0]?.message], [1, 1, ['z'], 'Rate limit exceeded']);
});

test('retry FILE (the CLI command) prints the new file; nothing to retry and no results are errors that say so', async () => {
  const dir = folder({ 'triage.batch.json': inline, 'triage.results.jsonl': [ok('a'), ok('b')].join('\n') + '\n' });
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: { MISTRAL_BATCH_CACHE_DIR: join(dir, '.cache') }, signal: new AbortController().signal };
  assert.equal(await retryCommand(join(dir, 'triage.batch.json'), io), 0);
  assert.deepEqual(out, [join(dir, 'triage.retry-1.batch.json')]);
  assert.match(err.join('\n'), /0 failed and 1 missing request written; submit them with: mistral-batch submit/);
  writeFileSync(join(dir, 'triage.results.jsonl'), [ok('a'), ok('b'), ok('c')].join('\n'));
  err.length = 0;
  assert.equal(await retryCommand(join(dir, 'triage.batch.json'), io), 1);
  assert.match(err.join('\n'), /Nothing to retry: every request of triage.batch.json has a successful result/);
  err.length = 0;
  assert.equal(await retryCommand('job-nobody-knows', io), 2);
  assert.match(err.join('\n'), /neither a batch file nor a job submitted from this machine/);
});
