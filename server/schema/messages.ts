// Wording of problems. Users read these in the editor: plain words naming the property, the rule and the
// value found. Never "instance" or "schema".
import type { JsonPath, JsonValue, Problem, SchemaType } from './types';

export const T_NULL = 1;
export const T_BOOLEAN = 2;
export const T_OBJECT = 4;
export const T_ARRAY = 8;
export const T_NUMBER = 16;
export const T_INTEGER = 32;
export const T_STRING = 64;
export const T_ANY = 127;

const TYPE_BITS: Record<SchemaType, number> = {
  null: T_NULL, boolean: T_BOOLEAN, object: T_OBJECT, array: T_ARRAY, number: T_NUMBER | T_INTEGER, integer: T_INTEGER, string: T_STRING,
};

export function typeBit(name: string): number {
  return Object.prototype.hasOwnProperty.call(TYPE_BITS, name) ? TYPE_BITS[name as SchemaType] : 0;
}

/** Bits of a value's JSON type; an integral number (1 or 1.0) carries both number and integer. */
export function valueBits(v: JsonValue): number {
  switch (typeof v) {
    case 'string': return T_STRING;
    case 'number': return Number.isInteger(v) ? T_NUMBER | T_INTEGER : T_NUMBER;
    case 'boolean': return T_BOOLEAN;
    default: return v === null ? T_NULL : Array.isArray(v) ? T_ARRAY : T_OBJECT;
  }
}

const PHRASES: [number, string][] = [
  [T_STRING, 'a string'], [T_NUMBER, 'a number'], [T_INTEGER, 'an integer'], [T_BOOLEAN, 'a boolean'],
  [T_OBJECT, 'an object'], [T_ARRAY, 'an array'], [T_NULL, 'null'],
];

/** "a string", "a string or an array", "a string, a number or null". */
export function typePhrase(mask: number): string {
  const parts: string[] = [];
  for (const [bit, phrase] of PHRASES) {
    if (bit === T_INTEGER && mask & T_NUMBER) continue;
    if (mask & bit) parts.push(phrase);
  }
  return joinOr(parts);
}

export function kindOf(v: JsonValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

const OUT_OF_RANGE = 'a number too large to represent';

/** What was found, for "(got …)": the type, plus the value itself when it is short enough to show. */
export function got(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number' && !Number.isFinite(v)) return OUT_OF_RANGE;
  if (typeof v === 'object') return Array.isArray(v) ? 'array' : 'object';
  return `${typeof v} ${show(v)}`;
}

/** A value as JSON, cut to a readable length. */
export function show(v: JsonValue, max = 40): string {
  // JSON.stringify would print `null` for a number past the double range (1e400 parses as Infinity).
  if (typeof v === 'number' && !Number.isFinite(v)) return OUT_OF_RANGE;
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = Array.isArray(v) ? '[…]' : '{…}';
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** A value for a list of allowed values: strings bare, everything else as JSON. */
export function bare(v: JsonValue): string {
  if (typeof v === 'string') return v === '' ? '""' : v.length > 60 ? v.slice(0, 59) + '…' : v;
  return show(v);
}

export function listValues(values: readonly JsonValue[], max = 12): string {
  const shown = values.slice(0, max).map(bare).join(', ');
  return values.length > max ? `${shown} …and ${values.length - max} more` : shown;
}

export function joinOr(parts: string[]): string {
  return joinWith(parts, 'or');
}

export function joinAnd(parts: string[]): string {
  return joinWith(parts, 'and');
}

function joinWith(parts: string[], word: string): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${word} ${parts[parts.length - 1]}`;
}

export function code(name: string): string {
  // Plain text, as the Problems view shows it: quotes, not markdown backticks.
  return `"${name.replace(/"/g, "'")}"`;
}

/** How a problem names its subject: "`model`", "item 3 of `messages`", "key `x` of `metadata`".
 *  Item numbers count from 1, as people do. */
export function subject(path: JsonPath, onKey = false): string {
  if (onKey && path.length > 0) {
    const key = path[path.length - 1];
    const owner = path.length > 1 ? ` of ${subject(path.slice(0, -1))}` : '';
    return key === '' ? `an empty key${owner ? ' in' + owner.slice(3) : ''}` : `key ${code(String(key))}${owner}`;
  }
  let i = path.length - 1;
  const items: string[] = [];
  while (i >= 0 && typeof path[i] === 'number') {
    items.push(`item ${(path[i] as number) + 1}`);
    i--;
  }
  const name = i < 0 ? undefined : code(String(path[i]));
  // Lists inside lists read well up to a point; past it, say how deep instead of repeating "item 1 of".
  if (items.length > 3) return `${items[0]} of a list nested ${items.length} levels deep${name ? ` in ${name}` : ''}`;
  if (!name) return items.length > 0 ? items.join(' of ') : 'the document';
  return items.length > 0 ? `${items.join(' of ')} of ${name}` : name;
}

/** The property name as a plain noun ("role"), or undefined when the subject is an array item or a key. */
export function noun(path: JsonPath, onKey: boolean): string | undefined {
  const last = path[path.length - 1];
  return !onKey && typeof last === 'string' && last !== '' ? last : undefined;
}

/** `at least 1`, `less than 2`, `between 1 and 168`: a number range in words. */
export function rangePhrase(min: number | undefined, max: number | undefined, exMin: number | undefined, exMax: number | undefined): string {
  const lower = exMin !== undefined && (min === undefined || exMin >= min) ? `greater than ${exMin}` : min !== undefined ? `at least ${min}` : undefined;
  const upper = exMax !== undefined && (max === undefined || exMax <= max) ? `less than ${exMax}` : max !== undefined ? `at most ${max}` : undefined;
  if (lower && upper) {
    if (lower.startsWith('at least') && upper.startsWith('at most')) return `between ${min} and ${max}`;
    return `${lower} and ${upper}`;
  }
  return lower ?? upper ?? '';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function problem(path: JsonPath, message: string, keyword: string, onKey = false): Problem {
  return { path, on: onKey ? 'key' : 'value', message, severity: 'error', keyword };
}
