// Object keywords: properties, patternProperties, additionalProperties (one pass over the keys),
// propertyNames, required, min/maxProperties, dependentRequired, dependentSchemas.
import { code, problem, subject } from './messages';
import { compilePattern } from './keywords';
import { child, has, IS_OBJECT_SOURCE, isObject, literal, markProp, MAX_DEPTH, specialized, type Check, type Ctx, type Node } from './node';
import { didYouMean } from './suggest';
import type { JsonPath, JsonValue, Problem, Schema, SchemaObject } from './types';

export function unknownProperty(path: JsonPath, key: string, allowed: readonly string[], keyword: string): Problem {
  const guess = didYouMean(key, allowed);
  const hint = guess !== undefined ? ` (did you mean ${code(guess)}?)` : '';
  const found = problem(child(path, key), `unknown property ${code(key)}${hint}`, keyword, true);
  if (guess !== undefined) found.suggestion = guess;
  return found;
}

export function tooDeep(path: JsonPath): Problem {
  return problem(path, `${subject(path)} is nested too deeply to check (more than ${MAX_DEPTH} levels)`, 'depth');
}

export function propertiesCheck(s: SchemaObject, ctx: Ctx): Check | undefined {
  const props = isMap(s.properties) ? s.properties : undefined;
  const patterns = isMap(s.patternProperties) ? s.patternProperties : undefined;
  const extra = s.additionalProperties;
  if (!props && !patterns && extra === undefined) return undefined;
  const known: Record<string, Node> = Object.create(null) as Record<string, Node>;
  const names = props ? Object.keys(props) : [];
  for (const name of names) known[name] = ctx.sub((props as Record<string, Schema>)[name], ctx.base);
  const regexes: { re: RegExp; node: Node }[] = [];
  for (const [source, sub] of Object.entries(patterns ?? {})) {
    const re = compilePattern(source);
    if (re) regexes.push({ re, node: ctx.sub(sub, ctx.base) });
  }
  const additional = extra === undefined ? undefined : ctx.sub(extra, ctx.base);
  const forbidden = extra === false;
  const all = [...Object.values(known), ...regexes.map((r) => r.node), ...(additional ? [additional] : [])];
  let warns: boolean | undefined;

  /** The subschemas that apply to one property; additionalProperties only when nothing else does. */
  const matched = (key: string): boolean => {
    if (known[key] !== undefined) return true;
    for (const r of regexes) if (r.re.test(key)) return true;
    return false;
  };

  // With only `properties`, looking up the few declared names beats walking the value's keys.
  const byName = regexes.length === 0 && additional === undefined && names.length <= 8;
  const nodes = names.map((name) => known[name]);
  const slow = names.map((name) => name in Object.prototype);
  return {
    ok: regexes.length === 0 ? propertiesTest(names, nodes, slow, byName, additional) : (v, d) => {
      if (!isObject(v)) return true;
      if (d >= MAX_DEPTH) return false;
      const dd = d + 1;
      for (const key in v) {
        const x = v[key];
        const n = known[key];
        let hit = n !== undefined;
        if (hit && !n.valid(x, dd)) return false;
        for (let i = 0; i < regexes.length; i++) {
          if (regexes[i].re.test(key)) {
            hit = true;
            if (!regexes[i].node.valid(x, dd)) return false;
          }
        }
        if (!hit && additional !== undefined && !additional.valid(x, dd)) return false;
      }
      return true;
    },
    report: (v, path, d, out) => {
      if (!isObject(v)) return;
      if (d >= MAX_DEPTH) {
        out.push(tooDeep(path));
        return;
      }
      const dd = d + 1;
      for (const key in v) {
        const x = v[key];
        const apply = (node: Node): void => {
          if (node.mayWarn() || !node.valid(x, dd)) node.errors(x, child(path, key), dd, out, false);
        };
        const n = known[key];
        if (n !== undefined) apply(n);
        for (const r of regexes) if (r.re.test(key)) apply(r.node);
        if (additional === undefined || matched(key)) continue;
        if (forbidden) out.push(unknownProperty(path, key, names.filter((name) => !has(v, name)), 'additionalProperties'));
        else apply(additional);
      }
    },
    selfFiltering: true,
    warns: () => (warns ??= all.some((n) => n.mayWarn())),
    property: (name) => known[name] ?? regexes.find((r) => r.re.test(name))?.node ?? additional,
    names: () => names,
    evaluate: (v, _d, acc) => {
      if (!isObject(v)) return;
      if (additional !== undefined) {
        acc.allProps = true;
        return;
      }
      for (const key in v) if (matched(key)) markProp(acc, key);
    },
    children: () => all,
  };
}

/**
 * The yes/no test of `properties` and `additionalProperties` (no `patternProperties`), as code of its
 * own: by the declared names when they are few and nothing else applies, else one pass over the
 * value's keys with the names as `case`s.
 */
function propertiesTest(names: string[], nodes: Node[], slow: boolean[], byName: boolean, additional: Node | undefined): (v: JsonValue, d: number) => boolean {
  const lines = [`if (!(${IS_OBJECT_SOURCE})) return true;`, `if (d >= ${MAX_DEPTH}) return false;`];
  if (byName) {
    lines.push('let x;');
    names.forEach((name, i) => lines.push(`x = v[${literal(name)}]; if (x !== undefined && ${slow[i] ? `Object.prototype.hasOwnProperty.call(v, ${literal(name)}) && ` : ''}!arg${i}.valid(x, d + 1)) return false;`));
  } else {
    lines.push('const dd = d + 1;', 'for (const key in v) {', 'switch (key) {');
    names.forEach((name, i) => lines.push(`case ${literal(name)}: if (!arg${i}.valid(v[key], dd)) return false; break;`));
    if (additional?.schema === false) lines.push('default: return false;');
    else if (additional !== undefined && additional.schema !== true) lines.push(`default: if (!arg${nodes.length}.valid(v[key], dd)) return false;`);
    lines.push('}', '}');
  }
  lines.push('return true;');
  return specialized('v, d', lines.join('\n'), additional ? [...nodes, additional] : nodes);
}

export function propertyNamesCheck(sub: Schema, ctx: Ctx): Check {
  const node = ctx.sub(sub, ctx.base);
  return {
    ok: (v, d) => {
      if (!isObject(v)) return true;
      for (const key in v) if (!node.valid(key, d + 1)) return false;
      return true;
    },
    report: (v, path, d, out) => {
      if (!isObject(v)) return;
      for (const key in v) if (!node.valid(key, d + 1)) node.errors(key, child(path, key), d + 1, out, true);
    },
    children: () => [node],
  };
}

export function requiredCheck(names: string[]): Check | undefined {
  if (names.length === 0) return undefined;
  // Names that also exist on Object.prototype need a real own-property test; the rest compare with undefined.
  const slow = names.some((name) => name in Object.prototype);
  return {
    ok: slow
      ? (v) => !isObject(v) || names.every((name) => has(v, name))
      : specialized<(v: JsonValue) => boolean>('v', `return !(${IS_OBJECT_SOURCE}) || (${names.map((name) => `v[${literal(name)}] !== undefined`).join(' && ')});`, []),
    report: (v, path, _d, out, onKey) => {
      if (!isObject(v)) return;
      for (const name of names) {
        if (!has(v, name)) out.push({ ...problem(path, `missing required property ${code(name)}`, 'required', onKey), missing: name });
      }
    },
  };
}

export function propertyCountCheck(s: SchemaObject): Check | undefined {
  const min = typeof s.minProperties === 'number' ? s.minProperties : 0;
  const max = typeof s.maxProperties === 'number' ? s.maxProperties : Infinity;
  if (min === 0 && max === Infinity) return undefined;
  const count = (v: Record<string, unknown>): number => {
    let n = 0;
    for (const _ in v) n++;
    return n;
  };
  return {
    ok: (v) => {
      if (!isObject(v)) return true;
      const n = count(v);
      return n >= min && n <= max;
    },
    report: (v, path, _d, out, onKey) => {
      const n = count(v as Record<string, unknown>);
      const who = subject(path, onKey);
      if (n < min) {
        const message = min === 1 ? `${who} must not be empty` : `${who} has ${n} ${n === 1 ? 'property' : 'properties'}; at least ${min} are required`;
        out.push(problem(path, message, 'minProperties', onKey));
      } else {
        out.push(problem(path, `${who} has ${n} ${n === 1 ? 'property' : 'properties'}; at most ${max} ${max === 1 ? 'is' : 'are'} allowed`, 'maxProperties', onKey));
      }
    },
  };
}

export function dependentRequiredCheck(map: Record<string, string[]>): Check | undefined {
  const entries = Object.entries(map).filter(([, deps]) => Array.isArray(deps) && deps.length > 0);
  if (entries.length === 0) return undefined;
  return {
    ok: (v) => !isObject(v) || entries.every(([key, deps]) => !has(v, key) || deps.every((dep) => has(v, dep))),
    report: (v, path, _d, out, onKey) => {
      if (!isObject(v)) return;
      for (const [key, deps] of entries) {
        if (!has(v, key)) continue;
        for (const dep of deps) {
          if (!has(v, dep)) out.push(problem(path, `missing property ${code(dep)}, which is required when ${code(key)} is present`, 'dependentRequired', onKey));
        }
      }
    },
  };
}

export function dependentSchemasCheck(map: Record<string, Schema>, ctx: Ctx): Check | undefined {
  const entries = Object.entries(map).map(([key, sub]) => ({ key, node: ctx.sub(sub, ctx.base) }));
  if (entries.length === 0) return undefined;
  return {
    ok: (v, d) => !isObject(v) || entries.every((e) => !has(v, e.key) || e.node.valid(v, d)),
    report: (v, path, d, out, onKey) => {
      if (!isObject(v)) return;
      for (const e of entries) if (has(v, e.key) && (e.node.mayWarn() || !e.node.valid(v, d))) e.node.errors(v, path, d, out, onKey);
    },
    warns: () => entries.some((e) => e.node.mayWarn()),
    evaluate: (v, d, acc) => {
      if (!isObject(v)) return;
      for (const e of entries) if (has(v, e.key)) e.node.evaluate(v, d, acc);
    },
    children: () => entries.map((e) => e.node),
  };
}

function isMap(v: unknown): v is Record<string, Schema> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
