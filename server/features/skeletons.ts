// The text completion inserts for a value: a skeleton that fits the schema, with tab stops when
// the client takes snippets, and whole objects with what they require.
import { Located } from '../schema/navigate';
import { isObject } from '../schema/node';
import { JsonObject, JsonPath, JsonValue, SchemaObject } from '../schema/types';
import { SchemaServices, bodyRoot } from './context';
import { describe } from './describe';
import { valueSortText } from './order';
import { kindTag, propertyOffers } from './variants';

export interface Shape {
  label: string;
  text: string;
  documentation?: string;
}

/**
 * Skeletons for an object value with its required properties filled in. When the object comes in
 * kinds told apart by one property (a message's `role`, a chunk's or a document's `type`), one
 * skeleton per kind, each with the properties that kind requires.
 */
export function objectShapes(services: SchemaServices, direct: Located[], path: JsonPath, snippets: boolean): Shape[] {
  const { navigator } = services;
  const expanded = navigator.expand(direct, undefined);
  const isRequest = path.length === 2 && path[0] === 'requests';
  const wanted = new Set(expanded.flatMap((l) => l.schema.required ?? []));
  // A request without custom_id is legal but its result cannot be matched back: include it.
  if (isRequest) wanted.add('custom_id');
  const perKind = (name: string, values: { value: JsonValue; description: string | undefined }[]): Shape[] =>
    ranked(name, values).map(({ value, description }) => ({
      label: `{ "${name}": ${JSON.stringify(value)} }`,
      text: objectText(services, navigator.expand(direct, { [name]: value }), { [name]: value }, snippets),
      documentation: description,
    }));
  for (const name of wanted) {
    const tagInfo = describe(navigator.expand(childSchemas(services, expanded, name), undefined));
    if (tagInfo.values.length < 2 || !tagInfo.values.every((v) => typeof v.value === 'string')) continue;
    return perKind(name, tagInfo.values);
  }
  // A tag that is not required: the kinds are alternatives of a union until it is given.
  const tag = kindTag(propertyOffers(navigator, navigator.alternatives(direct, {})));
  if (tag?.values) return perKind(tag.name, tag.values);
  // Where a union of `required` lists leaves a choice (a file by URL or by id), the first branch's.
  const first = navigator.alternatives(direct, {})[0] ?? expanded;
  return [{ label: isRequest ? '{ custom_id, body }' : '{}', text: objectText(services, first, {}, snippets) }];
}

function objectText(services: SchemaServices, located: Located[], fixed: Record<string, JsonValue>, snippets: boolean): string {
  const names = [...new Set([...Object.keys(fixed), ...located.flatMap((l) => l.schema.required ?? [])])];
  if (located.some((l) => l.schema.properties?.custom_id) && !names.includes('custom_id')) names.unshift('custom_id');
  if (names.length === 0) return snippets ? '{$1}' : '{}';
  let stop = 0;
  const parts = names.map((name) => {
    const key = snippets ? snippetLiteral(JSON.stringify(name)) : JSON.stringify(name);
    if (name in fixed) return `${key}: ${snippets ? snippetLiteral(JSON.stringify(fixed[name])) : JSON.stringify(fixed[name])}`;
    const value = skeleton(services.navigator.expand(childSchemas(services, located, name), undefined), snippets);
    // Number the tab stops in order across the properties.
    const renumbered = value.replace(/\$\{?1/g, (m) => m.replace('1', String(++stop)));
    return `${key}: ${renumbered}`;
  });
  return `{ ${parts.join(', ')} }`;
}

/** The direct schemas of a property or item of each parent. */
export function childSchemas(services: SchemaServices, parents: Located[], step: string | number): Located[] {
  const out: Located[] = [];
  for (const p of parents) out.push(...services.navigator.reach(p, [step], () => undefined).slice(0, 1));
  return out;
}

/**
 * The text inserted after `"name": `, fitting the property's type. `values`, when known, are the
 * values the property may take where it stands (a tag's values across the kinds still possible).
 */
export function skeleton(located: Located[], snippets: boolean, values?: JsonValue[]): string {
  const first = located.map((l) => l.schema);
  const pick = <K extends keyof SchemaObject>(key: K) => first.find((s) => s[key] !== undefined)?.[key];
  const constValue = pick('const');
  const listed = values ?? (constValue !== undefined ? [constValue] : pick('enum'));
  const literal = (v: JsonValue) => (snippets ? snippetLiteral(JSON.stringify(v)) : JSON.stringify(v));
  if (listed && listed.length === 1) return literal(listed[0]);
  // `null` is rarely what one means to fill in when something else is allowed.
  const filled = listed?.filter((v) => v !== null);
  if (filled && filled.length > 0 && filled.every((v): v is string => typeof v === 'string')) {
    return filled.length === 1 ? literal(filled[0]) : snippets ? `"${choice(filled)}"` : '""';
  }
  const types = describe(located).types;
  const tab = (inner: string) => (snippets ? inner : '');
  switch (types.find((t) => t !== 'null') ?? types[0]) {
    case 'string':
      return snippets ? '"$1"' : '""';
    case 'integer':
    case 'number': {
      const start = pick('default') ?? numberInRange(types.includes('integer') && !types.includes('number'), pick('minimum'), pick('maximum'), pick('exclusiveMinimum'), pick('exclusiveMaximum'));
      return snippets ? `\${1:${JSON.stringify(start)}}` : JSON.stringify(start);
    }
    case 'boolean': {
      const start = pick('default') ?? false;
      return snippets ? `\${1:${JSON.stringify(start)}}` : JSON.stringify(start);
    }
    case 'object':
      return `{${tab('$1')}}`;
    case 'array':
      return `[${tab('$1')}]`;
    case 'null':
      return 'null';
    default:
      // Any value will do: `null` at least leaves the JSON whole.
      return snippets ? '${1:null}' : 'null';
  }
}

/** Values in the order a user most likely wants them (`user` before `assistant`), else the schema's. */
function ranked<T extends { value: JsonValue }>(name: string, values: T[]): T[] {
  return values.map((v, i) => ({ v, key: valueSortText(name, v.value, i) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((x) => x.v);
}

/** Where the cursor goes in a filled value: its first empty string (a message's content, an input). */
const CURSOR = '\u0000cursor';

/**
 * A value with everything it requires, and one item in each required list that would be empty
 * (a chat body gets one user message): what a new request or a new file starts from.
 */
export function filledValue(services: SchemaServices, direct: Located[], path: JsonPath, depth = 0): JsonValue {
  const shape = objectShapes(services, direct, path, false)[0];
  const value = JSON.parse(shape.text) as JsonValue;
  if (!isObject(value) || depth > 2) return value;
  const expanded = services.navigator.expand(direct, undefined);
  for (const [name, v] of Object.entries(value)) {
    const own = childSchemas(services, expanded, name);
    if (isObject(v) && Object.keys(v).length === 0) value[name] = filledValue(services, own, [...path, name], depth + 1);
    if (!Array.isArray(v) || v.length > 0) continue;
    const items = childSchemas(services, own, 0);
    if (items.length > 0 && describe(services.navigator.expand(items, undefined)).types.includes('object')) value[name] = [filledValue(services, items, [...path, name, 0], depth + 1)];
  }
  return value;
}

/** The text of a value for a property that must be there: an object or list filled, else a skeleton. */
export function requiredValueText(services: SchemaServices, direct: Located[], path: JsonPath): string {
  const expanded = services.navigator.expand(direct, undefined);
  const types = describe(expanded).types;
  if (types.includes('object')) return filledText(filledValue(services, direct, path), false);
  const items = childSchemas(services, direct, 0);
  if (types.includes('array') && items.length > 0 && describe(services.navigator.expand(items, undefined)).types.includes('object')) {
    return filledText([filledValue(services, items, [...path, 0])], false);
  }
  return skeleton(expanded, false);
}

/** A request with its custom_id and a body the endpoint accepts (or an empty one when it is unknown). */
export function requestValue(services: SchemaServices, body: Located | undefined, customId: string): JsonObject {
  const filled = body ? filledValue(services, [body], ['body']) : {};
  markCursor(filled);
  return { custom_id: customId, body: filled };
}

/** A whole job for an endpoint: its model, the endpoint and one request to start from. */
export function jobValue(services: SchemaServices, endpoint: string, model: string | undefined): JsonObject {
  const uri = services.schemas.bodyUris.get(endpoint);
  const job: JsonObject = model === undefined ? { endpoint } : { model, endpoint };
  job.requests = [requestValue(services, uri ? bodyRoot(services, uri) : undefined, 'request-1')];
  return job;
}

/** The first empty string, depth first, becomes the cursor's place; false when there is none. */
function markCursor(value: JsonValue): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (value[i] === '') return (value[i] = CURSOR), true;
      if (markCursor(value[i])) return true;
    }
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) {
      if (value[key] === '') return (value[key] = CURSOR), true;
      if (markCursor(value[key])) return true;
    }
  }
  return false;
}

/**
 * The text for a filled value: on one line (`{ "a": 1 }`) or indented by `indent`, with the
 * cursor's place as the first tab stop when the client takes snippets.
 */
export function filledText(value: JsonValue, snippets: boolean, indent?: string, placeholder = ''): string {
  const text = indent === undefined ? inline(value) : JSON.stringify(value, null, indent);
  const quoted = JSON.stringify(CURSOR);
  if (!snippets) return text.replace(quoted, JSON.stringify(placeholder));
  const at = text.indexOf(quoted);
  const literal = (t: string) => snippetLiteral(t);
  return at < 0 ? `${literal(text)}$0` : `${literal(text.slice(0, at))}"${placeholder ? `\${1:${snippetLiteral(JSON.stringify(placeholder).slice(1, -1))}}` : '$1'}"${literal(text.slice(at + quoted.length))}`;
}

function inline(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (isObject(value)) {
    const entries = Object.entries(value);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${inline(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** A snippet tab stop offering these strings, written as they go between JSON quotes. */
function choice(strings: string[]): string {
  // Inside a choice, only the comma, the pipe and the backslash are special.
  return `\${1|${strings.map((s) => JSON.stringify(s).slice(1, -1).replace(/[\\,|]/g, '\\$&')).join(',')}|}`;
}

/** A starting number the range accepts: 0, else its lower end, else 1, else a number between the bounds. */
function numberInRange(integer: boolean, min: number | undefined, max: number | undefined, exMin: number | undefined, exMax: number | undefined): number {
  const fits = (n: number) => (min === undefined || n >= min) && (exMin === undefined || n > exMin)
    && (max === undefined || n <= max) && (exMax === undefined || n < exMax) && (!integer || Number.isInteger(n));
  for (const n of [0, min, 1, max]) if (n !== undefined && fits(n)) return n;
  const low = min ?? exMin;
  const high = max ?? exMax;
  if (low !== undefined && high !== undefined) return integer ? Math.floor(low) + 1 : (low + high) / 2;
  return low !== undefined ? Math.floor(low) + 1 : high !== undefined ? Math.ceil(high) - 1 : 0;
}

/** Text that a snippet inserts as it is: `$`, `}` and `\\` have meanings there. */
export function snippetLiteral(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}
