// JSON equality as JSON Schema defines it (1 equals 1.0, key order does not matter), without recursion
// so that comparing absurdly deep values cannot overflow the stack.
import type { JsonObject, JsonValue } from './types';

export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const left: JsonValue[] = [a];
  const right: JsonValue[] = [b];
  while (left.length > 0) {
    const x = left.pop() as JsonValue;
    const y = right.pop() as JsonValue;
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    const xa = Array.isArray(x);
    if (xa !== Array.isArray(y)) return false;
    if (xa) {
      const ya = y as JsonValue[];
      if (x.length !== ya.length) return false;
      for (let i = 0; i < x.length; i++) {
        left.push(x[i]);
        right.push(ya[i]);
      }
    } else {
      const xo = x as JsonObject;
      const yo = y as JsonObject;
      let count = 0;
      for (const k in xo) {
        if (!Object.prototype.hasOwnProperty.call(yo, k)) return false;
        left.push(xo[k]);
        right.push(yo[k]);
        count++;
      }
      for (const k in yo) if (Object.prototype.hasOwnProperty.call(yo, k)) count--;
      if (count !== 0) return false;
    }
  }
  return true;
}

/** A cheap bucket key: equal values always share it, so only values in one bucket need `jsonEqual`. */
export function shallowKey(v: JsonValue): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string': return 's' + v;
    case 'number': return 'd' + v;
    case 'boolean': return v ? 't' : 'f';
    default:
      return Array.isArray(v) ? 'a' + v.length : 'o' + Object.keys(v).sort().join('\u0000');
  }
}

/** Index pair of the first two equal items, or undefined when all items differ. */
export function firstDuplicate(items: JsonValue[]): [number, number] | undefined {
  const seen = new Map<string, number[]>();
  for (let i = 0; i < items.length; i++) {
    const key = shallowKey(items[i]);
    const bucket = seen.get(key);
    if (bucket === undefined) {
      seen.set(key, [i]);
      continue;
    }
    const scalar = typeof items[i] !== 'object' || items[i] === null;
    for (const j of bucket) if (scalar || jsonEqual(items[j], items[i])) return [j, i];
    bucket.push(i);
  }
  return undefined;
}
