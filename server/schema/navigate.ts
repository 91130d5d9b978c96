// Which schemas apply at a place in a document: used by completion and hover, which need the
// schema of a property that may not be written yet, not a verdict on a value.
import { SchemaRegistry } from './registry';
import { JsonPath, JsonValue, Schema, SchemaObject } from './types';

export interface Located {
  schema: SchemaObject;
  base: string;
}

/** Decides whether a value matches a subschema; the engine's `isValid`, injected to keep this module small. */
export type Matcher = (schema: Schema, base: string, value: JsonValue) => boolean;

const MAX_EXPANSION = 64;

export class SchemaNavigator {
  constructor(private readonly registry: SchemaRegistry, private readonly matches: Matcher) {}

  /**
   * The schemas in force for the value at `path` below `root`. `valueAt` gives the document's
   * current value at a path (undefined when absent), to pick `if`/`then` and `oneOf` branches.
   */
  at(root: Located, path: JsonPath, valueAt: (path: JsonPath) => JsonValue | undefined): Located[] {
    let current = this.expand([root], valueAt([]));
    for (let i = 0; i < path.length && current.length > 0; i++) {
      const step = path[i];
      const next: Located[] = [];
      for (const here of current) next.push(...this.child(here, step));
      current = this.expand(next, valueAt(path.slice(0, i + 1)));
    }
    return current;
  }

  /** Follows `$ref`, `allOf`, conditionals and the `anyOf`/`oneOf` branches that fit `value`. */
  expand(list: Located[], value: JsonValue | undefined): Located[] {
    const out: Located[] = [];
    const seen = new Set<SchemaObject>();
    const queue = [...list];
    while (queue.length > 0 && out.length < MAX_EXPANSION) {
      const item = queue.shift() as Located;
      const { schema } = item;
      if (seen.has(schema)) continue;
      seen.add(schema);
      const base = this.registry.baseOf(schema) ?? item.base;
      out.push({ schema, base });
      const push = (s: Schema | undefined, b = base) => {
        if (typeof s === 'object' && s !== null) queue.push({ schema: s, base: b });
      };
      if (schema.$ref) {
        try {
          const target = this.registry.resolve(schema.$ref, base);
          push(target.schema, target.base);
        } catch {
          // An unresolvable reference contributes nothing to completion; diagnostics report it.
        }
      }
      schema.allOf?.forEach((s) => push(s));
      for (const branches of [schema.anyOf, schema.oneOf]) {
        if (!branches) continue;
        const fitting = value === undefined ? branches : branches.filter((s) => this.fits(s, base, value));
        (fitting.length > 0 ? fitting : branches).forEach((s) => push(s));
      }
      if (schema.if !== undefined && value !== undefined) {
        push(this.matches(schema.if, base, value) ? schema.then : schema.else);
      }
    }
    return out;
  }

  /** A branch fits when the value's discriminating properties (const/enum) agree with it. */
  private fits(branch: Schema, base: string, value: JsonValue): boolean {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.matches(branch, base, value);
    return this.matchesShallowConsts(branch, base, value);
  }

  private matchesShallowConsts(branch: Schema, base: string, value: { [k: string]: JsonValue }): boolean {
    for (const located of this.expand([{ schema: typeof branch === 'object' ? branch : {}, base }], undefined)) {
      const types = located.schema.type;
      if (types !== undefined && !(Array.isArray(types) ? types : [types]).includes('object')) return false;
      for (const [name, sub] of Object.entries(located.schema.properties ?? {})) {
        if (typeof sub !== 'object' || !(name in value)) continue;
        if (sub.const !== undefined && !this.matches({ const: sub.const }, base, value[name])) return false;
        if (sub.enum !== undefined && !this.matches({ enum: sub.enum }, base, value[name])) return false;
      }
    }
    return true;
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
