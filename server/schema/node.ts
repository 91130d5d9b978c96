// The compiled form of a subschema: closures for the yes/no answer, for the worded problems, and for
// the annotations `unevaluated*` needs. Shared by the keyword builders and the compiler.
import type { JsonPath, JsonValue, Problem, Schema } from './types';

/** Data nesting past this is reported instead of checked, so hostile input cannot exhaust the stack. */
export const MAX_DEPTH = 512;

export type Valid = (v: JsonValue, d: number) => boolean;
/** Appends the problems of `v`; `onKey` says `v` is a property name (propertyNames), not a value. */
export type Report = (v: JsonValue, path: JsonPath, d: number, out: Problem[], onKey: boolean) => void;

/** Property names and item indices that passing subschemas looked at (the `unevaluated*` annotations). */
export interface Evaluated {
  allProps: boolean;
  props: Set<string> | undefined;
  allItems: boolean;
  /** Items before this index were evaluated. */
  items: number;
  itemSet: Set<number> | undefined;
}

export function newEvaluated(): Evaluated {
  return { allProps: false, props: undefined, allItems: false, items: 0, itemSet: undefined };
}

export function markProp(acc: Evaluated, key: string): void {
  (acc.props ??= new Set()).add(key);
}

/** One keyword (or a group of keywords that are cheaper and better worded together). */
export interface Check {
  ok: Valid;
  /** Called when `ok` failed, or when `warns()` says a warning may hide below. */
  report: Report;
  /**
   * `report` itself skips what passes and adds nothing for a passing value, so it may be called
   * without running `ok` first: for containers that saves a second walk of everything below.
   */
  selfFiltering?: boolean;
  warns?: () => boolean;
  /** Adds annotations; only called when the owning subschema passed. */
  evaluate?: (v: JsonValue, d: number, acc: Evaluated) => void;
  /** Subschemas this check applies, for static questions (may it warn?). */
  children?: () => Node[];
  /** Set on the `type` check: when it fails, the other keywords are not worded. */
  isType?: boolean;
  /** The JSON types this keyword lets through (bits from messages.ts); absent means all. */
  mask?: () => number;
  /** The subschema this keyword applies to property `name`, for picking the anyOf/oneOf branch a value meant. */
  property?: (name: string) => Node | undefined;
  /** The only values this keyword allows (const, enum). */
  values?: () => readonly JsonValue[] | undefined;
  /** Property names declared in place, for "did you mean" on `unevaluatedProperties`. */
  names?: () => string[];
}

export interface Node {
  readonly schema: Schema;
  valid: Valid;
  errors: Report;
  evaluate(v: JsonValue, d: number, acc: Evaluated): void;
  /** The JSON types this subschema can possibly accept (bits from messages.ts). */
  typeMask(): number;
  /** Whether validating may yield warnings (deprecated properties) even when the value is valid. */
  mayWarn(): boolean;
  /** Subschemas reachable without descending into the data, plus those that do: every compiled child. */
  children(): Node[];
  /** Property names this subschema declares in place (for "did you mean" on `unevaluatedProperties`). */
  declaredNames(): string[];
  /** The subschema for property `name` declared here or in place (allOf, $ref). */
  propertyNode(name: string): Node | undefined;
  /** The only values allowed, when const or enum says so. */
  constValues(): readonly JsonValue[] | undefined;
}

/** What keyword builders need from the compiler. */
export interface Ctx {
  sub(schema: Schema, base: string): Node;
  readonly base: string;
  readonly assertFormats: boolean;
}

export function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property test that stays fast for ordinary names: only names that also live on
 *  Object.prototype (`constructor`, `__proto__`, ...) need the slow path. */
export function has(o: { [key: string]: JsonValue }, key: string): boolean {
  return o[key] !== undefined && (!(key in Object.prototype) || Object.prototype.hasOwnProperty.call(o, key));
}

export function child(path: JsonPath, key: string | number): JsonPath {
  const next = path.slice();
  next.push(key);
  return next;
}

/**
 * A yes/no test compiled from source made for one schema, with its property names written in. The
 * checks' closures come from a few function literals, so their property reads share inline caches
 * across every schema and object shape and go megamorphic; a function of its own per schema keeps
 * them fast, as a code-generating validator's are. `body` receives `names` as `arg0`, `arg1`, ….
 */
export function specialized<T extends (...a: never[]) => unknown>(params: string, body: string, args: readonly unknown[]): T {
  const names = args.map((_, i) => `arg${i}`);
  return new Function(...names, `"use strict"; return function (${params}) { ${body} };`)(...args) as T;
}

/** A property name as a JavaScript string literal, for `specialized` source. */
export function literal(name: string): string {
  return JSON.stringify(name);
}

/** The source of "`v` is a JSON object" for `specialized` tests. */
export const IS_OBJECT_SOURCE = 'typeof v === "object" && v !== null && !Array.isArray(v)';
