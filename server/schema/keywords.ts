// Keywords that look at one value without descending: type, enum, const, number ranges, string
// length, pattern, format. Each returns a Check whose `ok` allocates nothing.
import { didYouMean } from './suggest';
import { jsonEqual } from './equal';
import { formatRule } from './format';
import {
  code, got, listValues, noun, plural, problem, rangePhrase, show, subject, typeBit, typePhrase, valueBits,
  T_ARRAY, T_BOOLEAN, T_INTEGER, T_NULL, T_NUMBER, T_OBJECT, T_STRING,
} from './messages';
import type { Check, Valid } from './node';
import type { JsonValue, SchemaObject } from './types';

export function typeCheck(type: string | string[]): Check {
  let mask = 0;
  for (const name of Array.isArray(type) ? type : [type]) mask |= typeBit(name);
  return {
    isType: true,
    mask: () => mask,
    ok: typeTest(mask),
    report: (v, path, _d, out, onKey) => {
      out.push(problem(path, `${subject(path, onKey)} must be ${typePhrase(mask)} (got ${got(v)})`, 'type', onKey));
    },
  };
}

function typeTest(mask: number): Valid {
  // The common single types get a direct test; the general case goes through the bit mask.
  switch (mask) {
    case T_STRING: return (v) => typeof v === 'string';
    case T_OBJECT: return (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
    case T_ARRAY: return (v) => Array.isArray(v);
    case T_INTEGER: return (v) => Number.isInteger(v);
    case T_NUMBER | T_INTEGER: return (v) => typeof v === 'number';
    case T_BOOLEAN: return (v) => typeof v === 'boolean';
    case T_NULL: return (v) => v === null;
    default: return (v) => (valueBits(v) & mask) !== 0;
  }
}

export function enumCheck(values: JsonValue[]): Check {
  if (values.length === 1) return constCheck(values[0], 'enum');
  const scalars = new Set<JsonValue>();
  const composites: JsonValue[] = [];
  for (const value of values) {
    if (typeof value === 'object' && value !== null) composites.push(value);
    else scalars.add(value);
  }
  const bits = values.reduce<number>((m, value) => m | valueBits(value), 0);
  const stringValues = values.filter((value): value is string => typeof value === 'string');
  return {
    mask: () => bits,
    values: () => values,
    ok: composites.length === 0
      ? (v) => scalars.has(v)
      : (v) => (typeof v !== 'object' || v === null ? scalars.has(v) : composites.some((c) => jsonEqual(c, v))),
    report: (v, path, _d, out, onKey) => {
      const name = noun(path, onKey);
      const scalar = typeof v !== 'object' || v === null;
      const guess = typeof v === 'string' ? didYouMean(v, stringValues) : undefined;
      const hint = guess !== undefined ? ` (did you mean ${code(guess)}?)` : '';
      const message = name && scalar
        ? `${code(typeof v === 'string' && v !== '' ? clip(v) : show(v))} is not a valid ${name}; expected one of ${listValues(values)}${hint}`
        : `${subject(path, onKey)} must be one of ${listValues(values)} (got ${show(v)})${hint}`;
      const found = problem(path, message, 'enum', onKey);
      if (guess !== undefined) found.suggestion = guess;
      out.push(found);
    },
  };
}

export function constCheck(expected: JsonValue, keyword = 'const', removable = false): Check {
  const scalar = typeof expected !== 'object' || expected === null;
  const bits = valueBits(expected);
  return {
    mask: () => bits,
    values: () => [expected],
    ok: scalar ? (v) => v === expected : (v) => jsonEqual(expected, v),
    report: (v, path, _d, out, onKey) => {
      const found = problem(path, `${subject(path, onKey)} must be ${show(expected, 60)} (got ${show(v)})`, keyword, onKey);
      if (removable) found.removable = true;
      out.push(found);
    },
  };
}

export function rangeCheck(s: SchemaObject): Check | undefined {
  const min = num(s.minimum);
  const max = num(s.maximum);
  const exMin = num(s.exclusiveMinimum);
  const exMax = num(s.exclusiveMaximum);
  if (min === undefined && max === undefined && exMin === undefined && exMax === undefined) return undefined;
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const exLo = exMin ?? -Infinity;
  const exHi = exMax ?? Infinity;
  const inRange = (v: number): boolean => v >= lo && v <= hi && (exMin === undefined || v > exLo) && (exMax === undefined || v < exHi);
  return {
    ok: (v) => typeof v !== 'number' || inRange(v),
    report: (v, path, _d, out, onKey) => {
      const n = v as number;
      const keyword = n < lo ? 'minimum' : n > hi ? 'maximum' : exMin !== undefined && n <= exLo ? 'exclusiveMinimum' : 'exclusiveMaximum';
      out.push(problem(path, `${subject(path, onKey)} must be ${rangePhrase(min, max, exMin, exMax)} (got ${n})`, keyword, onKey));
    },
  };
}

export function multipleOfCheck(m: number): Check {
  return {
    ok: (v) => typeof v !== 'number' || isMultiple(v, m),
    report: (v, path, _d, out, onKey) => {
      out.push(problem(path, `${subject(path, onKey)} must be a multiple of ${m} (got ${v as number})`, 'multipleOf', onKey));
    },
  };
}

/** Exact for decimal literals such as 0.0075 and 0.0001, where plain float division would say no. */
export function isMultiple(v: number, m: number): boolean {
  const q = v / m;
  if (Number.isInteger(q)) return true;
  // Overflowing quotients (1e308 / 0.5): the floating remainder is exact, so trust it there.
  if (!Number.isFinite(q)) return v % m === 0;
  const scale = 10 ** Math.max(decimals(v), decimals(m));
  if (!Number.isFinite(scale) || scale > 1e15) return false;
  const a = Math.round(v * scale);
  const b = Math.round(m * scale);
  return Number.isSafeInteger(a) && Number.isSafeInteger(b) && b !== 0 && a % b === 0;
}

function decimals(n: number): number {
  const text = String(n);
  const e = text.indexOf('e-');
  if (e >= 0) {
    const dot = text.indexOf('.');
    const mantissa = dot >= 0 && dot < e ? e - dot - 1 : 0;
    return mantissa + Number(text.slice(e + 2));
  }
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Length in code points, as JSON Schema counts; an emoji is one character, not two. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export function lengthCheck(s: SchemaObject): Check | undefined {
  const min = num(s.minLength);
  const max = num(s.maxLength);
  if (min === undefined && max === undefined) return undefined;
  const lo = min ?? 0;
  const hi = max ?? Infinity;
  // UTF-16 length bounds the code point count from both sides, so most strings need no counting.
  const fits = (t: string): boolean => {
    const units = t.length;
    if (units <= hi && units >= 2 * lo) return true;
    const n = codePoints(t);
    return n >= lo && n <= hi;
  };
  return {
    ok: (v) => typeof v !== 'string' || fits(v),
    report: (v, path, _d, out, onKey) => {
      const n = codePoints(v as string);
      const who = subject(path, onKey);
      let message: string;
      // An empty key: "keys of `metadata` must not be empty" reads better than naming the empty key itself.
      if (n === 0 && lo === 1 && onKey && path.length > 1) message = `keys of ${subject(path.slice(0, -1))} must not be empty`;
      else if (n < lo && lo === 1) message = `${who} must not be empty`;
      else if (min !== undefined && max !== undefined && lo > 1) message = `${who} must be between ${lo} and ${hi} characters (got ${n})`;
      else if (n < lo) message = `${who} must be at least ${plural(lo, 'character')} (got ${n})`;
      else message = `${who} must be at most ${plural(hi, 'character')} (got ${n})`;
      out.push(problem(path, message, n < lo ? 'minLength' : 'maxLength', onKey));
    },
  };
}

/** Patterns are Unicode regular expressions; one that JavaScript cannot compile is skipped, not fatal. */
export function compilePattern(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u');
  } catch {
    try {
      return new RegExp(source);
    } catch {
      return undefined;
    }
  }
}

export function patternCheck(source: string, custom: string | undefined): Check | undefined {
  const re = compilePattern(source);
  if (!re) return undefined;
  return {
    ok: (v) => typeof v !== 'string' || re.test(v),
    report: (_v, path, _d, out, onKey) => {
      out.push(problem(path, custom ?? `${subject(path, onKey)} must match the pattern ${source}`, 'pattern', onKey));
    },
  };
}

export function formatCheck(name: string): Check | undefined {
  const rule = formatRule(name);
  if (!rule) return undefined;
  return {
    ok: (v) => typeof v !== 'string' || rule.test(v),
    report: (v, path, _d, out, onKey) => {
      out.push(problem(path, `${subject(path, onKey)} must be ${rule.noun} (got ${show(v)})`, 'format', onKey));
    },
  };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 39) + '…' : s;
}
