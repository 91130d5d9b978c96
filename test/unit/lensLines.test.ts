// Which lines of a large file get CodeLenses as it scrolls (client/lensLines.ts).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { linesAround, MARGIN, outgrown } from '../../client/lensLines';

const LAST = 172_407;

test('lenses are given for a margin around each span on screen, and for the top of a file no editor shows', () => {
  assert.deepEqual(linesAround([{ start: 1_000, end: 1_040 }]), [{ start: 1_000 - MARGIN, end: 1_040 + MARGIN }]);
  assert.deepEqual(linesAround([{ start: 10, end: 50 }, { start: 90_000, end: 90_040 }]), [{ start: 0, end: 50 + MARGIN }, { start: 90_000 - MARGIN, end: 90_040 + MARGIN }]);
  assert.deepEqual(linesAround([]), [{ start: 0, end: MARGIN }]);
});

test('they are asked for again once the screen comes within half a margin of an edge that is not the file\'s', () => {
  const given = linesAround([{ start: 1_000, end: 1_040 }]);
  const at = (start: number) => [{ start, end: start + 40 }];
  assert.equal(outgrown(at(1_000), given, LAST), false);
  assert.equal(outgrown(at(1_000 + MARGIN / 2 - 1), given, LAST), false, 'scrolled down, still ahead');
  assert.equal(outgrown(at(1_000 + MARGIN / 2 + 1), given, LAST), true, 'scrolled down past half the margin');
  assert.equal(outgrown(at(1_000 - MARGIN / 2 + 1), given, LAST), false, 'scrolled up, still ahead');
  assert.equal(outgrown(at(1_000 - MARGIN / 2 - 1), given, LAST), true, 'scrolled up past half the margin');
  assert.equal(outgrown(at(90_000), given, LAST), true, 'a jump far away');
  assert.equal(outgrown([], given, LAST), false, 'no editor shows the file');
});

test('the file\'s own first and last lines are not edges to scroll past', () => {
  assert.equal(outgrown([{ start: 0, end: 40 }], linesAround([{ start: 0, end: 40 }]), LAST), false);
  const end = linesAround([{ start: LAST - 40, end: LAST }]);
  assert.equal(outgrown([{ start: LAST - 40, end: LAST }], end, LAST), false);
});

test('with two editors on the file, each one\'s screen must be covered', () => {
  const given = linesAround([{ start: 0, end: 40 }, { start: 50_000, end: 50_040 }]);
  assert.equal(outgrown([{ start: 0, end: 40 }, { start: 50_000, end: 50_040 }], given, LAST), false);
  assert.equal(outgrown([{ start: 0, end: 40 }, { start: 70_000, end: 70_040 }], given, LAST), true);
});
