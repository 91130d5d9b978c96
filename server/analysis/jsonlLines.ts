// Scanning one .jsonl line without parsing it: where an object that continues on later lines
// starts and ends, whether a line is a whole request of its own, where its `custom_id` sits.
import { skipSpace, skipString } from '../json/segment';
import { isObject } from '../schema/node';
import { JsonValue } from '../schema/types';

/**
 * The span of `custom_id`'s value when it is the line's first key, as it is in nearly every file:
 * found without scanning the rest of the line. For a line with no key given twice; undefined
 * otherwise (the locator then finds it).
 */
export function customIdSpan(text: string): { start: number; end: number } | undefined {
  const key = skipSpace(text, 1);
  if (text.charCodeAt(0) !== 123 || !text.startsWith('"custom_id"', key)) return undefined;
  const colon = skipSpace(text, key + 11);
  if (text.charCodeAt(colon) !== 58) return undefined;
  const value = skipSpace(text, colon + 1);
  const end = skipString(text, value);
  if (text.charCodeAt(value) !== 34 || end < 0) return undefined;
  return { start: value, end };
}

/**
 * How deep a line leaves its brackets open, for a line that starts an object or array and does not
 * close it (a pretty-printed request's first line); 0 for any other line.
 */
export function opensValue(text: string): number {
  const first = skipSpace(text, 0);
  const c = text.charCodeAt(first);
  if (c !== 123 && c !== 91) return 0;
  const { depth, lowest } = bracketWalk(text, first);
  return lowest > 0 && depth > 0 ? depth : 0;
}

/** How much a line deepens (or, negative, closes) the brackets it is inside. */
export function depthChange(text: string): number {
  return bracketWalk(text, 0).depth;
}

/** Brackets outside strings: the depth at the end and the lowest depth after the first bracket. */
function bracketWalk(text: string, from: number): { depth: number; lowest: number } {
  let depth = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = skipString(text, i);
      if (end < 0) break; // A broken string ends the line's brackets.
      i = end - 1;
    } else if (c === 123 || c === 91) {
      depth++;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth < lowest) lowest = depth;
    }
  }
  return { depth, lowest: lowest === Number.POSITIVE_INFINITY ? depth : lowest };
}

/**
 * A line inside an open object that is itself a whole request on one line: the open line was a
 * request missing its closing bracket, not the start of a pretty-printed one.
 */
export function startsRequest(text: string): boolean {
  if (text.charCodeAt(0) !== 123 || text.trimEnd().charCodeAt(text.trimEnd().length - 1) !== 125) return false;
  try {
    const value = JSON.parse(text) as JsonValue;
    return isObject(value) && ('custom_id' in value || 'body' in value);
  } catch {
    return false;
  }
}
