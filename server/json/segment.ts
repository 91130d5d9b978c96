// Finds the top-level layout of a batch file without building a tree: where the root object's
// `requests` array is and where each of its items starts and ends. The analysis checks every
// item on its own, so an edit inside one request re-checks only that request.
// The scanner is strict on purpose: anything it does not understand (a syntax error, a comment,
// a raw line break in a string) makes it give up, and the caller falls back to a full parse. Inside
// the `requests` array, a request it cannot read is not a reason to give up on the file: the damage
// runs from that request to the next one that reads cleanly (see `nextRequest`), and is checked on
// its own, so a missing `}` costs what that request costs, not a full re-check.

export interface Span {
  start: number;
  end: number;
}

export interface Segments {
  /** The `[` ... `]` of the root's `requests` array. */
  array: Span;
  /** Each item of that array, from its first to just past its last character. */
  items: Span[];
  /** How many keys each item's text holds, all levels together (see `skipValue`); -1 when it does not read cleanly. */
  keys: number[];
}

/** Where a damaged request ends and the scan goes on. */
interface Resync {
  /** Just past the damaged text (its trailing space left out). */
  end: number;
  /** The next request's first character, or the array's `]`. */
  next: number;
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

/** What the scanners return when the text ends before what they read does (else -1 when they give up). */
const OUT = -2;

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

/** Returns the offset just past the string starting at `pos` (a quote), or -1 (-2 when the text ends first). */
export function skipString(text: string, pos: number): number {
  pos++;
  for (;;) {
    pos = skipRun(PLAIN_STRING, text, pos);
    const c = text.charCodeAt(pos);
    if (c === Ch.Quote) return pos + 1;
    // A backslash escapes the next character; a control character or the end of the text ends the scan.
    if (c !== Ch.Backslash) return Number.isNaN(c) ? OUT : -1;
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
 * grows by the colons outside strings: the keys the text spells, repeated ones included. A
 * `request` ends before the next request starts (see `startsRequest`): it is then -1 too.
 */
export function skipValue(text: string, pos: number, keys?: { count: number }, request = false): number {
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
      if (pos < 0) return pos;
      continue;
    }
    if (c === Ch.Colon) {
      if (keys) keys.count++;
    } else if (c === Ch.OpenBrace || c === Ch.OpenBracket) {
      if (stack.length >= MAX_DEPTH) return -1;
      if (request && c === Ch.OpenBrace && stack.length > 0 && startsRequest(text, pos)) return -1;
      stack.push(c === Ch.OpenBrace ? Ch.CloseBrace : Ch.CloseBracket);
    } else if (c === Ch.CloseBrace || c === Ch.CloseBracket) {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return pos + 1;
    } else if (c === 47 /* / */) {
      return -1;
    }
    pos++;
  }
  return OUT;
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

/**
 * Whether the root reads cleanly from just past a value at `pos` to the end of the text: more
 * `"key": value` members, the closing `}`, then only white space. `requests` may not come again.
 */
function rootTail(text: string, pos: number): boolean {
  for (;;) {
    pos = skipSpace(text, pos);
    const c = text.charCodeAt(pos);
    if (c === Ch.CloseBrace) return skipSpace(text, pos + 1) === text.length;
    if (c !== Ch.Comma) return false;
    pos = skipSpace(text, pos + 1);
    if (text.charCodeAt(pos) !== Ch.Quote) return false;
    const keyEnd = skipString(text, pos);
    if (keyEnd < 0 || text.slice(pos, keyEnd) === '"requests"') return false;
    pos = skipSpace(text, keyEnd);
    if (text.charCodeAt(pos) !== Ch.Colon) return false;
    pos = skipValue(text, skipSpace(text, pos + 1));
    if (pos < 0) return false;
  }
}

function scanArray(text: string, open: number): Segments | undefined {
  const items: Span[] = [];
  const keys: number[] = [];
  let pos = skipSpace(text, open + 1);
  if (text.charCodeAt(pos) === Ch.CloseBracket) return { array: { start: open, end: pos + 1 }, items, keys };
  for (;;) {
    const step = scanItem(text, pos, false);
    if (!step || step === 'more') return undefined;
    items.push(step.span);
    keys.push(step.keys);
    if (text.charCodeAt(step.next) === Ch.CloseBracket) return { array: { start: open, end: step.next + 1 }, items, keys };
    pos = step.next;
  }
}

export interface ItemStep {
  span: Span;
  /** The keys the item spells (see `skipValue`); -1 for a damaged item. */
  keys: number;
  /** The next item's first character, or the array's `]`. */
  next: number;
}

/**
 * One step of the scan of `requests`, from an item's first character: the item, cleanly read or
 * damaged, and where the scan goes on. Each step reads only its item (and, when it is damaged, up
 * to the next request), so a scan may restart at any item's first character. On a `window` of
 * the text, 'more' says that the step read to the window's end: only a longer one can tell.
 */
export function scanItem(text: string, pos: number, window: boolean): ItemStep | 'more' | undefined {
  const counter = { count: 0 };
  const end = skipValue(text, pos, counter, true);
  const after = end < 0 ? -1 : skipSpace(text, end);
  if (window && (end === OUT || after >= text.length)) return 'more';
  const c = after < 0 ? Number.NaN : text.charCodeAt(after);
  if (c === Ch.CloseBracket) return { span: { start: pos, end }, keys: counter.count, next: after };
  if (c === Ch.Comma) {
    const next = skipSpace(text, after + 1);
    // A trailing comma is for the full parser to report.
    return text.charCodeAt(next) === Ch.CloseBracket ? undefined : { span: { start: pos, end }, keys: counter.count, next };
  }
  const next = nextRequest(text, pos);
  // Without a next request, the array's end decides, and that takes the rest of the text.
  if (window && !next) return 'more';
  const resync = next ?? arrayClose(text, pos);
  // A damaged request's keys are not counted (-1): the check for repeated keys then reads its tree.
  return resync && { span: { start: pos, end: resync.end }, keys: -1, next: resync.next };
}

/** A request's first key: a `{` opening one of these, after a `,`, is taken for the start of a request. */
const REQUEST_START = /\{[ \t\n\r]*"(?:custom_id|body)"[ \t\n\r]*:/y;

/**
 * Whether the `{` at `pos` starts a request: after a `,`, opening `custom_id` or `body` (what
 * requests start with, and what inner objects rarely do). Nothing a request holds is read past
 * such a place, so the scan of one request never depends on the text of the next ones.
 */
function startsRequest(text: string, pos: number): boolean {
  REQUEST_START.lastIndex = pos;
  return REQUEST_START.test(text) && text.charCodeAt(spaceBefore(text, pos) - 1) === Ch.Comma;
}

/** After a request that does not read cleanly at `from`: the next request's start. */
function nextRequest(text: string, from: number): Resync | undefined {
  for (let at = text.indexOf('{', from + 1); at >= 0; at = text.indexOf('{', at + 1)) {
    if (startsRequest(text, at)) return { end: spaceBefore(text, spaceBefore(text, at) - 1), next: at };
  }
  return undefined;
}

/** After a last request that does not read cleanly: the first `]` after which the root reads cleanly to its end. */
function arrayClose(text: string, from: number): Resync | undefined {
  for (let at = text.indexOf(']', from + 1); at >= 0; at = text.indexOf(']', at + 1)) {
    if (rootTail(text, at + 1)) return { end: spaceBefore(text, at), next: at };
  }
  return undefined;
}

/** The offset just past the last non-space character before `pos`. */
function spaceBefore(text: string, pos: number): number {
  while (pos > 0) {
    const c = text.charCodeAt(pos - 1);
    if (c !== Ch.Space && c !== Ch.LineFeed && c !== Ch.CarriageReturn && c !== Ch.Tab) break;
    pos--;
  }
  return pos;
}

/** The keys `text` spells when it is exactly one balanced request, as `segment` would have delimited it; else -1. */
export function singleValueKeys(text: string): number {
  const keys = { count: 0 };
  return text.length > 0 && skipValue(text, 0, keys, true) === text.length ? keys.count : -1;
}
