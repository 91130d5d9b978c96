// Array keywords: prefixItems and items (one pass), contains with min/maxContains, min/maxItems, uniqueItems.
import { firstDuplicate } from './equal';
import { describe } from './describe';
import { plural, problem, subject } from './messages';
import { child, MAX_DEPTH, type Check, type Ctx, type Node } from './node';
import { tooDeep } from './objects';
import type { JsonValue, Schema, SchemaObject } from './types';

export function itemsCheck(s: SchemaObject, ctx: Ctx): Check | undefined {
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems.map((sub) => ctx.sub(sub, ctx.base)) : [];
  const rest = s.items === undefined ? undefined : ctx.sub(s.items, ctx.base);
  if (prefix.length === 0 && !rest) return undefined;
  const all = rest ? [...prefix, rest] : prefix;
  const p = prefix.length;
  let warns: boolean | undefined;
  return {
    ok: (v, d) => {
      if (!Array.isArray(v)) return true;
      if (d >= MAX_DEPTH) return false;
      const dd = d + 1;
      const n = v.length;
      for (let i = 0; i < p && i < n; i++) if (!prefix[i].valid(v[i], dd)) return false;
      if (rest !== undefined) for (let i = p; i < n; i++) if (!rest.valid(v[i], dd)) return false;
      return true;
    },
    report: (v, path, d, out, onKey) => {
      if (!Array.isArray(v)) return;
      if (d >= MAX_DEPTH) {
        out.push(tooDeep(path));
        return;
      }
      const dd = d + 1;
      if (rest !== undefined && s.items === false && v.length > p) {
        // `items: false` after prefixItems is a length limit; say so once rather than per extra item.
        out.push(problem(path, `${subject(path, onKey)} has ${plural(v.length, 'item')}; at most ${p} ${p === 1 ? 'is' : 'are'} allowed`, 'items', onKey));
      }
      for (let i = 0; i < v.length; i++) {
        const node = i < p ? prefix[i] : s.items === false ? undefined : rest;
        if (node && (node.mayWarn() || !node.valid(v[i], dd))) node.errors(v[i], child(path, i), dd, out, false);
      }
    },
    selfFiltering: true,
    warns: () => (warns ??= all.some((n) => n.mayWarn())),
    evaluate: (v, _d, acc) => {
      if (!Array.isArray(v)) return;
      if (rest !== undefined) acc.allItems = true;
      else acc.items = Math.max(acc.items, Math.min(p, v.length));
    },
    children: () => all,
  };
}

export function containsCheck(s: SchemaObject, ctx: Ctx): Check | undefined {
  if (s.contains === undefined) return undefined;
  const node: Node = ctx.sub(s.contains, ctx.base);
  const min = typeof s.minContains === 'number' ? s.minContains : 1;
  const max = typeof s.maxContains === 'number' ? s.maxContains : Infinity;
  const count = (v: JsonValue[], d: number, stopAt: number): number => {
    let n = 0;
    if (d >= MAX_DEPTH) return 0;
    for (let i = 0; i < v.length && n < stopAt; i++) if (node.valid(v[i], d + 1)) n++;
    return n;
  };
  return {
    ok: (v, d) => {
      if (!Array.isArray(v)) return true;
      const n = count(v, d, max === Infinity ? min : max + 1);
      return n >= min && n <= max;
    },
    report: (v, path, d, out, onKey) => {
      if (!Array.isArray(v)) return;
      const n = count(v, d, Infinity);
      const what = describe(s.contains as Schema);
      const items = (k: number): string => (what ? `${k === 1 ? 'an item' : `${k} items`} that ${k === 1 ? 'is' : 'are'} ${what}` : `${k === 1 ? 'a matching item' : `${k} matching items`}`);
      const who = subject(path, onKey);
      if (n < min) {
        const message = min === 1 ? `${who} must contain ${items(1)}` : `${who} must contain at least ${items(min)} (found ${n})`;
        out.push(problem(path, message, min === 1 && s.minContains === undefined ? 'contains' : 'minContains', onKey));
      } else if (n > max) {
        out.push(problem(path, `${who} must contain at most ${items(max)} (found ${n})`, 'maxContains', onKey));
      }
    },
    evaluate: (v, d, acc) => {
      if (!Array.isArray(v)) return;
      for (let i = 0; i < v.length; i++) if (node.valid(v[i], d + 1)) (acc.itemSet ??= new Set()).add(i);
    },
    children: () => [node],
  };
}

export function itemCountCheck(s: SchemaObject): Check | undefined {
  const min = typeof s.minItems === 'number' ? s.minItems : 0;
  const max = typeof s.maxItems === 'number' ? s.maxItems : Infinity;
  if (min === 0 && max === Infinity) return undefined;
  return {
    ok: (v) => !Array.isArray(v) || (v.length >= min && v.length <= max),
    report: (v, path, _d, out, onKey) => {
      const n = (v as unknown[]).length;
      const who = subject(path, onKey);
      if (n < min) {
        const message = min === 1 ? `${who} must not be empty` : `${who} has ${plural(n, 'item')}; at least ${min} are required`;
        out.push(problem(path, message, 'minItems', onKey));
      } else {
        out.push(problem(path, `${who} has ${plural(n, 'item')}; at most ${max} ${max === 1 ? 'is' : 'are'} allowed`, 'maxItems', onKey));
      }
    },
  };
}

/** Short lists of scalars (the usual `stop` or `tags`) are compared pairwise, which allocates nothing. */
function allDistinct(v: JsonValue[]): boolean {
  if (v.length > 16) return firstDuplicate(v) === undefined;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x === 'object' && x !== null) return firstDuplicate(v) === undefined;
    for (let j = 0; j < i; j++) if (v[j] === x) return false;
  }
  return true;
}

export function uniqueItemsCheck(): Check {
  return {
    ok: (v) => !Array.isArray(v) || v.length < 2 || allDistinct(v),
    report: (v, path, _d, out, onKey) => {
      const pair = firstDuplicate(v as JsonValue[]);
      if (!pair) return;
      out.push(problem(path, `${subject(path, onKey)} must not contain duplicates (items ${pair[0] + 1} and ${pair[1] + 1} are equal)`, 'uniqueItems', onKey));
    },
  };
}
