// A structural edit inside `requests` (a `}` deleted, a `{` typed, a line cut): instead of scanning
// the whole file again, the scan restarts at the nearest request before the edit that the edit
// cannot have changed, and stops at the first request after it that starts where an old one
// started: from there on the text is the old text, so the scan would find the old requests. It
// reads a window of the text around the edit, longer only when a step reads to its end.
import { ItemStep, scanItem, skipSpace } from '../json/segment';
import { TextSource } from '../text/document';
import { ItemSpans } from './spans';

export interface Rescanned {
  /** The old requests `from` to `to` (exclusive) are replaced by `steps` (in document offsets); later ones only move. */
  from: number;
  to: number;
  steps: ItemStep[];
}

/** The first window: a few requests of a typical file. */
const WINDOW = 16 * 1024;

/**
 * The requests an edit of `length` old characters at `offset` (now `delta` longer) changed, read
 * from `source` (the new text); undefined when the array does not close where it did. `spans` and
 * `arrayEnd` are still the old ones.
 */
export function rescan(source: TextSource, arrayStart: number, arrayEnd: number, spans: ItemSpans, offset: number, length: number, delta: number): Rescanned | undefined {
  const count = spans.count;
  const k = spans.firstEndingFrom(offset);
  // A damaged request's scan reads up to the start of the next one: restart two requests back, so
  // that what the kept requests' scans read is all before the edit.
  const from = Math.max(0, k - 2);
  const restart = from < count && spans.start(from) < offset ? spans.start(from) : -1;
  for (let size = WINDOW; ; size *= 2) {
    const base = restart >= 0 ? restart : arrayStart;
    const whole = base + size >= source.length;
    const text = source.slice(base, base + size);
    const result = scanWindow(text, base, whole, restart >= 0 ? 0 : skipSpace(text, 1));
    if (result !== 'more') return result;
  }

  function scanWindow(text: string, base: number, whole: boolean, start: number): Rescanned | undefined | 'more' {
    const editEnd = offset + length;
    const steps: ItemStep[] = [];
    for (let pos = start; ;) {
      if (!whole && pos >= text.length) return 'more';
      const at = base + pos;
      if (text.charCodeAt(pos) === 93 /* ] */) {
        return at === arrayEnd - 1 + delta && arrayEnd - 1 >= editEnd ? { from, to: count, steps } : undefined;
      }
      if (at - delta >= editEnd) {
        const j = spans.startingAt(at - delta);
        if (j >= 0) return { from, to: j, steps };
      }
      const step = scanItem(text, pos, !whole);
      if (step === 'more' || !step) return step;
      steps.push({ span: { start: base + step.span.start, end: base + step.span.end }, keys: step.keys, next: base + step.next });
      pos = step.next;
    }
  }
}
