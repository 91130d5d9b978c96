// Which schemas apply at a place in a document: used by completion and hover, which need the
// schema of a property that may not be written yet, not a verdict on a value.
import { jsonEqual } from './equal';
import { isObject } from './node';
import { SchemaRegistry } from './registry';
import { JsonObject, JsonPath, JsonValue, Schema, SchemaObject } from './types';

export interface Located {
  schema: SchemaObject;
  base: string;
}

/** Decides whether a value matches a subschema; the engine's `isValid`, injected to keep this module small. */
export type Matcher = (schema: Schema, base: string, value: JsonValue) => boolean;

/** What one schema brings in: schemas that hold with it, and groups of branches of which some hold. */
type Part = Located | Located[];

const MAX_EXPANSION = 64;
/** Beyond this many alternatives, further unions are merged as `expand` merges them. */
const MAX_ALTERNATIVES = 32;

export class SchemaNavigator {
  /** Resolved references by base and reference: resolving parses URIs, and completion follows the same few many times. */
  private readonly targets = new Map<string, Located | null>();
  private targetsVersion = -1;

  constructor(private readonly registry: SchemaRegistry, private readonly matches: Matcher) {}

  /**
   * The schemas in force for the value at `path` below `root`. `valueAt` gives the document's
   * current value at a path (undefined when absent), to pick `if`/`then` and `oneOf` branches.
   */
  at(root: Located, path: JsonPath, valueAt: (path: JsonPath) => JsonValue | undefined): Located[] {
    const direct = this.reach(root, path, valueAt);
    return direct.length === 0 ? [] : this.expand(direct, valueAt(path));
  }

  /** The schemas `path` leads to, before their own references and branches are followed. */
  reach(root: Located, path: JsonPath, valueAt: (path: JsonPath) => JsonValue | undefined): Located[] {
    let direct = [root];
    for (let i = 0; i < path.length && direct.length > 0; i++) {
      const here = this.expand(direct, valueAt(path.slice(0, i)));
      direct = here.flatMap((h) => this.child(h, path[i]));
    }
    return direct;
  }

  /** Follows `$ref`, `allOf`, conditionals and the `anyOf`/`oneOf` branches that fit `value`. */
  expand(list: Located[], value: JsonValue | undefined): Located[] {
    return this.walk(list, value, MAX_EXPANSION, false);
  }

  /**
   * Like `expand`, but kept apart where a union leaves a choice: one list per way the schemas can
   * hold for `value`, each list holding all together. An object whose kind is not chosen yet has
   * one alternative per kind; one whose kind is chosen, one alternative.
   */
  alternatives(list: Located[], value: JsonValue | undefined): Located[][] {
    const done: Located[][] = [];
    const open: { taken: Located[]; queue: Part[] }[] = [{ taken: [], queue: [...list] }];
    while (open.length > 0) {
      const { taken, queue } = open.pop() as { taken: Located[]; queue: Part[] };
      let forked = false;
      while (queue.length > 0 && taken.length < MAX_EXPANSION) {
        const part = queue.shift() as Part;
        if (Array.isArray(part)) {
          if (part.length === 1 || done.length + open.length + part.length > MAX_ALTERNATIVES) {
            queue.push(...part);
            continue;
          }
          // Pushed in reverse so that the branches come out in their schema order.
          for (let b = part.length - 1; b >= 0; b--) open.push({ taken: [...taken], queue: [...queue, part[b]] });
          forked = true;
          break;
        }
        if (taken.some((t) => t.schema === part.schema)) continue;
        const { self, parts } = this.parts(part, value);
        taken.push(self);
        queue.push(...parts);
      }
      if (!forked) done.push(taken);
    }
    return done;
  }

  /**
   * Every schema that may apply here for some value: `expand` taking every branch of every union
   * and both sides of every conditional.
   */
  everywhere(list: Located[]): Located[] {
    return this.walk(list, undefined, MAX_EXPANSION * 4, true);
  }

  /**
   * Breadth-first over what `list` brings in, each schema once, up to `limit` of them; with
   * `bothConditionals`, both `then` and `else` of every conditional too.
   */
  private walk(list: Located[], value: JsonValue | undefined, limit: number, bothConditionals: boolean): Located[] {
    const out: Located[] = [];
    const seen = new Set<SchemaObject>();
    const queue = [...list];
    while (queue.length > 0 && out.length < limit) {
      const item = queue.shift() as Located;
      if (seen.has(item.schema)) continue;
      seen.add(item.schema);
      const { self, parts } = this.parts(item, value);
      out.push(self);
      for (const part of parts) queue.push(...(Array.isArray(part) ? part : [part]));
      if (!bothConditionals) continue;
      for (const s of [item.schema.then, item.schema.else]) if (typeof s === 'object' && s !== null) queue.push({ schema: s, base: self.base });
    }
    return out;
  }

  /**
   * True when no schema in `located` rejects one of `value`'s properties outright: by a `const` or
   * `enum` the value disagrees with, or by leaving the name out under `additionalProperties: false`.
   * Shallow on purpose: deeper mistakes do not change which kind of object this is.
   */
  admits(located: Located[], value: JsonObject): boolean {
    for (const { schema } of located) {
      const types = schema.type;
      if (types !== undefined && !(Array.isArray(types) ? types : [types]).includes('object')) return false;
      for (const [name, v] of Object.entries(value)) {
        const sub = schema.properties?.[name];
        if (sub === undefined) {
          if (!this.allowsUndeclared(schema, name)) return false;
          continue;
        }
        if (sub === false) return false;
        if (typeof sub !== 'object') continue;
        if (sub.const !== undefined && !jsonEqual(sub.const, v)) return false;
        if (sub.enum !== undefined && !sub.enum.some((e) => jsonEqual(e, v))) return false;
      }
    }
    return true;
  }

  /** Whether a name absent from `properties` may appear: through `patternProperties` or `additionalProperties`. */
  allowsUndeclared(schema: SchemaObject, name: string): boolean {
    let matched = false;
    for (const [pattern, sub] of Object.entries(schema.patternProperties ?? {})) {
      if (!safeRegExp(pattern)?.test(name)) continue;
      if (sub === false) return false;
      matched = true;
    }
    return matched || schema.additionalProperties !== false;
  }

  /** One schema, resolved to its own base, and what it brings in, in the order `expand` has always followed. */
  private parts(item: Located, value: JsonValue | undefined): { self: Located; parts: Part[] } {
    const { schema } = item;
    const base = this.registry.baseOf(schema) ?? item.base;
    const parts: Part[] = [];
    const located = (s: Schema | undefined, b = base): Located | undefined => (typeof s === 'object' && s !== null ? { schema: s, base: b } : undefined);
    const push = (s: Schema | undefined, b = base) => {
      const l = located(s, b);
      if (l) parts.push(l);
    };
    if (schema.$ref) {
      const target = this.target(schema.$ref, base);
      if (target) parts.push(target);
    }
    schema.allOf?.forEach((s) => push(s));
    for (const branches of [schema.anyOf, schema.oneOf]) {
      if (!branches) continue;
      const fitting = value === undefined ? branches : branches.filter((s) => this.fits(s, base, value));
      const group = (fitting.length > 0 ? fitting : branches).map((s) => located(s)).filter((l): l is Located => l !== undefined);
      if (group.length > 0) parts.push(group);
    }
    if (schema.if !== undefined && value !== undefined) {
      push(this.matches(schema.if, base, value) ? schema.then : schema.else);
    }
    return { self: { schema, base }, parts };
  }

  private target(ref: string, base: string): Located | undefined {
    if (this.targetsVersion !== this.registry.version) {
      this.targets.clear();
      this.targetsVersion = this.registry.version;
    }
    const key = `${base} ${ref}`;
    let hit = this.targets.get(key);
    if (hit === undefined) {
      try {
        const { schema, base: targetBase } = this.registry.resolve(ref, base);
        hit = typeof schema === 'object' && schema !== null ? { schema, base: targetBase } : null;
      } catch {
        // An unresolvable reference contributes nothing to completion; diagnostics report it.
        hit = null;
      }
      this.targets.set(key, hit);
    }
    return hit ?? undefined;
  }

  /** A branch fits when nothing in it rejects one of the object's properties (see `admits`). */
  private fits(branch: Schema, base: string, value: JsonValue): boolean {
    if (!isObject(value)) return this.matches(branch, base, value);
    return typeof branch !== 'object' || this.admits(this.together({ schema: branch, base }), value);
  }

  /** The schemas that hold whenever `root` holds: itself and, transitively, its `$ref` and `allOf`. */
  private together(root: Located): Located[] {
    const out: Located[] = [];
    const queue = [root];
    while (queue.length > 0 && out.length < MAX_EXPANSION) {
      const item = queue.shift() as Located;
      if (out.some((o) => o.schema === item.schema)) continue;
      const { self, parts } = this.parts(item, undefined);
      out.push(self);
      for (const part of parts) if (!Array.isArray(part)) queue.push(part);
    }
    return out;
  }

  private child(here: Located, step: string | number): Located[] {
    const { schema, base } = here;
    const out: Located[] = [];
    const add = (s: Schema | undefined) => {
      if (typeof s === 'object' && s !== null) out.push({ schema: s, base });
    };
    if (typeof step === 'number') {
      if (schema.prefixItems && step < schema.prefixItems.length) add(schema.prefixItems[step]);
      else add(schema.items);
      return out;
    }
    const own = schema.properties?.[step];
    if (own !== undefined) add(own);
    let matchedPattern = false;
    for (const [pattern, sub] of Object.entries(schema.patternProperties ?? {})) {
      if (safeRegExp(pattern)?.test(step)) {
        matchedPattern = true;
        add(sub);
      }
    }
    if (own === undefined && !matchedPattern) add(schema.additionalProperties);
    return out;
  }
}

const regexCache = new Map<string, RegExp | undefined>();
export function safeRegExp(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = undefined;
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern);
}
