// Folding ranges made from each request's kept layout must be the ones one pass over the whole text
// finds, through edits that keep the file valid (the layouts of unchanged requests are reused), with
// and without the client's limit; any edit at all leaves valid ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAnalysis } from '../../server/analysis/analysis';
import { foldingRanges, textFolds } from '../../server/features/ranges';
import { batchSchemas } from '../../server/schema/load';
import { BatchDocument } from '../../server/text/document';
import { prng } from '../support/random';

function jobText(rand: () => number, n: number): string {
  const requests = Array.from({ length: n }, (_, i) => ({
    custom_id: `r-${i}`,
    body: { messages: [{ role: 'user', content: `q ${i}` }], ...(rand() < 0.3 ? { response_format: { type: 'json_object' } } : {}) },
  }));
  // Nested job keys on both sides of the requests, so some of the job's ranges are as deep as theirs.
  return JSON.stringify({ metadata: { team: { name: 'a', tags: ['x', 'y'] } }, model: 'mistral-small-latest', endpoint: '/v1/chat/completions', requests, timeout_hours: 24, extra: { deep: { deeper: [1, 2] } } }, null, 2);
}

/** The whole-text pass, limited the way the client's cap is applied. */
function expected(doc: BatchDocument, limit: number | undefined) {
  const found = textFolds(doc);
  const kept = limit !== undefined && found.length > limit ? [...found].sort((a, b) => a.depth - b.depth).slice(0, limit) : found;
  return kept.map((f) => f.range).sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** Edits after which the text is still valid JSON: in a string, between tokens, a nested value added. */
function validEdit(rand: () => number, text: string): { offset: number; length: number; insert: string } {
  const r = rand();
  const find = (needle: string) => {
    const at = text.indexOf(needle, Math.floor(rand() * text.length));
    return at < 0 ? text.indexOf(needle) : at;
  };
  if (r < 0.3) return { offset: find('"q ') + 2, length: 0, insert: rand() < 0.5 ? 'x' : 'é' };
  if (r < 0.55) return { offset: find('"role"'), length: 0, insert: rand() < 0.5 ? '\n      ' : ' ' };
  if (r < 0.75) return { offset: find('"messages"'), length: 0, insert: '"tools": [\n  {\n    "type": "function"\n  }\n],\n' };
  if (r < 0.9) {
    const at = text.lastIndexOf('{', find('"custom_id"'));
    return { offset: at, length: 0, insert: '{\n "custom_id": "new",\n "body": {\n  "messages": []\n }\n},\n' };
  }
  return { offset: find('"team"'), length: 0, insert: '"more": {\n "k": [\n 1\n ]\n},\n' };
}

test('folding from the requests\' kept layouts equals one pass over the text, limited or not, through edits', () => {
  const schemas = batchSchemas();
  let compared = 0;
  for (let seed = 1; seed <= 6; seed++) {
    const rand = prng(seed);
    const doc = new BatchDocument('file:///f', 0, jobText(rand, 20 + Math.floor(rand() * 30)));
    const analysis = new BatchAnalysis(schemas, doc);
    for (let step = 0; step < 60; step++) {
      const e = validEdit(rand, doc.getText());
      doc.edit(e.offset, e.length, e.insert);
      analysis.update(e.offset, e.length, doc);
      JSON.parse(doc.getText());
      assert.ok(analysis.requestSpans(), `seed ${seed}, step ${step}: the requests are delimited`);
      for (const limit of [undefined, 0, 3, 40, 150, 100_000]) {
        assert.deepEqual(foldingRanges(analysis, doc, limit), expected(doc, limit), `seed ${seed}, step ${step}, limit ${limit}: ${JSON.stringify(e)}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 6 * 60 * 6);
});

test('folding after any edit, broken JSON included, gives ranges inside the document', () => {
  const schemas = batchSchemas();
  const rand = prng(7);
  const doc = new BatchDocument('file:///g', 0, jobText(rand, 30));
  const analysis = new BatchAnalysis(schemas, doc);
  const pieces = ['{', '}', '[', ']', '"', '\n', ',', '\\'];
  for (let step = 0; step < 300; step++) {
    const offset = Math.floor(rand() * (doc.length + 1));
    const length = rand() < 0.3 ? Math.min(doc.length - offset, Math.floor(rand() * 40)) : 0;
    const insert = length > 0 && rand() < 0.5 ? '' : pieces[Math.floor(rand() * pieces.length)];
    doc.edit(offset, length, insert);
    analysis.update(offset, length, doc);
    for (const r of foldingRanges(analysis, doc, 50)) {
      assert.ok(r.startLine >= 0 && r.startLine < r.endLine && r.endLine < doc.lineCount, `step ${step}: ${JSON.stringify(r)}`);
    }
    assert.ok(foldingRanges(analysis, doc, 50).length <= 50);
  }
});
