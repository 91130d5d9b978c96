// $ref and $dynamicRef (with the dynamic scope), and the unevaluated* keywords that read annotations.
import { code, plural, problem, subject, T_ANY } from './messages';
import { child, has, isObject, MAX_DEPTH, newEvaluated, type Check, type Ctx, type Evaluated, type Node } from './node';
import { tooDeep, unknownProperty } from './objects';
import { SchemaRefError, type SchemaRegistry } from './registry';
import type { JsonValue, Schema, SchemaObject } from './types';

/** Resources entered so far, outermost first; only resources that declare $dynamicAnchors are kept. */
const dynamicScope: string[] = [];

export function withScope<T>(resource: string, run: () => T): T {
  dynamicScope.push(resource);
  try {
    return run();
  } finally {
    dynamicScope.pop();
  }
}

interface RefHost extends Ctx {
  readonly registry: SchemaRegistry;
}

/** `$ref`, or `$dynamicRef` when `dynamic`: resolved on first use, so recursive schemas compile in one pass. */
export function refCheck(ref: string, base: string, host: RefHost, dynamic: boolean): Check {
  const registry = host.registry;
  let target: Node | undefined;
  let scope: string | undefined;
  let anchor: string | undefined;
  let failed = false;
  const resolve = (): Node | undefined => {
    if (target || failed) return target;
    try {
      const found = registry.resolve(ref, base);
      const node = host.sub(found.schema, found.base);
      // Jumping into the middle of another resource still enters it, for $dynamicRef's purposes.
      const home = typeof found.schema === 'object' ? registry.containingResource(found.schema) : undefined;
      if (home !== undefined && registry.hasDynamicAnchors(home) && registry.resourceOf(found.schema as SchemaObject) !== home) scope = home;
      const hash = ref.indexOf('#');
      const fragment = hash < 0 ? '' : ref.slice(hash + 1);
      // Only a $dynamicRef whose first target carries the same $dynamicAnchor ("bookend") looks at the scope.
      if (dynamic && fragment !== '' && !fragment.startsWith('/') && typeof found.schema === 'object'
        && (found.schema as { $dynamicAnchor?: unknown }).$dynamicAnchor === fragment) anchor = fragment;
      target = node;
    } catch (e) {
      // Compilers are per registry version, so a miss stays a miss: remember it instead of rethrowing per value.
      if (!(e instanceof SchemaRefError)) throw e;
      failed = true;
    }
    return target;
  };
  const pick = (): Node | undefined => {
    const t = resolve();
    if (anchor === undefined || !t) return t;
    for (const resource of dynamicScope) {
      const s = registry.dynamicAnchor(resource, anchor);
      if (s) return host.sub(s, registry.baseOf(s) ?? resource);
    }
    return t;
  };
  const run = <T>(fn: () => T): T => (scope !== undefined ? withScope(scope, fn) : fn());
  return {
    ok: (v, d) => {
      const t = anchor === undefined && target !== undefined ? target : pick();
      if (t === undefined) return false;
      return scope === undefined ? t.valid(v, d) : withScope(scope, () => t.valid(v, d));
    },
    report: (v, path, d, out, onKey) => {
      const t = pick();
      if (t) run(() => t.errors(v, path, d, out, onKey));
      else out.push(problem(path, `cannot check ${subject(path, onKey)}: the definition ${code(ref)} was not found`, '$ref', onKey));
    },
    warns: () => pick()?.mayWarn() ?? false,
    evaluate: (v, d, acc) => {
      const t = pick();
      if (t) run(() => t.evaluate(v, d, acc));
    },
    mask: () => pick()?.typeMask() ?? T_ANY,
    property: (name) => pick()?.propertyNode(name),
    values: () => pick()?.constValues(),
    names: () => pick()?.declaredNames() ?? [],
    children: () => {
      const t = resolve();
      return t ? [t] : [];
    },
  };
}

function annotations(siblings: Check[], v: JsonValue, d: number): Evaluated {
  const acc = newEvaluated();
  for (const c of siblings) if (c.evaluate) c.evaluate(v, d, acc);
  return acc;
}

export function unevaluatedPropertiesCheck(sub: Schema, siblings: Check[], ctx: Ctx): Check {
  const node = ctx.sub(sub, ctx.base);
  const names = (): string[] => [...new Set(siblings.flatMap((c) => (c.names ? c.names() : [])))];
  return {
    ok: (v, d) => {
      if (!isObject(v)) return true;
      if (d >= MAX_DEPTH) return false;
      const acc = annotations(siblings, v, d);
      if (acc.allProps) return true;
      for (const key in v) if (!acc.props?.has(key) && !node.valid(v[key], d + 1)) return false;
      return true;
    },
    report: (v, path, d, out) => {
      if (!isObject(v)) return;
      if (d >= MAX_DEPTH) {
        out.push(tooDeep(path));
        return;
      }
      const acc = annotations(siblings, v, d);
      if (acc.allProps) return;
      for (const key in v) {
        if (acc.props?.has(key) || node.valid(v[key], d + 1)) continue;
        if (sub === false) out.push(unknownProperty(path, key, names().filter((n) => !has(v, n)), 'unevaluatedProperties'));
        else node.errors(v[key], child(path, key), d + 1, out, false);
      }
    },
    evaluate: (v, _d, acc) => {
      if (isObject(v)) acc.allProps = true;
    },
    children: () => [node],
  };
}

export function unevaluatedItemsCheck(sub: Schema, siblings: Check[], ctx: Ctx): Check {
  const node = ctx.sub(sub, ctx.base);
  const unevaluated = (acc: Evaluated, i: number): boolean => !acc.allItems && i >= acc.items && !acc.itemSet?.has(i);
  return {
    ok: (v, d) => {
      if (!Array.isArray(v)) return true;
      if (d >= MAX_DEPTH) return false;
      const acc = annotations(siblings, v, d);
      if (acc.allItems) return true;
      for (let i = acc.items; i < v.length; i++) if (unevaluated(acc, i) && !node.valid(v[i], d + 1)) return false;
      return true;
    },
    report: (v, path, d, out, onKey) => {
      if (!Array.isArray(v)) return;
      if (d >= MAX_DEPTH) {
        out.push(tooDeep(path));
        return;
      }
      const acc = annotations(siblings, v, d);
      if (acc.allItems) return;
      const extra: number[] = [];
      for (let i = acc.items; i < v.length; i++) if (unevaluated(acc, i) && !node.valid(v[i], d + 1)) extra.push(i);
      if (sub === false && extra.length > 0) {
        const allowed = v.length - extra.length;
        out.push(problem(path, `${subject(path, onKey)} has ${plural(v.length, 'item')}; at most ${allowed} ${allowed === 1 ? 'is' : 'are'} allowed here`, 'unevaluatedItems', onKey));
        return;
      }
      for (const i of extra) node.errors(v[i], child(path, i), d + 1, out, false);
    },
    evaluate: (v, _d, acc) => {
      if (Array.isArray(v)) acc.allItems = true;
    },
    children: () => [node],
  };
}
