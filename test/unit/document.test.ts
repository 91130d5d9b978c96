// The piece-based document must agree with a freshly built vscode-languageserver-textdocument after every edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BatchDocument } from '../../server/text/document';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 4294967296;
  };
}

const INSERTS = ['a', '\n', '\r', '\r\n', 'xy\nz', '\n\n', '"\\n"', '{\r\n  "a": 1\r\n}', ''];

test('positions, offsets and text match TextDocument after random edits', () => {
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
      assert.equal(doc.length, expected.length);
      assert.equal(doc.lineCount, reference.lineCount, `seed ${seed} step ${step}`);
      for (let o = 0; o <= expected.length; o += 1 + Math.floor(rand() * 4)) {
        assert.deepEqual(doc.positionAt(o), reference.positionAt(o), `positionAt(${o}) seed ${seed} step ${step}`);
      }
      for (let line = 0; line <= reference.lineCount; line++) {
        const position = { line, character: Math.floor(rand() * 12) };
        assert.equal(doc.offsetAt(position), reference.offsetAt(position), `offsetAt(${JSON.stringify(position)})`);
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
