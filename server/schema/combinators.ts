// allOf, anyOf, oneOf, not, if/then/else. The hard part is wording a failed anyOf/oneOf: users must
// hear about the form they meant, never "does not match any schema".
import { jsonEqual } from './equal';
import { describe } from './describe';
import { code, got, joinAnd, joinOr, listValues, problem, show, subject, T_ANY, typePhrase, valueBits } from './messages';
import { isObject, type Check, type Ctx, type Node } from './node';
import type { JsonPath, JsonValue, Problem, Schema } from './types';

export function allOfCheck(subs: Schema[], ctx: Ctx): Check | undefined {
  const nodes = subs.map((sub) => ctx.sub(sub, ctx.base));
  if (nodes.length === 0) return undefined;
  return {
    ok: (v, d) => {
      for (let i = 0; i < nodes.length; i++) if (!nodes[i].valid(v, d)) return false;
      return true;
    },
    report: (v, path, d, out, onKey) => {
      for (const n of nodes) if (n.mayWarn() || !n.valid(v, d)) n.errors(v, path, d, out, onKey);
    },
    warns: () => nodes.some((n) => n.mayWarn()),
    evaluate: (v, d, acc) => {
      for (const n of nodes) n.evaluate(v, d, acc);
    },
    mask: () => nodes.reduce((m, n) => m & n.typeMask(), T_ANY),
    property: (name) => firstDefined(nodes, (n) => n.propertyNode(name)),
    values: () => firstDefined(nodes, (n) => n.constValues()),
    names: () => nodes.flatMap((n) => n.declaredNames()),
    children: () => nodes,
  };
}

export function anyOfCheck(subs: Schema[], ctx: Ctx, keyword: 'anyOf' | 'oneOf'): Check | undefined {
  const nodes = subs.map((sub) => ctx.sub(sub, ctx.base));
  if (nodes.length === 0) return undefined;
  const one = keyword === 'oneOf';
  const ok = one
    ? (v: JsonValue, d: number): boolean => {
      let hits = 0;
      for (let i = 0; i < nodes.length; i++) if (nodes[i].valid(v, d) && ++hits > 1) return false;
      return hits === 1;
    }
    : (v: JsonValue, d: number): boolean => {
      for (let i = 0; i < nodes.length; i++) if (nodes[i].valid(v, d)) return true;
      return false;
    };
  return {
    ok,
    report: (v, path, d, out, onKey) => {
      const passing: number[] = [];
      for (let i = 0; i < nodes.length; i++) if (nodes[i].valid(v, d)) passing.push(i);
      if (passing.length === 0) {
        reportBest(nodes, v, path, d, out, onKey, keyword);
      } else if (one && passing.length > 1) {
        const options = joinAnd(passing.map((i) => String(i + 1)));
        out.push(problem(path, `${subject(path, onKey)} matches more than one allowed form (options ${options})`, keyword, onKey));
      } else {
        // Valid: only the warnings of the form that matched are of interest.
        const n = nodes[passing[0]];
        if (n.mayWarn()) n.errors(v, path, d, out, onKey);
      }
    },
    warns: () => nodes.some((n) => n.mayWarn()),
    evaluate: (v, d, acc) => {
      for (const n of nodes) if (n.valid(v, d)) n.evaluate(v, d, acc);
    },
    mask: () => nodes.reduce((m, n) => m | n.typeMask(), 0),
    names: () => nodes.flatMap((n) => n.declaredNames()),
    children: () => nodes,
  };
}

/** Words the failure of every branch as the failure of the branch the value most likely meant. */
function reportBest(nodes: Node[], v: JsonValue, path: JsonPath, d: number, out: Problem[], onKey: boolean, keyword: string): void {
  const alternatives = requiredAlternatives(nodes);
  if (alternatives && isObject(v)) {
    // `anyOf: [{required: [a]}, {required: [b]}]` means "give a or b": say that, not that a is missing.
    const phrase = joinOr(alternatives.map((names) => joinAnd(names.map(code))));
    out.push(problem(path, `${subject(path, onKey)} needs ${phrase}`, 'required', onKey));
    return;
  }
  const bits = valueBits(v);
  const fitting = nodes.filter((n) => (n.typeMask() & bits) !== 0);
  if (fitting.length === 0) {
    const union = nodes.reduce((m, n) => m | n.typeMask(), 0);
    const message = union === 0 ? `${subject(path, onKey)} is not allowed` : `${subject(path, onKey)} must be ${typePhrase(union)} (got ${got(v)})`;
    out.push(problem(path, message, union === 0 ? keyword : 'type', onKey));
    return;
  }
  let candidates = fitting;
  if (isObject(v) && fitting.length > 1) {
    // Discriminators: properties whose subschema allows fixed values (`"type": {"const": "text"}`).
    const scored = fitting.map((n) => {
      let matches = 0;
      let misses = 0;
      for (const key in v) {
        const allowed = n.propertyNode(key)?.constValues();
        if (!allowed) continue;
        if (allowed.some((a) => jsonEqual(a, v[key]))) matches++;
        else misses++;
      }
      return { n, matches, misses };
    });
    const meant = scored.filter((s) => s.matches > 0 && s.misses === 0).map((s) => s.n);
    if (meant.length > 0) {
      candidates = meant;
    } else {
      const key = sharedDiscriminator(fitting, v);
      if (key !== undefined) {
        const values = fitting.flatMap((n) => n.propertyNode(key)?.constValues() ?? []);
        const seen = values.filter((x, i) => values.findIndex((y) => jsonEqual(x, y)) === i);
        const found = v[key];
        const shown = typeof found === 'string' && found !== '' ? code(found) : code(show(found));
        out.push(problem([...path, key], `${shown} is not a valid ${key}; expected one of ${listValues(seen)}`, keyword, false));
        return;
      }
    }
  }
  const failures = candidates.map((n) => {
    const problems: Problem[] = [];
    n.errors(v, path, d, problems, onKey);
    return problems.filter((p) => p.severity === 'error');
  }).filter((errors) => errors.length > 0);
  const missing = failures.length > 1 ? onlyMissing(failures, path) : undefined;
  if (missing) {
    // Each form lacks only properties: the value needs one set of them, which says more than one form's list.
    out.push(problem(path, `${subject(path, onKey)} needs ${joinOr(missing.map((names) => joinAnd(names.map(code))))}`, 'required', onKey));
    return;
  }
  let best: Problem[] | undefined;
  for (const errors of failures) if (best === undefined || better(errors, best)) best = errors;
  if (best) out.push(...best);
  else out.push(problem(path, `${subject(path, onKey)} does not have any of the allowed forms`, keyword, onKey));
}

/** A property present in the value that every branch pins to fixed values, none of which it has. */
function sharedDiscriminator(nodes: Node[], v: { [key: string]: JsonValue }): string | undefined {
  for (const key in v) if (nodes.every((n) => n.propertyNode(key)?.constValues() !== undefined)) return key;
  return undefined;
}

/** Fewer problems wins; on a tie, the one whose first problem sits deeper (it got further). */
function better(a: Problem[], b: Problem[]): boolean {
  if (a.length !== b.length) return a.length < b.length;
  return a[0].path.length > b[0].path.length;
}

export function notCheck(sub: Schema, ctx: Ctx): Check {
  const node = ctx.sub(sub, ctx.base);
  return {
    ok: (v, d) => !node.valid(v, d),
    report: (_v, path, _d, out, onKey) => {
      const who = subject(path, onKey);
      const s = typeof sub === 'object' ? sub : undefined;
      let message: string;
      if (sub === true || (s && Object.keys(s).length === 0)) message = `${who} is not allowed`;
      else if (s && Array.isArray(s.required) && Object.keys(s).length === 1) {
        message = `${who} must not have ${s.required.length === 1 ? 'the property' : 'all of the properties'} ${joinAnd(s.required.map(code))}`;
      } else {
        const what = describe(sub);
        message = what ? `${who} must not be ${what}` : `${who} must not match the excluded form`;
      }
      out.push(problem(path, message, 'not', onKey));
    },
    children: () => [node],
  };
}

export function conditionalCheck(ifSub: Schema, thenSub: Schema | undefined, elseSub: Schema | undefined, ctx: Ctx): Check | undefined {
  if (thenSub === undefined && elseSub === undefined) {
    // A lone `if` validates nothing but still contributes annotations.
    const lone = ctx.sub(ifSub, ctx.base);
    return { ok: () => true, report: () => undefined, evaluate: (v, d, acc) => (lone.valid(v, d) ? lone.evaluate(v, d, acc) : undefined), children: () => [lone] };
  }
  const cond = ctx.sub(ifSub, ctx.base);
  const yes = thenSub === undefined ? undefined : ctx.sub(thenSub, ctx.base);
  const no = elseSub === undefined ? undefined : ctx.sub(elseSub, ctx.base);
  const test = discriminatorTest(ifSub) ?? cond.valid;
  const branch = (v: JsonValue, d: number): Node | undefined => (test(v, d) ? yes : no);
  const nodes = [cond, yes, no].filter((n): n is Node => n !== undefined);
  return {
    ok: (v, d) => {
      const n = branch(v, d);
      return n === undefined || n.valid(v, d);
    },
    report: (v, path, d, out, onKey) => {
      const n = branch(v, d);
      if (n && (n.mayWarn() || !n.valid(v, d))) n.errors(v, path, d, out, onKey);
    },
    warns: () => (yes?.mayWarn() ?? false) || (no?.mayWarn() ?? false),
    evaluate: (v, d, acc) => {
      if (cond.valid(v, d)) {
        cond.evaluate(v, d, acc);
        yes?.evaluate(v, d, acc);
      } else {
        no?.evaluate(v, d, acc);
      }
    },
    names: () => nodes.flatMap((n) => n.declaredNames()),
    children: () => nodes,
  };
}

/**
 * `if: {properties: {role: {const: "user"}}, required: ["role"]}` is how the bundled schemas select a
 * variant, often a dozen times per object; testing it directly saves most of the work.
 * Same semantics as the general path: a non-object passes, an absent optional property passes.
 */
function discriminatorTest(schema: Schema): ((v: JsonValue) => boolean) | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const keys = Object.keys(schema).filter((k) => k !== 'description' && k !== '$comment' && k !== 'title');
  const props = schema.properties;
  if (!props || keys.some((k) => k !== 'properties' && k !== 'required')) return undefined;
  const names = Object.keys(props);
  const required = Array.isArray(schema.required) ? schema.required : [];
  if (names.length !== 1 || required.some((r) => r !== names[0])) return undefined;
  const name = names[0];
  const sub = props[name];
  if (typeof sub !== 'object' || sub === null || Object.keys(sub).some((k) => k !== 'const')) return undefined;
  const expected = sub.const;
  if ((typeof expected !== 'string' && typeof expected !== 'number' && typeof expected !== 'boolean') || name in Object.prototype) return undefined;
  const mustHave = required.length > 0;
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return true;
    const x = v[name];
    return x === undefined ? !mustHave : x === expected;
  };
}

function firstDefined<T>(nodes: Node[], pick: (n: Node) => T | undefined): T | undefined {
  for (const n of nodes) {
    const x = pick(n);
    if (x !== undefined) return x;
  }
  return undefined;
}

/** The name lists when every branch is only a `required` list, else undefined. */
function requiredAlternatives(nodes: Node[]): string[][] | undefined {
  const lists: string[][] = [];
  for (const n of nodes) {
    const schema = n.schema;
    if (typeof schema !== 'object' || Object.keys(schema).length !== 1 || !Array.isArray(schema.required)) return undefined;
    lists.push(schema.required);
  }
  return lists;
}

/** Per failing form, the names it misses, when missing properties of the value itself is all that is wrong; distinct sets only. */
function onlyMissing(failures: Problem[][], path: JsonPath): string[][] | undefined {
  const sets = new Map<string, string[]>();
  for (const errors of failures) {
    const names: string[] = [];
    for (const p of errors) {
      if (p.missing === undefined || p.path.length !== path.length) return undefined;
      names.push(p.missing);
    }
    sets.set(names.join('\u0000'), names);
  }
  return [...sets.values()];
}
