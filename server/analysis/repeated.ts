// Keys given twice in one object. JSON.parse keeps the last one without a word, so an earlier one
// (often the one the user is looking at) is ignored: that deserves a warning. Finding them needs a
// tree, so a cheap count comes first: the keys the text spells against the keys the value kept.
import { Node } from 'jsonc-parser';
import { skipSpace, skipValue } from '../json/segment';
import { code } from '../schema/messages';
import { JsonObject, JsonValue } from '../schema/types';
import { Finding } from './findings';
import { safeParseTree } from './parse';

/** The keys a piece of valid JSON spells (colons outside strings), repeated ones included. */
export function spelledKeys(text: string): number {
  const keys = { count: 0 };
  skipValue(text, skipSpace(text, 0), keys);
  return keys.count;
}

/**
 * At least as many as the keys a piece of valid JSON spells, and exactly that many in nearly every
 * text: the unescaped quotes followed by a colon. Every key ends with one; a string value can too
 * (`":"`), which only makes the count larger. Much cheaper than `spelledKeys`, which walks the text:
 * a count equal to the keys the value kept still proves that no key is repeated.
 */
export function keyCountBound(text: string): number {
  let count = 0;
  // From each colon back over white space to a quote: fewer stops than visiting every quote.
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let at = colon - 1;
    let c = text.charCodeAt(at);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = text.charCodeAt(--at);
    if (c !== 34 /* " */) continue;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) count++;
  }
  return count;
}

/** Warnings for the keys of `text` that a later key of the same name overrides. */
export function repeatedKeyFindings(text: string, value: JsonValue | undefined, spelled: number): Finding[] {
  if (value === undefined || spelled === keptKeys(value)) return [];
  const root = safeParseTree(text);
  return root ? overridden(root) : [];
}

function overridden(root: Node): Finding[] {
  const out: Finding[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const children = node.children ?? [];
    if (node.type === 'object') {
      const last = new Map<string, Node>();
      for (const property of children) {
        const key = property.children?.[0];
        if (key && typeof key.value === 'string') last.set(key.value, key);
      }
      for (const property of children) {
        const key = property.children?.[0];
        const kept = key && typeof key.value === 'string' ? last.get(key.value) : undefined;
        if (!key || !kept || kept === key) continue;
        out.push({
          start: key.offset,
          end: key.offset + key.length,
          severity: 'warning',
          code: 'duplicate-key',
          message: `${code(String(key.value))} is given again later in this object: this one is ignored, the last one counts`,
          related: [{ start: kept.offset, end: kept.offset + kept.length, message: `the ${code(String(key.value))} that counts` }],
        });
      }
    }
    for (const child of children) stack.push(child);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** How many keys a parsed value holds, all levels together; iterative, for deep values. */
function keptKeys(value: JsonValue): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  // Only objects and arrays go on the stack: most values are strings and numbers.
  const stack: (JsonValue[] | JsonObject)[] = [value];
  while (stack.length > 0) {
    const v = stack.pop() as JsonValue[] | JsonObject;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (typeof x === 'object' && x !== null) stack.push(x);
      }
    } else {
      for (const key in v) {
        count++;
        const x = v[key];
        if (typeof x === 'object' && x !== null) stack.push(x);
      }
    }
  }
  return count;
}
