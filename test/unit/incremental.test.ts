// After every edit, the incrementally updated analysis must equal a fresh analysis of the new text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchAnalysis } from '../../server/analysis/analysis';
import { checkJsonl } from '../../server/analysis/jsonl';
import { JsonlAnalysis } from '../../server/jsonl/analysis';
import { batchSchemas } from '../../server/schema/load';
import { BatchDocument } from '../../server/text/document';
import { prng } from '../support/random';

function batchText(rand: () => number, n: number): string {
  const requests = Array.from({ length: n }, (_, i) => {
    const messages = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, k) => ({
      role: ['system', 'user', 'assistant', 'usr'][Math.floor(rand() * (k === 0 ? 4 : 3))],
      content: `message ${i}.${k}`,
    }));
    const body: Record<string, unknown> = { messages };
    if (rand() < 0.2) body.temperature = rand() < 0.5 ? 0.7 : 9;
    if (rand() < 0.1) body.model = 'mistral-large-latest';
    const item: Record<string, unknown> = { body };
    if (rand() < 0.9) item.custom_id = `req-${Math.floor(rand() * n * 0.9)}`;
    return item;
  });
  return JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', timeout_hours: 24, requests }, null, 2);
}

const SNIPPETS = ['a', '"', '{', '}', '[', ']', ',', ':', ' ', '\n', '1', '"usr"', '"role": "user"', '\\', 'null', '{"custom_id": "x", "body": {}}, '];

function randomEdit(rand: () => number, text: string): { offset: number; length: number; insert: string } {
  const offset = Math.floor(rand() * (text.length + 1));
  const r = rand();
  if (r < 0.35) return { offset, length: 0, insert: SNIPPETS[Math.floor(rand() * SNIPPETS.length)] };
  if (r < 0.6) return { offset, length: Math.min(text.length - offset, 1 + Math.floor(rand() * 3)), insert: '' };
  if (r < 0.75) {
    // Retype a word inside a string: the in-place path.
    const at = text.indexOf('message', offset);
    return at < 0 ? { offset, length: 0, insert: 'x' } : { offset: at + 2, length: 1, insert: String.fromCharCode(97 + Math.floor(rand() * 26)) };
  }
  if (r < 0.85) {
    const at = text.indexOf('"user"', offset);
    return at < 0 ? { offset, length: 0, insert: ' ' } : { offset: at + 1, length: 4, insert: rand() < 0.5 ? 'usr' : 'assistant' };
  }
  if (r < 0.92) {
    const at = text.indexOf('"custom_id": "', offset);
    return at < 0 ? { offset, length: 0, insert: ' ' } : { offset: at + 14, length: 0, insert: String(Math.floor(rand() * 5)) };
  }
  return { offset, length: Math.min(text.length - offset, Math.floor(rand() * 200)), insert: '' };
}

test('incremental analysis equals a fresh analysis after every random edit', () => {
  const schemas = batchSchemas();
  let edits = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const rand = prng(seed);
    let text = batchText(rand, 20 + Math.floor(rand() * 40));
    // Even seeds go through the server's piece-based document, odd ones through plain strings.
    const doc = seed % 2 === 0 ? new BatchDocument('file:///t', 0, text) : undefined;
    const analysis = new BatchAnalysis(schemas, doc ?? text);
    let last: { offset: number; insert: string } | undefined;
    for (let step = 0; step < 200; step++) {
      // Half the time, keep typing where the last edit left off, as people do: runs of edits in one request.
      const e = last && rand() < 0.5 ? { offset: last.offset + last.insert.length, length: 0, insert: rand() < 0.8 ? 'a' : 'é ' } : randomEdit(rand, text);
      last = e;
      text = text.slice(0, e.offset) + e.insert + text.slice(e.offset + e.length);
      doc?.edit(e.offset, e.length, e.insert);
      analysis.update(e.offset, e.length, doc ?? text);
      edits++;
      const fresh = new BatchAnalysis(schemas, text);
      const where = `seed ${seed}, step ${step}: edit ${JSON.stringify(e)}`;
      assert.deepEqual(analysis.findings(), fresh.findings(), where);
      assert.deepEqual(analysis.findings(5), fresh.findings(5), where);
      assert.deepEqual(analysis.counts(), fresh.counts(), where);
    }
  }
  assert.equal(edits, 2400);
});

test('several changes in one event compose like separate edits', () => {
  const schemas = batchSchemas();
  const rand = prng(99);
  let text = batchText(rand, 30);
  const analysis = new BatchAnalysis(schemas, text);
  for (let i = 0; i < 50; i++) {
    const e = randomEdit(rand, text);
    text = text.slice(0, e.offset) + e.insert + text.slice(e.offset + e.length);
    analysis.update(e.offset, e.length, text);
  }
  assert.deepEqual(analysis.findings(), new BatchAnalysis(schemas, text).findings());
});

/** A structural edit inside the requests: a bracket, quote or comma deleted or typed, or a line cut. */
function structuralEdit(rand: () => number, text: string): { offset: number; length: number; insert: string } {
  const from = text.indexOf('"requests"');
  const r = rand();
  if (r < 0.5) {
    // Delete one of them, somewhere after the requests begin.
    const chars = ['{', '}', '[', ']', '"', ','];
    const at = text.indexOf(chars[Math.floor(rand() * chars.length)], from + Math.floor(rand() * (text.length - from)));
    return at < 0 ? { offset: text.length - 2, length: 0, insert: ' ' } : { offset: at, length: 1, insert: '' };
  }
  const offset = from + Math.floor(rand() * (text.length - from));
  if (r < 0.8) return { offset, length: 0, insert: ['{', '}', '[', ']', '"', ',', '}}', '{"custom_id": "n", '][Math.floor(rand() * 8)] };
  const lineEnd = text.indexOf('\n', offset);
  return { offset, length: Math.max(0, (lineEnd < 0 ? text.length : lineEnd) - offset), insert: '' };
}

test('structural edits inside the requests: incremental equals fresh, and most are re-scanned locally', () => {
  const schemas = batchSchemas();
  const proto = BatchAnalysis.prototype as unknown as Record<string, (...args: unknown[]) => boolean>;
  const original = proto.updateRegion;
  let local = 0;
  proto.updateRegion = function (this: unknown, ...args: unknown[]) {
    const done = original.apply(this, args);
    if (done) local++;
    return done;
  };
  let edits = 0;
  try {
    for (let seed = 1; seed <= 8; seed++) {
      const rand = prng(1000 + seed);
      let text = batchText(rand, 30 + Math.floor(rand() * 30));
      const doc = seed % 2 === 0 ? new BatchDocument('file:///s', 0, text) : undefined;
      const analysis = new BatchAnalysis(schemas, doc ?? text);
      let undo: { offset: number; length: number; insert: string } | undefined;
      for (let step = 0; step < 120; step++) {
        // Often the damage is undone (the character typed back), as people do: the file stays mostly sound.
        const e = undo && rand() < 0.4 ? undo : structuralEdit(rand, text);
        undo = e === undo ? undefined : { offset: e.offset, length: e.insert.length, insert: text.slice(e.offset, e.offset + e.length) };
        text = text.slice(0, e.offset) + e.insert + text.slice(e.offset + e.length);
        doc?.edit(e.offset, e.length, e.insert);
        analysis.update(e.offset, e.length, doc ?? text);
        edits++;
        const fresh = new BatchAnalysis(schemas, text);
        const where = `seed ${seed}, step ${step}: edit ${JSON.stringify(e)}`;
        assert.deepEqual(analysis.findings(), fresh.findings(), where);
        assert.deepEqual(analysis.counts(), fresh.counts(), where);
      }
    }
  } finally {
    proto.updateRegion = original;
  }
  assert.equal(edits, 960);
  assert.ok(local > edits / 4, `${local} of ${edits} structural edits were re-scanned locally`);
});

/** A batch input: one request per line, with blank and indented lines, CRLF ends here and there. */
function jsonlText(rand: () => number, n: number): string {
  // Now and then a pretty-printed request (one error over its lines) or OpenAI's line keys.
  const lines = JSON.parse(batchText(rand, n)).requests.map((r: Record<string, unknown>) => {
    const x = rand();
    if (x < 0.05) return JSON.stringify(r, null, 2);
    return JSON.stringify(x < 0.1 ? { ...r, method: 'POST', url: rand() < 0.5 ? '/v1/chat/completions' : '/v1/embeddings' } : r);
  });
  return lines.map((l: string) => (rand() < 0.1 ? `  ${l}` : l) + (rand() < 0.1 ? '\r\n' : rand() < 0.05 ? '\n\n' : '\n')).join('');
}

const LINE_EDITS = ['\n', '\r\n', '\r', '', '}\n{', '\n\n'];

test('a batch input analysed edit by edit equals a fresh analysis, lines joined and split included', () => {
  const schemas = batchSchemas();
  const context = { endpoint: '/v1/chat/completions', bodyUri: schemas.bodyUris.get('/v1/chat/completions'), model: 'mistral-small-latest' };
  let edits = 0;
  for (let seed = 1; seed <= 10; seed++) {
    const rand = prng(seed * 7);
    let text = jsonlText(rand, 20 + Math.floor(rand() * 30));
    const doc = new BatchDocument('file:///t.jsonl', 0, text);
    const analysis = new JsonlAnalysis(schemas, doc, context);
    for (let step = 0; step < 200; step++) {
      let e: { offset: number; length: number; insert: string };
      const r = rand();
      if (r < 0.3) {
        // Join a line with the next (delete its break) or split one (insert a break).
        const at = text.indexOf('\n', Math.floor(rand() * text.length));
        e = at < 0 || rand() < 0.5
          ? { offset: Math.floor(rand() * (text.length + 1)), length: 0, insert: LINE_EDITS[Math.floor(rand() * LINE_EDITS.length)] }
          : { offset: at, length: 1, insert: '' };
      } else {
        e = randomEdit(rand, text);
      }
      text = text.slice(0, e.offset) + e.insert + text.slice(e.offset + e.length);
      doc.edit(e.offset, e.length, e.insert);
      analysis.update(e.offset, e.length, doc);
      edits++;
      const fresh = new JsonlAnalysis(schemas, text, context);
      const where = `seed ${seed}, step ${step}: edit ${JSON.stringify(e)}`;
      assert.deepEqual(analysis.findings(), fresh.findings(), where);
      assert.deepEqual(analysis.findings(5), fresh.findings(5), where);
      assert.deepEqual(analysis.counts(), fresh.counts(), where);
    }
    // And what the editor shows is what the command line prints for the same text.
    const shown = analysis.findings().shown.map((f) => {
      const at = doc.positionAt(f.start);
      return [at.line, at.character, f.end - f.start, f.code, f.message].join('|');
    });
    const printed = checkJsonl(schemas, text, context.bodyUri, context.model).map((f) => [f.line, f.start, f.end - f.start, f.code, f.message].join('|'));
    assert.deepEqual(shown.sort(), printed.sort(), `seed ${seed}`);
  }
  assert.equal(edits, 2000);
});
