// Turns a problem's JSON path into the text range to underline: from a jsonc-parser tree, or, for
// text known to be valid JSON, by walking the path over the text itself (no tree to build).
import { Node } from 'jsonc-parser';
import { JsonPath } from '../schema/types';
import { Span, skipSpace, skipString, skipValue } from './segment';

/** Where a problem at `path` is underlined, in some text's offsets. */
export type Locator = (path: JsonPath, on: 'key' | 'value') => Span;

/**
 * The range for a problem at `path`. `on: 'key'` underlines the property name. For an object or
 * array value the property name is underlined too (when there is one), so a long container is not
 * painted from top to bottom; an unnamed container gets its opening bracket.
 */
export function locate(root: Node, path: JsonPath, on: 'key' | 'value'): Span {
  let node = nodeAt(root, path);
  if (!node) {
    // The path may run past what a broken document holds: fall back to the deepest ancestor found.
    for (let depth = path.length - 1; depth >= 0 && !node; depth--) node = nodeAt(root, path.slice(0, depth));
    if (!node) return { start: root.offset, end: root.offset + 1 };
    return spanOfValue(node);
  }
  const property = node.parent?.type === 'property' ? node.parent : undefined;
  const key = property?.children?.[0];
  if (key && (on === 'key' || node.type === 'object' || node.type === 'array')) {
    return { start: key.offset, end: key.offset + key.length };
  }
  return spanOfValue(node);
}

/**
 * The node at `path`. Where a key repeats, the last one: JSON.parse keeps the last, so that is the
 * value the problems were found in.
 */
function nodeAt(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    const children: Node[] | undefined = node?.children;
    if (!node || !children) return undefined;
    if (typeof segment === 'string') {
      if (node.type !== 'object') return undefined;
      node = undefined;
      for (const property of children) {
        if (property.children?.length === 2 && property.children[0].value === segment) node = property.children[1];
      }
    } else {
      if (node.type !== 'array' || segment < 0 || segment >= children.length) return undefined;
      node = children[segment];
    }
  }
  return node;
}

function spanOfValue(node: Node): Span {
  if (node.type === 'object' || node.type === 'array') return { start: node.offset, end: node.offset + 1 };
  return { start: node.offset, end: node.offset + node.length };
}

/**
 * What `locate` gives on the tree of `text`, for `text` that is one valid JSON value (JSON.parse
 * accepted it). Where a key repeats, the last one is taken, as `locate` does; `uniqueKeys` says that
 * no key repeats, so the first one found is taken without looking through the rest of its object.
 */
export function locateInText(text: string, path: JsonPath, on: 'key' | 'value', uniqueKeys = false): Span {
  return walk(text, path, on, (open, name) => property(text, open, name, uniqueKeys), (open, index) => item(text, open, index));
}

/**
 * `locateInText` for many paths over one text: each property and each array's item starts are found
 * once, so locating every item of an array (all `input_files` entries, say) costs one pass over it,
 * not one per item (skipping a big value to find the next key counts too).
 */
export function textLocator(text: string): Locator {
  const starts = new Map<number, number[]>();
  const properties = new Map<string, Step | undefined>();
  const propertyAt = (open: number, name: string): Step | undefined => {
    const key = `${open}\u0000${name}`;
    if (!properties.has(key)) properties.set(key, property(text, open, name, false));
    return properties.get(key);
  };
  const itemAt = (open: number, index: number): Step | undefined => {
    let known = starts.get(open);
    if (!known) {
      known = itemStarts(text, open);
      starts.set(open, known);
    }
    return index < known.length ? { value: known[index], key: undefined } : undefined;
  };
  return (path, on) => walk(text, path, on, propertyAt, itemAt);
}

function walk(
  text: string,
  path: JsonPath,
  on: 'key' | 'value',
  propertyAt: (open: number, name: string) => Step | undefined,
  itemAt: (open: number, index: number) => Step | undefined,
): Span {
  let pos = skipSpace(text, 0);
  let key: Span | undefined;
  for (const segment of path) {
    const next = typeof segment === 'string' ? propertyAt(pos, segment) : text.charCodeAt(pos) === OPEN_BRACKET ? itemAt(pos, segment) : undefined;
    if (!next) return valueSpan(text, pos);
    pos = next.value;
    key = next.key;
  }
  const c = text.charCodeAt(pos);
  if (key && (on === 'key' || c === OPEN_BRACE || c === OPEN_BRACKET)) return key;
  return valueSpan(text, pos);
}

const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const COMMA = 44;

interface Step {
  /** Where the value starts. */
  value: number;
  /** Its property name, quotes included, when it was reached through one. */
  key: Span | undefined;
}

function property(text: string, open: number, name: string, first: boolean): Step | undefined {
  if (text.charCodeAt(open) !== OPEN_BRACE) return undefined;
  let pos = skipSpace(text, open + 1);
  let last: Step | undefined;
  while (text.charCodeAt(pos) === 34 /* " */) {
    const keyEnd = skipString(text, pos);
    const raw = text.slice(pos + 1, keyEnd - 1);
    const found = raw.includes('\\') ? (JSON.parse(text.slice(pos, keyEnd)) as string) : raw;
    const value = skipSpace(text, skipSpace(text, keyEnd) + 1);
    if (found === name) {
      last = { value, key: { start: pos, end: keyEnd } };
      if (first) return last;
    }
    const after = skipSpace(text, skipValue(text, value));
    if (text.charCodeAt(after) !== COMMA) break;
    pos = skipSpace(text, after + 1);
  }
  return last;
}

function item(text: string, open: number, index: number): Step | undefined {
  if (text.charCodeAt(open) !== OPEN_BRACKET) return undefined;
  let pos = skipSpace(text, open + 1);
  for (let i = 0; pos < text.length; i++) {
    if (i === index) return text.charCodeAt(pos) === 93 /* ] */ ? undefined : { value: pos, key: undefined };
    const after = skipSpace(text, skipValue(text, pos));
    if (text.charCodeAt(after) !== COMMA) return undefined;
    pos = skipSpace(text, after + 1);
  }
  return undefined;
}

/** Where each item of the array opening at `open` starts. */
function itemStarts(text: string, open: number): number[] {
  const out: number[] = [];
  let pos = skipSpace(text, open + 1);
  if (text.charCodeAt(pos) === 93 /* ] */) return out;
  while (pos < text.length) {
    out.push(pos);
    const after = skipSpace(text, skipValue(text, pos));
    if (text.charCodeAt(after) !== COMMA) break;
    pos = skipSpace(text, after + 1);
  }
  return out;
}

function valueSpan(text: string, pos: number): Span {
  const c = text.charCodeAt(pos);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return { start: pos, end: pos + 1 };
  return { start: pos, end: skipValue(text, pos) };
}
