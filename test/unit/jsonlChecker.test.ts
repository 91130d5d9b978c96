// The line engine of .jsonl inputs: every rule, fed one line at a time as a stream would feed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BYTES, MAX_LINES } from '../../server/analysis/inputLimits';
import { JsonlChecker, LineFinding } from '../../server/analysis/jsonlChecker';
import { IdTable } from '../../server/analysis/idTable';
import { batchSchemas } from '../../server/schema/load';

const CHAT = '/v1/chat/completions';
const chat = (id: string, extra = '') => `{"custom_id": "${id}", "body": {"messages": [{"role": "user", "content": "hi"}]${extra}}}`;

/** Feeds the lines in order and checks that findings come out in line order, as the stream prints them. */
function run(lines: string[], opts: { endpoint?: string; model?: string; bytes?: number } = {}): LineFinding[] {
  const schemas = batchSchemas();
  const checker = new JsonlChecker(schemas, schemas.bodyUris.get(opts.endpoint ?? CHAT), opts.model);
  const out: LineFinding[] = [];
  lines.forEach((line, n) => out.push(...checker.line(line, n)));
  out.push(...checker.finish({ bytes: opts.bytes ?? Buffer.byteLength(lines.join('\n')) }));
  for (let i = 1; i < out.length; i++) {
    if (out[i].code !== 'too-many-lines' && out[i].code !== 'file-too-large') assert.ok(out[i - 1].line <= out[i].line, 'findings come out in line order');
  }
  return out;
}

const brief = (found: LineFinding[], lines: string[]) =>
  found.map((f) => [f.line + 1, f.severity, lines[f.line]?.slice(f.start, f.end) ?? '', f.code]);

test('the body is checked at every depth, with the messages of inline requests', () => {
  const lines = [chat('a').replace('"user"', '"usr"'), chat('b', ', "temperature": 9')];
  const found = run(lines);
  assert.deepEqual(brief(found, lines), [[1, 'error', '"usr"', 'enum'], [2, 'error', '9', 'maximum']]);
  assert.match(found[0].message, /^"usr" is not a valid role/);
});

test('a duplicate custom_id names the first line and points at it, wherever custom_id sits in the line', () => {
  const lines = [chat('a'), chat('b'), '  {"body": {"messages": []}, "custom_id": "a"}', chat('b')];
  const found = run(lines).filter((f) => f.code === 'duplicate-custom-id');
  assert.deepEqual(found.map((f) => [f.line + 1, lines[f.line].slice(f.start, f.end), f.related?.map((r) => [r.line + 1, lines[r.line].slice(r.start, r.end)])]), [
    [3, '"a"', [[1, '"a"']]],
    [4, '"b"', [[2, '"b"']]],
  ]);
  assert.match(found[0].message, /line 1 already uses it/);
});

test('a request without custom_id, and a body model other than the job\'s, are warnings', () => {
  const lines = ['{"body": {"messages": [{"role": "user", "content": "x"}]}}', chat('m', ', "model": "other"')];
  assert.deepEqual(brief(run(lines, { model: 'mistral-small-latest' }), lines), [
    [1, 'warning', '{', 'missing-custom-id'],
    [2, 'warning', '"other"', 'model-mismatch'],
  ]);
});

test('each line is exactly one JSON object', () => {
  const lines = [`${chat('a')} ${chat('b')}`, '[1, 2]', '"text"', 'not json', chat('c')];
  const found = run(lines);
  assert.deepEqual(found.map((f) => [f.line + 1, f.code]), [[1, 'syntax'], [2, 'not-object'], [3, 'not-object'], [4, 'syntax'], [4, 'syntax']]);
  assert.match(found[0].message, /a second value starts here: each line must hold exactly one request/);
  assert.equal(lines[0].slice(found[0].start, found[0].start + 1), '{');
  assert.match(found[1].message, /each line must hold one JSON object.*holds an array/);
});

test('a blank line between requests is a warning; blank lines at the end are not', () => {
  const lines = [chat('a'), '', '   ', chat('b'), '', ''];
  assert.deepEqual(brief(run(lines), lines), [[2, 'warning', '', 'blank-line'], [3, 'warning', '', 'blank-line']]);
});

test('an object pretty-printed over several lines is one error at its first line, and its lines get no other finding', () => {
  const lines = [
    chat('a'),
    '{',
    '  "custom_id": "a",',
    '',
    '  "body": {"messages": [',
    '    {"role": "usr", "content": "hi"}',
    '  ]}',
    '}',
    chat('a'),
  ];
  const found = run(lines);
  assert.deepEqual(found.map((f) => [f.line + 1, f.code]), [[2, 'multi-line'], [9, 'duplicate-custom-id']]);
  assert.equal(found[0].message, 'line 2 starts an object that continues on the next lines; each line must hold one whole request');
});

test('a line that leaves an object open, followed by a whole request, is that line\'s own syntax error', () => {
  const lines = ['{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "x"}]}', chat('b')];
  const found = run(lines);
  assert.deepEqual(found.map((f) => [f.line + 1, f.code]), [[1, 'syntax']]);
  assert.match(found[0].message, /closing "}"/);
  // At the end of the file too.
  assert.deepEqual(run([chat('a'), chat('b').slice(0, -1)]).map((f) => [f.line + 1, f.code]), [[2, 'syntax']]);
});

test('OpenAI line keys are an information, or a warning when `url` names another endpoint; never an error', () => {
  const lines = [
    '{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"messages": [{"role": "user", "content": "x"}]}}',
    '{"custom_id": "b", "method": "POST", "url": "https://api.openai.com/v1/embeddings", "body": {"messages": [{"role": "user", "content": "x"}]}}',
  ];
  const found = run(lines);
  assert.deepEqual(brief(found, lines), [[1, 'information', '"method"', 'openai-keys'], [2, 'warning', '"https://api.openai.com/v1/embeddings"', 'other-endpoint']]);
  assert.match(found[0].message, /"method" and "url" come from OpenAI's batch format; Mistral ignores them/);
  assert.match(found[1].message, /"url" names \/v1\/embeddings, but this job's endpoint is \/v1\/chat\/completions/);
});

test('whole file: empty, only blank lines, more than 1,000,000 requests, more than 512 MB', () => {
  assert.deepEqual(run([], { bytes: 0 }).map((f) => [f.code, f.message.split(':')[0]]), [['empty-input', 'the file is empty']]);
  assert.deepEqual(run(['', '  ']).map((f) => f.code), ['empty-input']);
  assert.deepEqual(run([chat('a')], { bytes: MAX_BYTES + 1 }).map((f) => [f.line, f.code]), [[0, 'file-too-large']]);
  assert.deepEqual(run([chat('a')], { bytes: MAX_BYTES }), []);

  const schemas = batchSchemas();
  const checker = new JsonlChecker(schemas, undefined, undefined);
  const line = '{"custom_id": "x", "body": {}}';
  for (let n = 0; n <= MAX_LINES; n++) checker.line(line, n);
  const last = checker.finish({ bytes: 1 });
  assert.deepEqual(last.map((f) => [f.line, f.code]), [[MAX_LINES, 'too-many-lines']]);
  assert.match(last[0].message, /1,000,001 requests, more than the 1,000,000.*mistral-batch split/);
});

test('a line the reader could not hand over is one error saying why, and counts as a request', () => {
  const schemas = batchSchemas();
  const checker = new JsonlChecker(schemas, schemas.bodyUris.get(CHAT), undefined);
  const found = [
    ...checker.skipped(0, { kind: 'too-long', bytes: 100 * 1024 * 1024, limit: 32 * 1024 * 1024 }),
    ...checker.skipped(1, { kind: 'not-utf8', offset: 7 }),
    ...checker.finish({ bytes: 10 }),
  ];
  assert.deepEqual(found.map((f) => [f.line, f.start, f.code]), [[0, 0, 'line-too-long'], [1, 7, 'not-utf8']]);
  assert.match(found[0].message, /100 MB long, more than the 32 MB/);
});

test('past the findings that are shown, the rest come unplaced with the same lines, severities and messages', () => {
  const lines = [
    chat('a').replace('"user"', '"usr"'), '', chat('a', ', "temperature": 9, "temprature": 1'), '{"custom_id": "c", "method": "POST", "body": {"messages": []}}',
    '{"custom_id": "d", "body": {', '  "messages": []', '}}', '[1]', '{"custom_id": "e" "body": {}}', chat('a', ', "max_tokens": -5'),
  ];
  const schemas = batchSchemas();
  const feed = (placed: number) => {
    const checker = new JsonlChecker(schemas, schemas.bodyUris.get(CHAT), undefined, undefined, placed);
    const out: LineFinding[] = [];
    lines.forEach((line, n) => out.push(...checker.line(line, n)));
    out.push(...checker.finish({ bytes: 1000 }));
    return out;
  };
  const all = feed(Number.POSITIVE_INFINITY);
  assert.ok(all.length > 10, `enough findings to cut: ${all.length}`);
  // Within a line the unplaced findings keep the engine's order, not the text's: compared as sets.
  const what = (f: LineFinding) => JSON.stringify([f.line, f.severity, f.code, f.message]);
  const asSet = (found: LineFinding[]) => found.map(what).sort();
  for (const cap of [0, 1, 3, 7]) {
    const capped = feed(cap);
    // The first findings, up to the cap and to the end of the line it falls in, are exactly the placed ones.
    const shown = capped.findIndex((f, i) => i >= cap && f.line !== capped[cap - 1]?.line);
    const placedCount = cap === 0 ? 0 : shown < 0 ? capped.length : shown;
    assert.deepEqual(capped.slice(0, placedCount), all.slice(0, placedCount), `cap ${cap}: the first findings are the same, placed`);
    assert.deepEqual(asSet(capped), asSet(all), `cap ${cap}: the same findings`);
    // Those that need a search of the text (schema problems, rules, OpenAI keys) are not placed; syntax errors come placed from the parse.
    const searched = capped.slice(placedCount).filter((f) => f.code !== 'syntax' && f.code !== 'blank-line' && f.code !== 'multi-line' && f.code !== 'not-object');
    assert.ok(searched.length > 0 && searched.every((f) => f.start === 0 && f.end === 0), `cap ${cap}: later findings are not placed`);
  }
});

test('the table of ids seen answers as a Map would, across its growth', () => {
  const table = new IdTable();
  const map = new Map<string, number>();
  for (let i = 0; i < 20000; i++) {
    // Repeats, the empty id, ids that differ in one character or are prefixes of others, code units
    // past ASCII (one that is 0x80 itself, surrogates) and ids longer than the byte store's pages.
    const id = i % 7 === 0 ? `x${i % 500}` : i === 3 ? '' : i % 11 === 0 ? `r\u00e9q-${i % 300}\u0080\ud83d\ude00` : i % 1000 === 1 ? `${'long'.repeat(300_000 + (i % 3))}` : `req-${i}`;
    assert.equal(table.get(id), map.get(id), id);
    assert.equal(table.has(id), map.has(id));
    if (!map.has(id)) {
      map.set(id, i);
      table.set(id, i);
    }
    assert.equal(table.size, map.size);
  }
  for (const [id, first] of map) assert.equal(table.get(id), first);
  assert.throws(() => table.set('req-2', 5), /added once/);
});
