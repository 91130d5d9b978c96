// The checks users see: batch rules, messages and their places, through the one-shot check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostic } from 'vscode-languageserver-types';
import { checkBatchText } from '../../server/analysis/check';

function check(value: unknown, maxProblems?: number): Diagnostic[] {
  return checkBatchText(JSON.stringify(value, null, 2), { maxProblems });
}

const chat = (id: string, content = 'Hello', extra: Record<string, unknown> = {}) => ({
  custom_id: id,
  body: { messages: [{ role: 'user', content }], ...extra },
});

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} in text`);
  return text.slice(0, i).split('\n').length - 1;
}

test('a valid chat job has no problems', () => {
  assert.deepEqual(check({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat('a'), chat('b')] }), []);
});

test('timeout_hours out of range names the value and the rule, on its line', () => {
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', timeout_hours: 0, requests: [chat('a')] }, null, 2);
  const d = checkBatchText(text);
  assert.equal(d.length, 1);
  assert.equal(d[0].message, '"timeout_hours" must be between 1 and 168 (got 0)');
  assert.equal(d[0].range.start.line, lineOf(text, '"timeout_hours"'));
  assert.equal(d[0].severity, 1);
});

test('a wrong role in a request body lists the valid roles', () => {
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat('a'), { custom_id: 'b', body: { messages: [{ role: 'usr', content: 'hi' }] } }] }, null, 2);
  const d = checkBatchText(text);
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.match(d[0].message, /^"usr" is not a valid role; expected one of system, user, assistant, tool/);
  assert.equal(d[0].range.start.line, lineOf(text, '"usr"'));
  const start = text.split('\n')[d[0].range.start.line].indexOf('"usr"');
  assert.equal(d[0].range.start.character, start);
  assert.equal(d[0].range.end.character, start + 5);
});

test('an unknown top-level property suggests the right name', () => {
  const d = check({ modle: 'm', endpoint: '/v1/embeddings', requests: [{ custom_id: 'a', body: { input: 'x' } }] });
  assert.deepEqual(d.map((x) => x.message).sort(), ['missing required property "model"', 'unknown property "modle" (did you mean "model"?)']);
});

test('a typo inside a body is caught by the endpoint body schema', () => {
  const d = check({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat('a', 'hi', { temprature: 0.3 })] });
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.match(d[0].message, /unknown property "temprature" \(did you mean "temperature"\?\)/);
});

test('bodies are checked only as objects when the endpoint is unknown', () => {
  const d = check({ model: 'mistral-small-latest', endpoint: '/v1/nope', requests: [{ custom_id: 'a', body: { anything: 1 } }, { custom_id: 'b', body: 3 }] });
  const messages = d.map((x) => x.message);
  assert.equal(messages.length, 2, JSON.stringify(messages));
  assert.match(messages[0], /"\/v1\/nope" is not a valid endpoint/);
  assert.match(messages[1], /"body" must be an object/);
});

test('a job with neither input is an error; with both, a warning', () => {
  const none = check({ model: 'mistral-small-latest', endpoint: '/v1/embeddings' });
  assert.equal(none.length, 1);
  assert.equal(none[0].severity, 1);
  assert.match(none[0].message, /no input/);
  const both = check({ model: 'mistral-small-latest', endpoint: '/v1/embeddings', input_files: ['inputs/a.jsonl'], requests: [{ custom_id: 'a', body: { input: 'x' } }] });
  assert.equal(both.length, 1);
  assert.equal(both[0].severity, 2);
  assert.match(both[0].message, /both "input_files" and "requests"/);
});

test('a repeated custom_id warns on the later use and points to the first', () => {
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat('dup'), chat('x'), chat('dup', 'again')] }, null, 2);
  const d = checkBatchText(text, { uri: 'file:///t.batch.json' });
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.equal(d[0].severity, 2);
  assert.match(d[0].message, /duplicate "custom_id" "dup": request 1 already uses it/);
  const lines = text.split('\n');
  const dupLines = lines.map((l, i) => (l.includes('"dup"') ? i : -1)).filter((i) => i >= 0);
  assert.equal(d[0].range.start.line, dupLines[1]);
  assert.equal(d[0].relatedInformation?.[0].location.range.start.line, dupLines[0]);
  assert.equal(d[0].relatedInformation?.[0].location.uri, 'file:///t.batch.json');
});

test('a request without custom_id gets a warning', () => {
  const d = check({ model: 'mistral-small-latest', endpoint: '/v1/embeddings', requests: [{ body: { input: 'x' } }] });
  assert.equal(d.length, 1);
  assert.equal(d[0].severity, 2);
  assert.match(d[0].message, /no "custom_id"/);
});

test('a body model that differs from the job model warns on the body model', () => {
  const text = JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests: [chat('a', 'hi', { model: 'mistral-large-latest' })] }, null, 2);
  const d = checkBatchText(text);
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.equal(d[0].severity, 2);
  assert.equal(d[0].range.start.line, lineOf(text, '"mistral-large-latest"'));
  assert.match(d[0].message, /"mistral-large-latest" but the job runs "mistral-small-latest"/);
});

test('more than 10,000 inline requests is an error on "requests"', () => {
  const requests = Array.from({ length: 10001 }, (_, i) => ({ custom_id: `r${i}`, body: { input: 'x' } }));
  const d = check({ model: 'mistral-embed', endpoint: '/v1/embeddings', requests });
  assert.equal(d.length, 1, JSON.stringify(d.slice(0, 3)));
  assert.equal(d[0].severity, 1);
  assert.match(d[0].message, /10001/);
  assert.match(d[0].message, /10000/);
});

test('input_files accepts file ids and relative .jsonl paths only', () => {
  const d = check({ model: 'mistral-small-latest', endpoint: '/v1/embeddings', input_files: ['3f2a8c1e-1b2c-4d5e-8f90-123456789abc', 'inputs/a.jsonl', 'not-a-uuid', '/abs/path.jsonl', 'data.csv'] });
  assert.equal(d.length, 3, JSON.stringify(d));
  for (const x of d) assert.match(x.message, /file id|\.jsonl/);
});

test('metadata keys and values have length limits', () => {
  const d = check({ model: 'mistral-small-latest', endpoint: '/v1/embeddings', input_files: ['a.jsonl'], metadata: { ['k'.repeat(33)]: 'v', ok: '' } });
  assert.equal(d.length, 2, JSON.stringify(d));
});

test('syntax errors are reported where they are', () => {
  const text = '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/embeddings",\n  "requests": [\n    { "custom_id": "a", "body": { "input": "x" }, }\n  ]\n}';
  const d = checkBatchText(text);
  assert.ok(d.length >= 1);
  assert.equal(d[0].range.start.line, 4);
  assert.match(d[0].message, /trailing comma/);
});

test('an empty file and a non-object root get plain messages', () => {
  assert.match(checkBatchText('')[0].message, /the file is empty/);
  assert.match(checkBatchText('   \n')[0].message, /the file is empty/);
  const arr = checkBatchText('[1, 2]');
  assert.equal(arr.length, 1);
  assert.match(arr[0].message, /must be an object/);
});

test('deep nesting and binary garbage do not throw', () => {
  const deep = '{"model":"m","endpoint":"/v1/embeddings","requests":[' + '['.repeat(100000) + ']'.repeat(100000) + ']}';
  const d = checkBatchText(deep);
  assert.ok(d.length >= 1);
  const garbage = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
  assert.ok(Array.isArray(checkBatchText(garbage)));
});

test('problems are capped with one final diagnostic counting the rest', () => {
  const requests = Array.from({ length: 30 }, (_, i) => ({ custom_id: `r${i}`, body: { input: 5 } }));
  const d = check({ model: 'mistral-embed', endpoint: '/v1/embeddings', requests }, 10);
  assert.equal(d.length, 11);
  assert.match(d[10].message, /^20 more problems not shown/);
  const lines = d.slice(0, 10).map((x) => x.range.start.line);
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
});

/** What each diagnostic underlines, with its message: `["01"] a JSON number cannot …`. */
function underlined(text: string, diagnostics: Diagnostic[]): string[] {
  const lines = text.split('\n');
  return diagnostics.map((d) => {
    assert.equal(d.range.start.line, d.range.end.line, 'single-line ranges here');
    return `[${lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)}] ${d.message}`;
  });
}

test('a trailing comma is reported once, on the comma itself', () => {
  const text = '{"model": "mistral-embed", "endpoint": "/v1/embeddings",\n "requests": [{"custom_id": "a", "body": {"input": "x",}}],\n}';
  assert.deepEqual(underlined(text, checkBatchText(text)), [
    '[,] trailing comma: JSON does not allow a "," before a closing bracket; remove it',
    '[,] trailing comma: JSON does not allow a "," before a closing bracket; remove it',
  ]);
  const d = checkBatchText(text);
  const line = text.split('\n')[1];
  assert.deepEqual([d[0].range.start, d[1].range.start], [{ line: 1, character: line.indexOf('"x",') + 3 }, { line: 1, character: line.indexOf('}}],') + 3 }]);
});

test('a number with a leading zero is one problem that says how to write it', () => {
  const text = '{"model": "mistral-small-latest", "endpoint": "/v1/chat/completions", "requests": [{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "x"}], "temperature": 01}}]}';
  assert.deepEqual(underlined(text, checkBatchText(text)), ['[01] a JSON number cannot start with 0 followed by digits: write 1']);
});

test('numbers past the double range are named as such, not as null', () => {
  const text = '{"model": "mistral-small-latest", "endpoint": "/v1/embeddings", "timeout_hours": 1e400, "requests": [{"custom_id": "a", "body": {"input": "x"}}]}';
  assert.deepEqual(underlined(text, checkBatchText(text)), ['[1e400] "timeout_hours" must be an integer (got a number too large to represent)']);
});

test('a job whose only input is an empty list is an error on that list', () => {
  const requests = '{"model": "mistral-small-latest", "endpoint": "/v1/embeddings", "requests": []}';
  assert.deepEqual(underlined(requests, checkBatchText(requests)), ['["requests"] "requests" is empty: a job needs at least one request to run']);
  const files = '{"model": "mistral-small-latest", "endpoint": "/v1/embeddings", "input_files": []}';
  assert.deepEqual(underlined(files, checkBatchText(files)), ['["input_files"] "input_files" is empty: list at least one file id or .jsonl path']);
  assert.deepEqual(checkBatchText('{"model": "mistral-small-latest", "endpoint": "/v1/embeddings", "requests": [], "input_files": ["in.jsonl"]}').map((d) => d.code), ['both-inputs']);
});

test('problems are still placed in valid JSON nested deeper than the tree parser goes', () => {
  const deep = `${'['.repeat(1001)}1${']'.repeat(1001)}`;
  assert.deepEqual(underlined(deep, checkBatchText(deep)).map((s) => s.slice(0, 3)), ['[[]'], 'the root is not an object: said on its bracket');
  const inMetadata = `{"model": "mistral-small-latest", "endpoint": "/v1/embeddings", "metadata": ${deep}, "requests": [{"custom_id": "a", "body": {"input": "x"}}]}`;
  assert.deepEqual(underlined(inMetadata, checkBatchText(inMetadata)), ['["metadata"] "metadata" must be an object (got array)']);
});

test('a key given twice warns on the one that is ignored, and problems sit where the kept value is', () => {
  const text = '{"model": "mistral-small-latest", "endpoint": "/v1/chat/completions", "requests": [\n'
    + '{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "x"}], "temperature": 0.5, "temperature": 9}}]}';
  const d = checkBatchText(text);
  assert.deepEqual(underlined(text, d), [
    '["temperature"] "temperature" is given again later in this object: this one is ignored, the last one counts',
    '[9] "temperature" must be between 0 and 1.5 (got 9)',
  ]);
  assert.equal(d[0].severity, 2);
  const kept = text.lastIndexOf('"temperature"');
  assert.deepEqual(d[0].relatedInformation?.[0].location.range.start, { line: 1, character: kept - text.indexOf('\n') - 1 });
});

test('a repeated "requests" is checked as the one JSON.parse keeps, and the first one is flagged', () => {
  const text = '{"model": "mistral-embed", "endpoint": "/v1/embeddings",\n'
    + '"requests": [{"custom_id": "a", "body": {"input": "x"}}],\n'
    + '"requests": [{"custom_id": "b", "body": {"inputs": "x"}}]}';
  assert.deepEqual(checkBatchText(text).map((x) => [x.range.start.line, x.message]), [
    [1, '"requests" is given again later in this object: this one is ignored, the last one counts'],
    [2, 'missing required property "input"'],
    [2, 'unknown property "inputs" (did you mean "input"?)'],
  ]);
});

test('repeated keys at the top level and in metadata are found too', () => {
  const text = '{"model": "a", "model": "mistral-embed", "endpoint": "/v1/embeddings", "metadata": {"k": "1", "k": "2"}, "requests": [{"custom_id": "a", "body": {"input": "x"}}]}';
  assert.deepEqual(checkBatchText(text).map((x) => underlined(text, [x])[0].split(']')[0]), ['["model"', '["k"']);
});

test('an OCR document with nothing in it says which fields would do', () => {
  const text = '{"model": "mistral-ocr-latest", "endpoint": "/v1/ocr", "requests": [{"custom_id": "a", "body": {"document": {}}}]}';
  assert.deepEqual(checkBatchText(text).map((d) => d.message), ['"document" needs "file_id", "document_url" or "image_url"']);
});

test('a repeated top-level key on both sides of the requests points at the kept one', () => {
  const text = '{"model": "a", "endpoint": "/v1/embeddings", "requests": [{"custom_id": "a", "body": {"input": "x"}}], "model": "mistral-embed"}';
  const [d] = checkBatchText(text);
  assert.equal(d.code, 'duplicate-key');
  const related = d.relatedInformation?.[0].location.range;
  assert.ok(related);
  assert.equal(text.slice(related.start.character, related.end.character), '"model"');
  assert.equal(related.start.character, text.lastIndexOf('"model"'));
});
