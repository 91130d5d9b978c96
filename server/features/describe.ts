// A readable summary of the schemas in force at one place, shared by hover and completion.
import { Located } from '../schema/navigate';
import { JsonValue, SchemaObject, SchemaType } from '../schema/types';

export interface EnumValue {
  value: JsonValue;
  description: string | undefined;
}

export interface Described {
  description: string | undefined;
  types: SchemaType[];
  values: EnumValue[];
  defaultValue: JsonValue | undefined;
  limits: string[];
  deprecated: boolean;
}

export function describe(located: Located[]): Described {
  let description: string | undefined;
  const types = new Set<SchemaType>();
  const values: EnumValue[] = [];
  const seenValues = new Set<string>();
  let defaultValue: JsonValue | undefined;
  const limits: string[] = [];
  let deprecated = false;
  for (const { schema } of located) {
    description ??= schema.markdownDescription ?? schema.description;
    if (schema.type) for (const t of Array.isArray(schema.type) ? schema.type : [schema.type]) types.add(t);
    const addValue = (value: JsonValue, text: string | undefined) => {
      const key = JSON.stringify(value);
      if (seenValues.has(key)) return;
      seenValues.add(key);
      values.push({ value, description: text });
    };
    if (schema.const !== undefined) addValue(schema.const, schema.description);
    schema.enum?.forEach((v, i) => addValue(v, schema.enumDescriptions?.[i]));
    if (defaultValue === undefined && schema.default !== undefined) defaultValue = schema.default;
    limits.push(...limitsOf(schema));
    deprecated ||= schema.deprecated === true;
  }
  return { description, types: [...types], values, defaultValue, limits: [...new Set(limits)], deprecated };
}

function limitsOf(s: SchemaObject): string[] {
  const out: string[] = [];
  const low = s.minimum !== undefined ? `≥ ${s.minimum}` : s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : undefined;
  const high = s.maximum !== undefined ? `≤ ${s.maximum}` : s.exclusiveMaximum !== undefined ? `< ${s.exclusiveMaximum}` : undefined;
  if (low && high) out.push(`range: ${low} and ${high}`);
  else if (low || high) out.push(`range: ${low ?? high}`);
  if (s.multipleOf !== undefined) out.push(`multiple of ${s.multipleOf}`);
  out.push(...span('length', s.minLength, s.maxLength, 'characters'));
  out.push(...span('items', s.minItems, s.maxItems, ''));
  out.push(...span('properties', s.minProperties, s.maxProperties, ''));
  if (s.uniqueItems) out.push('items must be unique');
  if (s.pattern) out.push(`pattern: \`${s.pattern}\``);
  if (s.format) out.push(`format: ${s.format}`);
  return out;
}

function span(what: string, min: number | undefined, max: number | undefined, unit: string): string[] {
  const u = unit ? ` ${unit}` : '';
  if (min !== undefined && max !== undefined) return [min === max ? `${what}: exactly ${min}${u}` : `${what}: ${min} to ${max}${u}`];
  if (min !== undefined) return [`${what}: at least ${min}${u}`];
  if (max !== undefined) return [`${what}: at most ${max}${u}`];
  return [];
}

export function typeLabel(types: SchemaType[]): string | undefined {
  // "null" beside another type only means "may be left out": it reads as noise in a type label.
  const shown = types.length > 1 ? types.filter((t) => t !== 'null') : types;
  return shown.length > 0 ? shown.join(' | ') : undefined;
}

/** Markdown for a hover or a completion item's documentation. */
export function markdown(title: string | undefined, d: Described, focus?: JsonValue): string {
  const parts: string[] = [];
  if (title) parts.push(`**${title}**${typeLabel(d.types) ? ` \`${typeLabel(d.types)}\`` : ''}`);
  if (d.deprecated) parts.push('_Deprecated._');
  const focused = focus === undefined ? undefined : d.values.find((v) => JSON.stringify(v.value) === JSON.stringify(focus));
  if (focused?.description) parts.push(`\`${JSON.stringify(focused.value)}\`: ${focused.description}`);
  if (d.description) parts.push(d.description);
  if (d.values.length > 1 || (d.values.length === 1 && !focused)) {
    const shown = d.values.slice(0, 20).map((v) => `- \`${JSON.stringify(v.value)}\`${v.description ? `: ${v.description}` : ''}`);
    if (d.values.length > 20) shown.push(`- …and ${d.values.length - 20} more`);
    parts.push(`Allowed values:\n${shown.join('\n')}`);
  }
  const facts: string[] = [];
  if (d.defaultValue !== undefined) facts.push(`Default: \`${JSON.stringify(d.defaultValue)}\``);
  for (const l of d.limits) facts.push(l.charAt(0).toUpperCase() + l.slice(1));
  if (facts.length > 0) parts.push(facts.join('  \n'));
  return parts.join('\n\n');
}
