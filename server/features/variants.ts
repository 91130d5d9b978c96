// Objects that come in several kinds told apart by one property (a conversation entry's `type` or
// `role`, an OCR document's `type`): which properties completion may offer, so that nothing it
// offers is then rejected by the kind the object turns out to be.
import { Located, SchemaNavigator, safeRegExp } from '../schema/navigate';
import { JsonObject, JsonValue } from '../schema/types';
import { EnumValue, describe } from './describe';

export interface PropertyOffer {
  name: string;
  /** The property's own schemas, from the alternatives that allow it. */
  schemas: Located[];
  /** The values it may take, when they form a closed set. */
  values: EnumValue[] | undefined;
  /** Its value chooses among the object's alternatives. */
  tag: boolean;
  /** Every alternative allows it. */
  common: boolean;
  /** Every alternative requires it. */
  required: boolean;
}

/**
 * The properties worth offering for an object with these alternatives (see
 * SchemaNavigator.alternatives): those that every alternative allows, and the tags, whose value
 * picks an alternative that allows them. A property only some kinds allow waits until a tag has
 * chosen the kind.
 */
export function propertyOffers(navigator: SchemaNavigator, alternatives: Located[][]): PropertyOffer[] {
  const names = new Set<string>();
  for (const alternative of alternatives) {
    for (const { schema } of alternative) {
      for (const [name, sub] of Object.entries(schema.properties ?? {})) if (typeof sub === 'object') names.add(name);
    }
  }
  const offers: PropertyOffer[] = [];
  for (const name of names) {
    const allowing = alternatives.filter((alternative) => allows(navigator, alternative, name));
    if (allowing.length === 0) continue;
    const sets = allowing.map((alternative) => valueSet(navigator, alternative, name));
    // A tag tells kinds apart by its value; a property that only one kind allows tells nothing.
    const keys = new Set(sets.map((set) => (set === undefined ? 'any' : [...set.keys()].sort().join('\n'))));
    const tag = sets.some((set) => set !== undefined) && keys.size > 1;
    const common = allowing.length === alternatives.length;
    if (!tag && !common) continue;
    const schemas = allowing.flatMap((alternative) => ownSchemas(alternative, name));
    offers.push({
      name,
      schemas,
      values: sets.every((s) => s !== undefined) ? describedValues(navigator, schemas, sets as Map<string, JsonValue>[]) : undefined,
      tag,
      common,
      required: alternatives.every((alternative) => alternative.some((l) => l.schema.required?.includes(name))),
    });
  }
  return offers;
}

/** The tag to build one object skeleton per kind from: one with string values, preferably one that every kind has. */
export function kindTag(offers: PropertyOffer[]): PropertyOffer | undefined {
  const usable = offers.filter((o) => o.tag && o.values && o.values.length > 1 && o.values.every((v) => typeof v.value === 'string'));
  return usable.find((o) => o.common) ?? usable[0];
}

function allows(navigator: SchemaNavigator, alternative: Located[], name: string): boolean {
  return alternative.every(({ schema }) => {
    const sub = schema.properties?.[name];
    return sub === undefined ? navigator.allowsUndeclared(schema, name) : sub !== false;
  });
}

function ownSchemas(alternative: Located[], name: string): Located[] {
  const out: Located[] = [];
  for (const { schema, base } of alternative) {
    const sub = schema.properties?.[name];
    if (typeof sub === 'object') out.push({ schema: sub, base });
  }
  return out;
}

/**
 * The values the property may take in one alternative, keyed by their JSON text; undefined when
 * any value of its type will do. A property that is itself a union takes what any branch takes.
 */
function valueSet(navigator: SchemaNavigator, alternative: Located[], name: string): Map<string, JsonValue> | undefined {
  const union = new Map<string, JsonValue>();
  for (const branch of navigator.alternatives(ownSchemas(alternative, name), undefined)) {
    let allowed: Map<string, JsonValue> | undefined;
    for (const { schema } of branch) {
      const listed = schema.const !== undefined ? [schema.const] : schema.enum;
      if (!listed) continue;
      const next = new Map(listed.map((v) => [JSON.stringify(v), v] as const));
      allowed = allowed === undefined ? next : new Map([...allowed].filter(([key]) => next.has(key)));
    }
    if (allowed === undefined) return undefined;
    for (const [key, v] of allowed) union.set(key, v);
  }
  return union;
}

/** The union of the alternatives' values, in the schema's order and with its descriptions. */
function describedValues(navigator: SchemaNavigator, schemas: Located[], sets: Map<string, JsonValue>[]): EnumValue[] {
  const wanted = new Map<string, JsonValue>();
  for (const set of sets) for (const [key, v] of set) wanted.set(key, v);
  const out: EnumValue[] = [];
  for (const entry of describe(navigator.expand(schemas, undefined)).values) {
    const key = JSON.stringify(entry.value);
    if (!wanted.has(key)) continue;
    out.push(entry);
    wanted.delete(key);
  }
  for (const value of wanted.values()) out.push({ value, description: undefined });
  return out;
}

export interface Kinds {
  alternatives: Located[][];
  /** The object without the properties that no kind declares. */
  known: JsonObject;
}

/**
 * The alternatives for an object, as a function of what it holds. A property that no kind
 * declares (a typo) does not count: it would rule out every kind, hiding the ones the rest of the
 * object points to.
 */
export function kindsOf(navigator: SchemaNavigator, direct: Located[]): (value: JsonObject) => Kinds {
  const anywhere = navigator.everywhere(direct);
  const declares = (name: string) => anywhere.some(({ schema }) => typeof schema.properties?.[name] === 'object'
    || Object.keys(schema.patternProperties ?? {}).some((pattern) => safeRegExp(pattern)?.test(name)));
  return (value) => {
    const known: JsonObject = Object.fromEntries(Object.entries(value).filter(([name]) => declares(name)));
    return { alternatives: navigator.alternatives(direct, known), known };
  };
}
