// Finds the top-level layout of a batch file without building a tree: where the root object's
// `requests` array is and where each of its items starts and ends. The analysis checks every
// item on its own, so an edit inside one request re-checks only that request.
// The scanner is strict on purpose: anything it does not understand (a syntax error, a comment,
// a raw line break in a string) makes it give up, and the caller falls back to a full parse.

export interface Span {
  start: number;
  end: number;
}

export interface Segments {
  /** The `[` ... `]` of the root's `requests` array. */
  array: Span;
  /** Each item of that array, from its first to just past its last character. */
  items: Span[];
  /** How many keys each item's text holds, all levels together (see `skipValue`). */
  keys: number[];
}

const enum Ch {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Quote = 34,
  Comma = 44,
  Colon = 58,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  OpenBrace = 123,
  CloseBrace = 125,
}

/** Depth past which the scanner gives up; the full parser then reports what it can. */
const MAX_DEPTH = 4096;

export function skipSpace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === Ch.Space || c === Ch.LineFeed || c === Ch.CarriageReturn || c === Ch.Tab) pos++;
    else return pos;
  }
}

// Sticky patterns that jump over runs of characters the scanners do not care about: much faster
// than looking at each character in turn, and most of a batch file is such runs.
/** Inside a string: anything but a quote, a backslash or a control character. */
const PLAIN_STRING = /[^"\\\u0000-\u001f]*/y;
/** Inside a container: anything but a quote, a bracket, a colon or a slash (a comment). */
const PLAIN_CONTAINER = /[^"{}[\]:/]*/y;

/** The first offset from `pos` on that `run` does not cover (`pos` itself when it covers nothing). */
function skipRun(run: RegExp, text: string, pos: number): number {
  if (pos >= text.length) return pos;
  run.lastIndex = pos;
  run.test(text);
  return run.lastIndex;
}

/** Returns the offset just past the string starting at `pos` (a quote), or -1. */
export function skipString(text: string, pos: number): number {
  pos++;
  for (;;) {
    pos = skipRun(PLAIN_STRING, text, pos);
    const c = text.charCodeAt(pos);
    if (c === Ch.Quote) return pos + 1;
    // A backslash escapes the next character; a control character or the end of the text ends the scan.
    if (c !== Ch.Backslash) return -1;
    pos += 2;
  }
}

function isScalarEnd(c: number): boolean {
  return (
    c === Ch.Comma || c === Ch.CloseBracket || c === Ch.CloseBrace || c === Ch.Space ||
    c === Ch.LineFeed || c === Ch.CarriageReturn || c === Ch.Tab || c === Ch.Colon || Number.isNaN(c)
  );
}

/**
 * Returns the offset just past the value starting at `pos`, or -1. Brackets and strings must
 * balance; the grammar inside containers is left to the real parser of that item. `keys.count`
 * grows by the colons outside strings: the keys the text spells, repeated ones included.
 */
export function skipValue(text: string, pos: number, keys?: { count: number }): number {
  const n = text.length;
  const first = text.charCodeAt(pos);
  if (first === Ch.Quote) return skipString(text, pos);
  if (first !== Ch.OpenBrace && first !== Ch.OpenBracket) {
    let end = pos;
    while (end < n && !isScalarEnd(text.charCodeAt(end))) {
      const c = text.charCodeAt(end);
      if (c === Ch.Quote || c === Ch.OpenBrace || c === Ch.OpenBracket || c === 47 /* / */) return -1;
      end++;
    }
    return end > pos ? end : -1;
  }
  // Closers are checked against a stack so `{]` is not mistaken for a balanced value.
  const stack: number[] = [];
  while (pos < n) {
    pos = skipRun(PLAIN_CONTAINER, text, pos);
    const c = text.charCodeAt(pos);
    if (c === Ch.Quote) {
      pos = skipString(text, pos);
      if (pos < 0) return -1;
      continue;
    }
    if (c === Ch.Colon) {
      if (keys) keys.count++;
    } else if (c === Ch.OpenBrace || c === Ch.OpenBracket) {
      if (stack.length >= MAX_DEPTH) return -1;
      stack.push(c === Ch.OpenBrace ? Ch.CloseBrace : Ch.CloseBracket);
    } else if (c === Ch.CloseBrace || c === Ch.CloseBracket) {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return pos + 1;
    } else if (c === 47 /* / */) {
      return -1;
    }
    pos++;
  }
  return -1;
}

/**
 * Scans the root object for a `requests` array and the spans of its items. Returns undefined when
 * the text does not have that clean shape, so the caller parses it as a whole instead.
 */
export function segment(text: string): Segments | undefined {
  let pos = skipSpace(text, 0);
  if (text.charCodeAt(pos) !== Ch.OpenBrace) return undefined;
  pos = skipSpace(text, pos + 1);
  let found: Segments | undefined;
  if (text.charCodeAt(pos) === Ch.CloseBrace) return undefined;
  for (;;) {
    if (text.charCodeAt(pos) !== Ch.Quote) return undefined;
    const keyEnd = skipString(text, pos);
    if (keyEnd < 0) return undefined;
    const isRequests = text.slice(pos, keyEnd) === '"requests"';
    pos = skipSpace(text, keyEnd);
    if (text.charCodeAt(pos) !== Ch.Colon) return undefined;
    pos = skipSpace(text, pos + 1);
    if (isRequests && text.charCodeAt(pos) === Ch.OpenBracket) {
      // A repeated `requests` key is ambiguous; the full parser's view is the reference then.
      if (found) return undefined;
      const scanned = scanArray(text, pos);
      if (!scanned) return undefined;
      found = scanned;
      pos = scanned.array.end;
    } else {
      if (isRequests) return undefined;
      pos = skipValue(text, pos);
      if (pos < 0) return undefined;
    }
    pos = skipSpace(text, pos);
    const c = text.charCodeAt(pos);
    if (c === Ch.Comma) {
      pos = skipSpace(text, pos + 1);
      continue;
    }
    if (c !== Ch.CloseBrace) return undefined;
    pos = skipSpace(text, pos + 1);
    return pos === text.length ? found : undefined;
  }
}

function scanArray(text: string, open: number): Segments | undefined {
  const items: Span[] = [];
  const keys: number[] = [];
  let pos = skipSpace(text, open + 1);
  if (text.charCodeAt(pos) === Ch.CloseBracket) return { array: { start: open, end: pos + 1 }, items, keys };
  const counter = { count: 0 };
  for (;;) {
    counter.count = 0;
    const end = skipValue(text, pos, counter);
    if (end < 0) return undefined;
    items.push({ start: pos, end });
    keys.push(counter.count);
    pos = skipSpace(text, end);
    const c = text.charCodeAt(pos);
    if (c === Ch.Comma) {
      pos = skipSpace(text, pos + 1);
      continue;
    }
    if (c !== Ch.CloseBracket) return undefined;
    return { array: { start: open, end: pos + 1 }, items, keys };
  }
}

/** The keys `text` spells when it is exactly one balanced value, as `segment` would have delimited it; else -1. */
export function singleValueKeys(text: string): number {
  const keys = { count: 0 };
  return text.length > 0 && skipValue(text, 0, keys) === text.length ? keys.count : -1;
}
