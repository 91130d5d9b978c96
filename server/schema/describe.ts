// A few words for what a subschema stands for, used where a message must name a rule rather than a
// failure (`not`, `contains`): "a string", "\"auto\"", "one of a, b". Undefined when no short phrase fits.
import { listValues, rangePhrase, show, typeBit, typePhrase } from './messages';
import type { Schema } from './types';

export function describe(schema: Schema): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const parts: string[] = [];
  if (schema.const !== undefined) return show(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.length === 1 ? show(schema.enum[0]) : `one of ${listValues(schema.enum)}`;
  if (schema.type !== undefined) {
    let mask = 0;
    for (const t of Array.isArray(schema.type) ? schema.type : [schema.type]) mask |= typeBit(t);
    parts.push(typePhrase(mask));
  }
  const range = rangePhrase(schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum);
  if (range) parts.push(parts.length > 0 ? range : `a number ${range}`);
  if (typeof schema.pattern === 'string') parts.push(`${parts.length > 0 ? 'matching' : 'a string matching'} the pattern ${schema.pattern}`);
  if (parts.length === 0) return undefined;
  const known = new Set(['type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'pattern', 'description', 'title', '$comment', 'markdownDescription']);
  // Anything else in the subschema would make the short phrase a lie; better to say nothing.
  if (Object.keys(schema).some((k) => !known.has(k))) return undefined;
  return parts.join(' ');
}
