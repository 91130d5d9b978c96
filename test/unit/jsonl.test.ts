// Local .jsonl inputs are checked line by line with the same engine and rules as inline requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJsonl } from '../../server/analysis/jsonl';
import { batchSchemas } from '../../server/schema/load';

const CHAT = '/v1/chat/completions';

test('each line is a request: syntax, schema and batch rules, at their line and column', () => {
  const schemas = batchSchemas();
  const text = [
    '{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "hi"}]}}',
    '',
    '{"custom_id": "b", "body": {"messages": [{"role": "usr", "content": "hi"}]}}',
    'not json',
    '{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "hi"}], "model": "other"}}',
    '{"body": {"messages": [{"role": "user", "content": "hi"}], "temperature": 1, "temperature": 2}}',
  ].join('\n');
  const found = checkJsonl(schemas, text, schemas.bodyUris.get(CHAT), "mistral-small-latest");
  const lines = text.split('\n');
  assert.deepEqual(found.map((f) => [f.line + 1, f.severity, lines[f.line].slice(f.start, f.end), f.message.split(';')[0].split(':')[0]]), [
    [2, 'warning', '', 'blank line between requests'],
    [3, 'error', '"usr"', '`usr` is not a valid role'],
    [4, 'error', 'not', 'unexpected character here'],
    [4, 'error', 'json', 'unexpected character here'],
    [5, 'warning', '"a"', 'duplicate `custom_id` "a"'],
    [5, 'warning', '"other"', 'this request asks for `other` but the job runs `mistral-small-latest`'],
    [6, 'warning', '{', 'this request has no `custom_id`, so its result cannot be matched back to it'],
    [6, 'warning', '"temperature"', '`temperature` is given again later in this object'],
    [6, 'error', '2', '`temperature` must be between 0 and 1.5 (got 2)'],
  ]);
});

test('a clean file has no findings, whatever its line endings and a final newline', () => {
  const line = '{"custom_id": "x", "body": {"input": "hello"}}';
  assert.deepEqual(checkJsonl(batchSchemas(), `${line}\r\n${line.replace('"x"', '"y"')}\r\n`, batchSchemas().bodyUris.get('/v1/embeddings'), undefined), []);
});

test('in a .jsonl, other requests are named by line, and indented lines are placed past their indentation', () => {
  const text = [
    '{"custom_id": "a", "body": {"input": "x"}}',
    '',
    '   {"body": {"input": "y"}}',
    '{"custom_id": "a", "body": {"input": "z"}}',
  ].join('\n');
  const found = checkJsonl(batchSchemas(), text, batchSchemas().bodyUris.get('/v1/embeddings'), undefined);
  assert.deepEqual(found.map((f) => [f.line + 1, f.start, f.message.split(',')[0]]), [
    [2, 0, 'blank line between requests: the API reads every line as a request'],
    [3, 3, 'this request has no `custom_id`'],
    [4, 14, 'duplicate `custom_id` "a": line 1 already uses it'],
  ]);
});
