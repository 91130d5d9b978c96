// Checking one item of `requests` on its own: its shape, its body against the endpoint's schema,
// and the facts the batch-wide rules need (custom_id, body model).
import { Node } from 'jsonc-parser';
import { locate } from '../json/locate';
import { BATCH_SCHEMA_URI, BatchSchemas } from '../schema/load';
import { JsonPath, JsonValue, Problem } from '../schema/types';
import { Finding } from './findings';

export const ITEM_SCHEMA_URI = `${BATCH_SCHEMA_URI}#/properties/requests/items`;

/** The result of checking one request. Offsets are relative to the item's first character. */
export interface ItemResult {
  index: number;
  bodyUri: string | undefined;
  findings: Finding[];
  isObject: boolean;
  customId: string | undefined;
  hasCustomId: boolean;
  bodyModel: string | undefined;
}

export function checkItem(
  schemas: BatchSchemas,
  value: JsonValue | undefined,
  index: number,
  bodyUri: string | undefined,
  syntax: Finding[],
  tree: () => Node | undefined,
  /** Where this item's own path starts within the tree `tree` returns. */
  treePrefix: JsonPath,
): ItemResult {
  const prefix: JsonPath = ['requests', index];
  const problems: Problem[] = value === undefined ? [] : itemProblems(schemas, value, prefix, bodyUri);
  const findings = [...syntax];
  const root = problems.length > 0 ? tree() : undefined;
  for (const p of problems) {
    const span = root ? locate(root, [...treePrefix, ...p.path.slice(prefix.length)], p.on) : { start: 0, end: 1 };
    findings.push({ ...span, severity: p.severity, message: p.message, code: p.keyword });
  }
  const object = isObject(value) ? value : undefined;
  const body = object && isObject(object.body) ? object.body : undefined;
  return {
    index,
    bodyUri,
    findings,
    isObject: object !== undefined,
    hasCustomId: object !== undefined && 'custom_id' in object,
    customId: typeof object?.custom_id === 'string' ? object.custom_id : undefined,
    bodyModel: typeof body?.model === 'string' ? body.model : undefined,
  };
}

function itemProblems(schemas: BatchSchemas, value: JsonValue, prefix: JsonPath, bodyUri: string | undefined): Problem[] {
  const problems = schemas.validator(ITEM_SCHEMA_URI).validate(value, prefix);
  if (!bodyUri || !isObject(value) || !('body' in value)) return problems;
  const bodyProblems = schemas.validator(bodyUri).validate(value.body, [...prefix, 'body']);
  if (bodyProblems.length === 0) return problems;
  // The item schema and the body schema may both say "must be an object": say it once.
  const seen = new Set(problems.map(problemKey));
  for (const p of bodyProblems) if (!seen.has(problemKey(p))) problems.push(p);
  return problems;
}

function problemKey(p: Problem): string {
  return `${p.path.join('\u0000')}\u0001${p.message}`;
}

export function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
