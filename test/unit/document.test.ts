// The piece-based document must agree with a freshly built vscode-languageserver-textdocument after every edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Documents } from '../../server/documents';
import { batchSchemas } from '../../server/schema/load';
import { BatchDocument } from '../../server/text/document';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 4294967296;
  };
}

const INSERTS = ['a', '\n', '\r', '\r\n', 'xy\nz', '\n\n', '"\\n"', '{\r\n  "a": 1\r\n}', ''];

/** TextDocument breaks lines at a lone `\r` as LSP says; the server follows the editors, where it is a character. */
function asEditorsSeeIt(text: string): TextDocument {
  return TextDocument.create('file:///a', 'x', 0, text.replace(/\r(?!\n)/g, 'R'));
}

test('positions, offsets and text match TextDocument (lone CR as a character) after random edits', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const rand = prng(seed);
    let reference = TextDocument.create('file:///a', 'x', 0, 'line one\nline two\r\nline three\rfour\n');
    const doc = new BatchDocument('file:///a', 0, reference.getText());
    for (let step = 0; step < 300; step++) {
      const text = reference.getText();
      const offset = Math.floor(rand() * (text.length + 1));
      const length = rand() < 0.5 ? 0 : Math.min(text.length - offset, Math.floor(rand() * 6));
      const insert = INSERTS[Math.floor(rand() * INSERTS.length)];
      // A fresh document is the reference: TextDocument.update itself miscounts a `\r` and `\n` joined by an edit.
      reference = TextDocument.create('file:///a', 'x', step + 1, text.slice(0, offset) + insert + text.slice(offset + length));
      doc.edit(offset, length, insert);
      const expected = reference.getText();
      const lines = asEditorsSeeIt(expected);
      assert.equal(doc.length, expected.length);
      assert.equal(doc.lineCount, lines.lineCount, `seed ${seed} step ${step}`);
      for (let o = 0; o <= expected.length; o += 1 + Math.floor(rand() * 4)) {
        assert.deepEqual(doc.positionAt(o), lines.positionAt(o), `positionAt(${o}) seed ${seed} step ${step}`);
      }
      for (let line = 0; line <= lines.lineCount; line++) {
        const position = { line, character: Math.floor(rand() * 12) };
        assert.equal(doc.offsetAt(position), lines.offsetAt(position), `offsetAt(${JSON.stringify(position)})`);
      }
      const a = Math.floor(rand() * (expected.length + 1));
      const b = a + Math.floor(rand() * (expected.length - a + 1));
      assert.equal(doc.slice(a, b), expected.slice(a, b));
    }
    assert.equal(doc.getText(), reference.getText());
  }
});

test('many edits stay correct across the pieces being joined', () => {
  const doc = new BatchDocument('file:///b', 0, 'x'.repeat(1000));
  let expected = 'x'.repeat(1000);
  for (let i = 0; i < 2000; i++) {
    const at = (i * 37) % expected.length;
    doc.edit(at, 1, 'ab');
    expected = expected.slice(0, at) + 'ab' + expected.slice(at + 1);
  }
  assert.equal(doc.getText(), expected);
});

// Line starts are kept in chunks of about a thousand: edits here cross, split and merge chunks.
const MANY_LINES = ['\n', '\r\n', '\r', 'a\n', 'b\r\n'];

function manyLines(rand: () => number, lines: number): string {
  let text = '';
  for (let i = 0; i < lines; i++) text += 'x'.repeat(Math.floor(rand() * 8)) + MANY_LINES[Math.floor(rand() * MANY_LINES.length)];
  return text;
}

test('positions and offsets match TextDocument after edits across thousands of lines', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const rand = prng(seed * 7919);
    let expected = manyLines(rand, 3000 + Math.floor(rand() * 3000));
    const doc = new BatchDocument('file:///c', 0, expected);
    for (let step = 0; step < 200; step++) {
      const before = asEditorsSeeIt(expected);
      const r = rand();
      let offset: number;
      let length: number;
      let insert: string;
      if (r < 0.3) {
        // Near a line that starts a chunk when the text is first read, and may sit on a boundary since.
        const line = Math.min(before.lineCount - 1, 1024 * Math.floor(rand() * 6) + Math.floor(rand() * 5) - 2);
        offset = Math.min(expected.length, before.offsetAt({ line: Math.max(0, line), character: 0 }) + Math.floor(rand() * 3) - 1);
        offset = Math.max(0, offset);
        length = Math.min(expected.length - offset, Math.floor(rand() * 4));
        insert = INSERTS[Math.floor(rand() * INSERTS.length)];
      } else if (r < 0.5) {
        // Many lines at once: past a chunk's capacity.
        offset = Math.floor(rand() * (expected.length + 1));
        length = 0;
        insert = manyLines(rand, Math.floor(rand() * 2500));
      } else if (r < 0.7) {
        // Thousands of lines gone: whole chunks removed, their neighbours left small.
        offset = Math.floor(rand() * (expected.length + 1));
        length = Math.min(expected.length - offset, Math.floor(rand() * 30000));
        insert = rand() < 0.5 ? '' : INSERTS[Math.floor(rand() * INSERTS.length)];
      } else {
        offset = Math.floor(rand() * (expected.length + 1));
        length = rand() < 0.5 ? 0 : Math.min(expected.length - offset, Math.floor(rand() * 6));
        insert = INSERTS[Math.floor(rand() * INSERTS.length)];
      }
      if (rand() < 0.05 && expected.length < 20000) {
        // Grows the text back when deletions have worn it down.
        offset = expected.length;
        length = 0;
        insert = manyLines(rand, 4000);
      }
      expected = expected.slice(0, offset) + insert + expected.slice(offset + length);
      doc.edit(offset, length, insert);
      const reference = asEditorsSeeIt(expected);
      const where = `seed ${seed} step ${step}`;
      assert.equal(doc.length, expected.length, where);
      assert.equal(doc.lineCount, reference.lineCount, where);
      for (let line = 0; line < reference.lineCount; line++) {
        const position = { line, character: 0 };
        if (doc.offsetAt(position) !== reference.offsetAt(position)) {
          assert.fail(`line ${line} starts at ${doc.offsetAt(position)}, not ${reference.offsetAt(position)}: ${where}`);
        }
      }
      for (let k = 0; k < 300; k++) {
        const o = k < 20 ? Math.max(0, Math.min(expected.length, offset + k - 10)) : Math.floor(rand() * (expected.length + 1));
        assert.deepEqual(doc.positionAt(o), reference.positionAt(o), `positionAt(${o}) ${where}`);
        const position = { line: Math.floor(rand() * (reference.lineCount + 2)), character: Math.floor(rand() * 12) };
        assert.equal(doc.offsetAt(position), reference.offsetAt(position), `offsetAt(${JSON.stringify(position)}) ${where}`);
      }
    }
    assert.equal(doc.getText(), expected);
  }
});

test('a document emptied and refilled keeps its line starts', () => {
  const rand = prng(42);
  const text = manyLines(rand, 5000);
  const doc = new BatchDocument('file:///d', 0, text);
  doc.edit(0, text.length, '');
  assert.equal(doc.lineCount, 1);
  assert.deepEqual(doc.positionAt(0), { line: 0, character: 0 });
  doc.edit(0, 0, text);
  const reference = asEditorsSeeIt(text);
  assert.equal(doc.lineCount, reference.lineCount);
  for (let o = 0; o <= text.length; o += 7) assert.deepEqual(doc.positionAt(o), reference.positionAt(o));
});

test('positions that are not whole numbers are read as the whole numbers below them', () => {
  const doc = new BatchDocument('file:///t', 0, '{\n  "a": 1,\n  "b": 2\n}\n');
  assert.equal(doc.offsetAt({ line: 1.5, character: 2.7 }), doc.offsetAt({ line: 1, character: 2 }));
  assert.equal(doc.offsetAt({ line: Number.NaN, character: 0 }), doc.length, 'a line that is not a number reads as the end');
  assert.equal(doc.offsetAt({ line: 1, character: Number.NaN }), doc.offsetAt({ line: 1, character: 0 }));
});

test('a change whose range is given end first replaces the same text as the other way round', () => {
  const docs = new Documents(batchSchemas);
  const text = '{"model": "m", "endpoint": "/v1/embeddings", "requests": []}';
  docs.didOpen('file:///r', 1, text);
  const start = { line: 0, character: text.indexOf('"m"') };
  const end = { line: 0, character: text.indexOf('"m"') + 3 };
  const entry = docs.didChange('file:///r', 2, [{ range: { start: end, end: start }, text: '"mistral-embed"' }]);
  assert.equal(entry?.doc.getText(), text.replace('"m"', '"mistral-embed"'));
});

test('a lone CR is a character of its line, as Neovim, Helix and Emacs show it; CRLF and LF end lines', () => {
  const text = '{"a": 1,\r"b": 2,\r\n"c": 3\n}';
  const doc = new BatchDocument('file:///cr', 0, text);
  assert.equal(doc.lineCount, 3);
  assert.deepEqual(doc.positionAt(text.indexOf('"b"')), { line: 0, character: 9 });
  assert.deepEqual(doc.positionAt(text.indexOf('"c"')), { line: 1, character: 0 });
  assert.equal(doc.offsetAt({ line: 0, character: 9 }), text.indexOf('"b"'));
  assert.deepEqual(doc.positionAt(text.indexOf('\n')), { line: 0, character: 16 }, 'between CR and LF is the end of the line');
  doc.edit(text.indexOf('\r'), 1, '\n');
  assert.equal(doc.lineCount, 4, 'the lone CR replaced by a line feed starts a line');
});
