// Turns subschemas into Nodes once, cached by object identity, so validating many values costs only
// the closures. `$ref` targets are resolved on first use, which makes recursive schemas free.
import { allOfCheck, anyOfCheck, conditionalCheck, notCheck } from './combinators';
import {
  constCheck, enumCheck, formatCheck, lengthCheck, multipleOfCheck, patternCheck, rangeCheck, typeCheck,
} from './keywords';
import { jsonEqual } from './equal';
import { problem, subject, T_ANY } from './messages';
import {
  type Check, type Ctx, type Evaluated, type Node, type Report, type Valid,
} from './node';
import {
  dependentRequiredCheck, dependentSchemasCheck, propertiesCheck, propertyCountCheck, propertyNamesCheck, requiredCheck,
} from './objects';
import { containsCheck, itemCountCheck, itemsCheck, uniqueItemsCheck } from './arrays';
import { refCheck, unevaluatedItemsCheck, unevaluatedPropertiesCheck, withScope } from './references';
import { resolveUri, type SchemaRegistry } from './registry';
import type { JsonValue, Problem, Schema, SchemaObject } from './types';

export interface CompileOptions {
  /** Assert the formats the product checks (`uuid`). False leaves every format an annotation. Default true. */
  assertFormats?: boolean;
}

export class Compiler implements Ctx {
  // Weak, because callers also compile throwaway subschemas (`{ const: x }`) for one-off checks.
  private readonly cache = new WeakMap<object, Node>();
  readonly base = '';

  constructor(readonly registry: SchemaRegistry, readonly assertFormats: boolean) {}

  sub(schema: Schema, base: string): Node {
    if (schema === true) return TRUE_NODE;
    if (schema === false) return FALSE_NODE;
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return TRUE_NODE;
    const cached = this.cache.get(schema);
    if (cached) return cached;
    const node = new CompiledNode(schema);
    // Cached before its children compile, so a cycle back to it finds the node under construction.
    this.cache.set(schema, node);
    node.init(this.checks(schema, this.baseFor(schema, base)), this.registry);
    return node;
  }

  private baseFor(schema: SchemaObject, inherited: string): string {
    const known = this.registry.baseOf(schema);
    if (known !== undefined) return known;
    if (typeof schema.$id === 'string' && !schema.$id.startsWith('#')) {
      try {
        return resolveUri(schema.$id, inherited).replace(/#.*$/, '');
      } catch {
        return inherited;
      }
    }
    return inherited;
  }

  private checks(s: SchemaObject, base: string): Check[] {
    const ctx: Ctx = { sub: (x, b) => this.sub(x, b), base, assertFormats: this.assertFormats };
    const checks: (Check | undefined)[] = [];
    const raw = s as Record<string, unknown>;
    if (s.type !== undefined) checks.push(typeCheck(s.type));
    if (s.const !== undefined) checks.push(constCheck(s.const, 'const', s.default !== undefined && jsonEqual(s.default, s.const)));
    if (Array.isArray(s.enum)) checks.push(enumCheck(s.enum));
    checks.push(rangeCheck(s));
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0) checks.push(multipleOfCheck(s.multipleOf));
    checks.push(lengthCheck(s));
    if (typeof s.pattern === 'string') checks.push(patternCheck(s.pattern, typeof raw.patternErrorMessage === 'string' ? raw.patternErrorMessage : undefined));
    if (typeof s.format === 'string' && this.assertFormats) checks.push(formatCheck(s.format));
    if (Array.isArray(s.required)) checks.push(requiredCheck(s.required));
    checks.push(propertiesCheck(s, ctx));
    if (s.propertyNames !== undefined) checks.push(propertyNamesCheck(s.propertyNames, ctx));
    checks.push(propertyCountCheck(s));
    if (isMap(s.dependentRequired)) checks.push(dependentRequiredCheck(s.dependentRequired as Record<string, string[]>));
    if (isMap(s.dependentSchemas)) checks.push(dependentSchemasCheck(s.dependentSchemas as Record<string, Schema>, ctx));
    checks.push(itemCountCheck(s));
    if (s.uniqueItems === true) checks.push(uniqueItemsCheck());
    checks.push(itemsCheck(s, ctx));
    checks.push(containsCheck(s, ctx));
    if (Array.isArray(s.allOf)) checks.push(allOfCheck(s.allOf, ctx));
    if (Array.isArray(s.anyOf)) checks.push(anyOfCheck(s.anyOf, ctx, 'anyOf'));
    if (Array.isArray(s.oneOf)) checks.push(anyOfCheck(s.oneOf, ctx, 'oneOf'));
    if (s.not !== undefined) checks.push(notCheck(s.not, ctx));
    if (s.if !== undefined) checks.push(conditionalCheck(s.if, s.then, s.else, ctx));
    if (typeof s.$ref === 'string') checks.push(refCheck(s.$ref, base, this, false));
    if (typeof raw.$dynamicRef === 'string') checks.push(refCheck(raw.$dynamicRef, base, this, true));
    const present = checks.filter((c): c is Check => c !== undefined);
    // The unevaluated keywords read the annotations of every sibling, so they come last.
    if (raw.unevaluatedProperties !== undefined) present.push(unevaluatedPropertiesCheck(raw.unevaluatedProperties as Schema, present.slice(), ctx));
    if (raw.unevaluatedItems !== undefined) present.push(unevaluatedItemsCheck(raw.unevaluatedItems as Schema, present.slice(), ctx));
    return present;
  }
}

class CompiledNode implements Node {
  valid: Valid = () => true;
  errors: Report = () => undefined;
  private checkList: Check[] = [];
  private maskMemo: number | undefined;
  private warnMemo: boolean | undefined;

  constructor(readonly schema: SchemaObject) {}

  init(checks: Check[], registry: SchemaRegistry): void {
    this.checkList = checks;
    const oks = checks.map((c) => c.ok);
    const n = oks.length;
    let valid: Valid;
    if (n === 0) valid = () => true;
    else if (n === 1) valid = oks[0];
    else if (n === 2) {
      const [a, b] = oks;
      valid = (v, d) => a(v, d) && b(v, d);
    } else if (n === 3) {
      const [a, b, c] = oks;
      valid = (v, d) => a(v, d) && b(v, d) && c(v, d);
    } else {
      valid = (v, d) => {
        for (let i = 0; i < n; i++) if (!oks[i](v, d)) return false;
        return true;
      };
    }
    const typeFirst = checks.find((c) => c.isType);
    const deprecated = this.schema.deprecated === true;
    const custom = typeof this.schema.errorMessage === 'string' ? this.schema.errorMessage : undefined;
    const inner: Report = (v, path, d, out, onKey) => {
      if (deprecated) out.push({ path, on: onKey ? 'key' : 'value', message: `${subject(path, onKey)} is deprecated`, severity: 'warning', keyword: 'deprecated' });
      if (typeFirst && !typeFirst.ok(v, d)) {
        typeFirst.report(v, path, d, out, onKey);
        return;
      }
      for (const c of checks) {
        if (c.selfFiltering || !c.ok(v, d) || (c.warns !== undefined && c.warns())) c.report(v, path, d, out, onKey);
      }
    };
    let errors: Report = inner;
    if (custom !== undefined) {
      // An author-written message replaces the details of this subschema, not its warnings.
      errors = (v, path, d, out, onKey) => {
        const found: Problem[] = [];
        inner(v, path, d, found, onKey);
        const first = found.find((p) => p.severity === 'error');
        if (first) {
          // What the quick fixes need stays: the message changes, not the fix.
          const replaced = problem(path, custom, first.keyword, onKey);
          if (first.removable) replaced.removable = true;
          if (first.suggestion !== undefined) replaced.suggestion = first.suggestion;
          if (first.missing !== undefined) replaced.missing = first.missing;
          out.push(replaced);
        }
        for (const p of found) if (p.severity !== 'error') out.push(p);
      };
    }
    // Entering a resource that declares $dynamicAnchors puts it on the dynamic scope.
    const resource = registry.resourceOf(this.schema);
    if (resource !== undefined && registry.hasDynamicAnchors(resource)) {
      const plainValid = valid;
      const plainErrors = errors;
      valid = (v, d) => withScope(resource, () => plainValid(v, d));
      errors = (v, path, d, out, onKey) => withScope(resource, () => plainErrors(v, path, d, out, onKey));
      this.evaluate = (v, d, acc) => withScope(resource, () => this.evaluateChecks(v, d, acc));
    }
    this.valid = valid;
    this.errors = errors;
  }

  evaluate(v: JsonValue, d: number, acc: Evaluated): void {
    this.evaluateChecks(v, d, acc);
  }

  private evaluateChecks(v: JsonValue, d: number, acc: Evaluated): void {
    for (const c of this.checkList) if (c.evaluate) c.evaluate(v, d, acc);
  }

  typeMask(): number {
    if (this.maskMemo !== undefined) return this.maskMemo;
    this.maskMemo = T_ANY; // provisional answer for cycles through $ref
    let mask = T_ANY;
    for (const c of this.checkList) if (c.mask) mask &= c.mask();
    return (this.maskMemo = mask);
  }

  mayWarn(): boolean {
    if (this.warnMemo !== undefined) return this.warnMemo;
    // Whole-graph search from this node; only the answer for this node is memoised, which stays right in cycles.
    const seen = new Set<Node>([this]);
    const stack: Node[] = [this];
    let found = false;
    while (stack.length > 0 && !found) {
      const n = stack.pop() as Node;
      if (n.schema !== true && n.schema !== false && (n.schema as SchemaObject).deprecated === true) found = true;
      for (const c of n.children()) {
        if (!seen.has(c)) {
          seen.add(c);
          stack.push(c);
        }
      }
    }
    return (this.warnMemo = found);
  }

  children(): Node[] {
    return this.checkList.flatMap((c) => (c.children ? c.children() : []));
  }

  declaredNames(): string[] {
    return this.checkList.flatMap((c) => (c.names ? c.names() : []));
  }

  propertyNode(name: string): Node | undefined {
    for (const c of this.checkList) {
      const n = c.property?.(name);
      if (n) return n;
    }
    return undefined;
  }

  constValues(): readonly JsonValue[] | undefined {
    for (const c of this.checkList) {
      const values = c.values?.();
      if (values) return values;
    }
    return undefined;
  }
}

function constantNode(value: boolean): Node {
  return {
    schema: value,
    valid: () => value,
    errors: value ? () => undefined : (_v, path, _d, out, onKey) => {
      out.push(problem(path, `${subject(path, onKey)} is not allowed`, 'false', onKey));
    },
    evaluate: () => undefined,
    typeMask: () => (value ? T_ANY : 0),
    mayWarn: () => false,
    children: () => [],
    declaredNames: () => [],
    propertyNode: () => undefined,
    constValues: () => undefined,
  };
}

export const TRUE_NODE: Node = constantNode(true);
export const FALSE_NODE: Node = constantNode(false);

function isMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
