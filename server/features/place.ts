// Where the cursor stands, for completion: at a key, at a value, or where nothing fits. Read from
// the tokens before the cursor (a small state machine per container) rather than from the tree,
// so a missing comma or a half-typed key still says what may come next.
import { createScanner } from 'jsonc-parser';
import { JsonPath } from '../schema/types';

export type Place =
  | { kind: 'key'; objectPath: JsonPath; typing: Typed | undefined }
  | { kind: 'value'; path: JsonPath; typing: Typed | undefined; existing: Typed | undefined }
  | { kind: 'empty' }
  | { kind: 'none' };

/** A token at the cursor: being typed, or the existing value completion would replace. */
export interface Typed {
  start: number;
  end: number;
  /** A string with its closing quote. */
  closed: boolean;
  isString: boolean;
  /** The token's text as a value (a key's name). */
  value: string;
}

// jsonc-parser's SyntaxKind, whose `const enum` a bundler cannot inline from its typings.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const STRING = 10;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;
const EOF = 17;

interface Frame {
  kind: 'object' | 'array' | 'root';
  /**
   * key: a key may come; colon: after a key; value: after a colon (or in an array); after: a value
   * ended; broken: what came does not fit, so nothing is offered until a comma or the container's end.
   */
  state: 'key' | 'colon' | 'value' | 'after' | 'broken';
  key: string | undefined;
  /** Array items begun so far. */
  items: number;
}

export function placeAt(text: string, offset: number): Place {
  const scanner = createScanner(text, false);
  const stack: Frame[] = [{ kind: 'root', state: 'value', key: undefined, items: 0 }];
  const top = () => stack[stack.length - 1];
  let typing: Typed | undefined;
  let seen = false;
  for (;;) {
    const token = scanner.scan();
    if (token === EOF) break;
    if (token === LINE_BREAK || token === TRIVIA || token === LINE_COMMENT || token === BLOCK_COMMENT) {
      if (scanner.getTokenOffset() + scanner.getTokenLength() > offset && (token === LINE_COMMENT || token === BLOCK_COMMENT)) return { kind: 'none' };
      continue;
    }
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    if (start >= offset) break;
    const isWord = token !== STRING && token > COLON;
    if (end > offset || (end === offset && (isWord || (token === STRING && !closedString(text, start, end))))) {
      // The cursor is in this token (or at the end of a word or an open string): it is being typed.
      if (token === STRING || isWord) {
        const raw = text.slice(start, end);
        const closed = token === STRING && closedString(text, start, end);
        // An open string runs to the end of its line: past its first word the cursor is among what follows.
        if (token === STRING && !closed && !/^"[\w$.\/-]*$/.test(text.slice(start, offset))) return { kind: 'none' };
        typing = { start, end, closed, isString: token === STRING, value: token === STRING ? scanner.getTokenValue() : raw };
      } else return { kind: 'none' };
      break;
    }
    seen = true;
    const frame = top();
    switch (token) {
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (!takesValue(frame)) frame.state = 'broken';
        beginValue(frame);
        stack.push({ kind: token === OPEN_BRACE ? 'object' : 'array', state: token === OPEN_BRACE ? 'key' : 'value', key: undefined, items: 0 });
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        if (stack.length > 1) stack.pop();
        if (top().state !== 'broken') top().state = 'after';
        break;
      case COMMA:
        // A comma starts the next member whatever came before: what is broken stays behind it.
        frame.state = frame.kind === 'object' ? 'key' : 'value';
        break;
      case COLON:
        frame.state = frame.state === 'colon' ? 'value' : 'broken';
        break;
      default:
        if (frame.kind === 'object' && token === STRING && (frame.state === 'key' || frame.state === 'after')) {
          // A key, also where the comma before it is missing.
          frame.key = scanner.getTokenValue();
          frame.state = 'colon';
        } else if (takesValue(frame)) {
          beginValue(frame);
          frame.state = 'after';
        } else {
          frame.state = 'broken';
        }
    }
  }
  const frame = top();
  if (stack.length === 1) return !seen && !typing && text.trim() === '' ? { kind: 'empty' } : { kind: 'none' };
  if (frame.state === 'broken') return { kind: 'none' };
  const path = pathOf(stack);
  if (frame.kind === 'object') {
    if (frame.state === 'key' || frame.state === 'after') return { kind: 'key', objectPath: path, typing };
    if (frame.state === 'value' && frame.key !== undefined) {
      return { kind: 'value', path: [...path, frame.key], typing, existing: typing ? undefined : existingValue(text, offset) };
    }
    return { kind: 'none' };
  }
  return { kind: 'value', path: [...path, frame.items], typing, existing: undefined };
}

/** A value may start here: after a colon, in an array (a missing comma between items is forgiven), at the root. */
function takesValue(frame: Frame): boolean {
  return frame.state === 'value' || (frame.kind === 'array' && frame.state === 'after');
}

function beginValue(frame: Frame): void {
  if (frame.kind === 'array') frame.items++;
  if (frame.kind === 'object' && frame.state === 'value') frame.state = 'after';
}

/** The path of the innermost container, from the keys and item counts of those around it. */
function pathOf(stack: Frame[]): JsonPath {
  const path: JsonPath = [];
  for (let i = 1; i < stack.length - 1; i++) {
    const frame = stack[i];
    if (frame.kind === 'object') path.push(frame.key ?? '');
    else path.push(Math.max(0, frame.items - 1));
  }
  return path;
}

function closedString(text: string, start: number, end: number): boolean {
  if (end - start < 2 || text.charCodeAt(end - 1) !== 34) return false;
  // An escaped quote does not close it.
  let backslashes = 0;
  for (let i = end - 2; i > start && text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * The value already written after the cursor (`"key": | "old"`), which a completion replaces rather
 * than adding a second; a container is reported with `end` at its start (nothing to replace).
 */
function existingValue(text: string, offset: number): Typed | undefined {
  const scanner = createScanner(text, true);
  scanner.setPosition(offset);
  const token = scanner.scan();
  const start = scanner.getTokenOffset();
  const end = start + scanner.getTokenLength();
  if (token === OPEN_BRACE || token === OPEN_BRACKET) return { start, end: start, closed: true, isString: false, value: '' };
  if (token !== STRING && !(token > COLON && token < LINE_COMMENT) && token !== 16) return undefined;
  // A string followed by a colon is the next key (a comma is missing), not this key's value.
  if (token === STRING && scanner.scan() === COLON) return undefined;
  return { start, end, closed: true, isString: token === STRING, value: text.slice(start, end) };
}
