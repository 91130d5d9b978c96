// Results and errors files: indexed by custom_id in a streamed pass, read back by offset, joined onto requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResultFiles, nodeFiles } from '../../core/results/files';
import { hintLabel, joinResults, requestHash, requestHashes } from '../../core/results/join';
import { outcomeOf } from '../../core/results/outcome';
import { ResultIndex } from '../../core/results/resultIndex';
import { summarize, summaryLines } from '../../core/results/summary';

const chat = (id: string, text: string, tokens = [10, 5]) => JSON.stringify({
  id: `r-${id}`, custom_id: id, error: null,
  response: { status_code: 200, body: { choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage: { prompt_tokens: tokens[0], completion_tokens: tokens[1], total_tokens: tokens[0] + tokens[1] } } },
});
const failed = (id: string, code: number, message: string) => JSON.stringify({
  id: `r-${id}`, custom_id: id, response: { status_code: code, body: { object: 'error', message, type: 'invalid_request_error' } }, error: null,
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'results-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('outcomes: answers, summaries for other endpoints, and both error envelopes', () => {
  const ok = outcomeOf(JSON.parse(chat('a', Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'))));
  assert.equal(ok.ok, true);
  assert.equal(ok.answer?.split('\n').length, 20);
  assert.equal(ok.answerCut, true);
  assert.equal(ok.finishReason, 'stop');
  assert.deepEqual(ok.usage, { prompt: 10, completion: 5, total: 15 });
  const viaStatus = outcomeOf(JSON.parse(failed('b', 400, 'Prompt contains 40000 tokens, too large')));
  assert.deepEqual([viaStatus.ok, viaStatus.statusCode, viaStatus.error], [false, 400, 'Prompt contains 40000 tokens, too large']);
  const viaError = outcomeOf({ custom_id: 'c', response: null, error: { message: 'Internal error', code: 3000 } });
  assert.deepEqual([viaError.ok, viaError.statusCode, viaError.error], [false, undefined, 'Internal error']);
  const embed = outcomeOf({ custom_id: 'e', response: { status_code: 200, body: { data: [{ embedding: [0.1, 0.2, 0.3] }], usage: { prompt_tokens: 3, total_tokens: 3 } } } });
  assert.equal(embed.summary, '1 embedding of 3 dimensions');
  const moderation = outcomeOf({ custom_id: 'm', response: { status_code: 200, body: { id: 'x', model: 'm', results: [{ categories: { hate: true, pii: false } }] } } });
  assert.equal(moderation.summary, 'moderation of 1 input: flagged hate');
  const ocr = outcomeOf({ custom_id: 'o', response: { status_code: 200, body: { pages: [{ markdown: '# Title' }, { markdown: '' }], model: 'ocr', usage_info: {} } } });
  assert.deepEqual([ocr.summary, ocr.answer], ['OCR: 2 pages', '# Title']);
});

test('index: every line by custom_id, across chunk boundaries, read back by offset; CRLF and blank lines', async () => {
  const lines = [chat('a', 'Bonjour é'), '', chat('b', 'two'), 'not json', chat('a', 'again')];
  const dir = folder({ 'job.results.jsonl': lines.join('\r\n') + '\r\n', 'job.errors.jsonl': failed('f1', 400, 'bad request') });
  // Tiny chunks: lines straddle many of them.
  const small: ResultFiles = { ...nodeFiles, async *chunks(path) { for await (const c of nodeFiles.chunks(path)) for (let i = 0; i < c.length; i += 7) yield c.subarray(i, i + 7); } };
  const index = await ResultIndex.build(small, { results: join(dir, 'job.results.jsonl'), errors: join(dir, 'job.errors.jsonl') });
  assert.ok(index);
  assert.deepEqual([...index.ids()], ['a', 'b', 'f1']);
  assert.equal((await index.outcome('a'))?.answer, 'Bonjour é');
  assert.equal((await index.outcome('b'))?.answer, 'two');
  assert.deepEqual(index.brief('b'), { source: 'results', line: 2, ok: true, statusCode: 200, totalTokens: 15, message: undefined });
  assert.deepEqual(index.brief('f1'), { source: 'errors', line: 0, ok: false, statusCode: 400, totalTokens: undefined, message: 'bad request' });
  assert.deepEqual(index.unreadable, [{ source: 'results', line: 3 }]);
  assert.equal(index.repeated.get('a'), 2);
});

test('an index notices when a file changes, appears or goes', async () => {
  const dir = folder({ 'job.results.jsonl': chat('a', 'x') });
  const paths = { results: join(dir, 'job.results.jsonl'), errors: join(dir, 'job.errors.jsonl') };
  const index = await ResultIndex.build(nodeFiles, paths);
  assert.ok(index && (await index.isCurrent(paths)));
  writeFileSync(paths.errors, failed('b', 500, 'x'));
  assert.equal(await index.isCurrent(paths), false);
  assert.equal(await ResultIndex.build(nodeFiles, { results: join(dir, 'none'), errors: join(dir, 'none2') }), undefined);
});

test('join: outcome, missing, stale, orphans; hint labels', async () => {
  const dir = folder({ 'j.results.jsonl': [chat('a', 'x', [200, 12]), chat('zz', 'y')].join('\n'), 'j.errors.jsonl': failed('b', 400, 'bad') });
  const index = (await ResultIndex.build(nodeFiles, { results: join(dir, 'j.results.jsonl'), errors: join(dir, 'j.errors.jsonl') }))!;
  const reqA = { custom_id: 'a', body: { messages: [] } };
  const submitted = requestHashes([reqA, { custom_id: 'b', body: {} }]);
  const edited = { custom_id: 'a', body: { messages: [], temperature: 1 } };
  const joined = joinResults([{ customId: 'a', hash: requestHash(edited) }, { customId: 'b', hash: requestHash({ custom_id: 'b', body: {} }) }, { customId: 'c' }, { customId: undefined }], index, submitted);
  assert.deepEqual(joined.states.map(hintLabel), ['✓ 212 tokens (stale: edited since submitted)', '✗ 400: bad', '— no result', undefined]);
  assert.deepEqual(joined.orphans, ['zz']);
  const summary = await summarize(index, ['a', 'b', 'c']);
  assert.deepEqual([summary.succeeded, summary.failed, summary.promptTokens, summary.completionTokens, summary.missing], [2, 1, 210, 17, ['c']]);
  assert.deepEqual(summary.failures, [{ message: 'bad', count: 1, customIds: ['b'] }]);
  assert.match(summaryLines(summary).join('\n'), /3 result lines: 2 succeeded, 1 failed \(2 × 200, 1 × 400\)/);
});
