// Batch inputs without the server: which endpoint the bodies show, which files are inputs, and the
// text conversions between inline requests and lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inferFromLines, looksLikeBatchInput } from '../../server/jsonl/endpoint';
import { linesOf, oneLine, requestLines, requestsProperty } from '../../server/jsonl/convert';

const line = (body: unknown) => JSON.stringify({ custom_id: 'x', body });

test("the endpoint is inferred from the first request's body, as the CLI infers it", () => {
  const infer = (lines: string[]) => inferFromLines(lines)?.endpoint;
  assert.equal(infer([line({ messages: [] })]), '/v1/chat/completions');
  assert.equal(infer([line({ input: 'a' })]), '/v1/embeddings');
  assert.equal(infer([line({ prompt: 'def f(', suffix: ')' })]), '/v1/fim/completions');
  assert.equal(infer([line({ document: { type: 'document_url', document_url: 'https://x' } })]), '/v1/ocr');
  assert.equal(infer(['', 'not json', '{"custom_id": "a"}', line({ input: 'a' }), line({ messages: [] })]), '/v1/embeddings');
  assert.deepEqual(inferFromLines([line({ messages: [] })]), { endpoint: '/v1/chat/completions', because: 'the bodies have "messages"' });
  assert.equal(infer(['{"custom_id": "a"}', '[]', '']), undefined);
  // A file of broken lines is not read to its end.
  let read = 0;
  function* many(): Iterable<string> {
    for (;;) {
      read++;
      yield 'broken';
    }
  }
  assert.equal(inferFromLines(many()), undefined);
  assert.ok(read <= 101, `read ${read} lines`);
});

test('a .jsonl is a batch input when its first non-empty line is an object with custom_id or body', () => {
  assert.equal(looksLikeBatchInput('\n\n  {"custom_id": "a", "body": {}}\n'), true);
  assert.equal(looksLikeBatchInput('\uFEFF{"body": {"input": "x"}}\r\n'), true);
  assert.equal(looksLikeBatchInput('{"custom_id": "a", "body": {"input": "cut sho'), true);
  assert.equal(looksLikeBatchInput('{"messages": [{"role": "user", "content": "x"}]}\n'), false);
  assert.equal(looksLikeBatchInput('{"text": "has \\"custom_id\\": in a string"}\n'), false);
  assert.equal(looksLikeBatchInput(''), false);
  assert.equal(looksLikeBatchInput('plain text\n{"custom_id": "a"}'), false);
});

test('requests become lines and lines become requests, each as written', () => {
  assert.equal(oneLine('{"a": "b  c"}'), '{"a": "b  c"}');
  assert.equal(oneLine('{\r\n    "a": 1,\n    "b": [\n      2\n    ]\n  }'), '{ "a": 1, "b": [ 2 ] }');
  assert.equal(requestLines(['{"a":1}', '{ "b" : 2 }']), '{"a":1}\n{ "b" : 2 }\n');
  assert.deepEqual(linesOf('\uFEFF{"a":1}\r\n\n  {"b":2}  \r{"c":3}'), ['{"a":1}', '  {"b":2}  ', '{"c":3}']);
  assert.equal(requestsProperty(['{"a":1}', '  {"b":2} '], '  ', '\n'), '"requests": [\n    {"a":1},\n    {"b":2}\n  ]');
});
