// Checking one item of `requests` on its own: its shape, its body against the endpoint's schema,
// and the facts the batch-wide rules need (custom_id, body model). Problems stay unlocated here:
// positions are found only for the problems that are shown.
import { BATCH_SCHEMA_URI, BatchSchemas } from '../schema/load';
import { isObject } from '../schema/node';
import { JsonPath, JsonValue, Problem } from '../schema/types';
import { ModelContext, requestModelProblems } from '../models/checks';
import { Finding } from './findings';
import { CONVERSATION_ENDPOINTS, conversationProblems } from '../batch/conversation';

export const ITEM_SCHEMA_URI = `${BATCH_SCHEMA_URI}#/properties/requests/items`;

export interface ItemResult {
  index: number;
  bodyUri: string | undefined;
  /** Syntax errors, located relative to the item's first character. */
  syntax: Finding[];
  /** Keys that a later key of the same name overrides, located like `syntax`. */
  repeated: Finding[];
  /** Schema problems; paths start with `['requests', index]`. */
  problems: Problem[];
  isObject: boolean;
  hasCustomId: boolean;
  customId: string | undefined;
  bodyModel: string | undefined;
  /** The job's model the request was checked against: a change of model re-checks it. */
  model: ModelContext | undefined;
}

export function checkItem(schemas: BatchSchemas, value: JsonValue | undefined, index: number, bodyUri: string | undefined, syntax: Finding[], repeated: Finding[], model?: ModelContext): ItemResult {
  const prefix: JsonPath = ['requests', index];
  const object = isObject(value) ? value : undefined;
  const body = object && isObject(object.body) ? object.body : undefined;
  const schemaProblems = value === undefined ? [] : itemProblems(schemas, value, prefix, bodyUri);
  const modelProblems = requestModelProblems(body, prefix, model);
  const problems = modelProblems.length === 0 ? schemaProblems : [...schemaProblems, ...modelProblems];
  return {
    index,
    bodyUri,
    syntax,
    repeated,
    problems,
    isObject: object !== undefined,
    hasCustomId: object !== undefined && 'custom_id' in object,
    customId: typeof object?.custom_id === 'string' ? object.custom_id : undefined,
    bodyModel: typeof body?.model === 'string' ? body.model : undefined,
    model,
  };
}

/** What the rules across requests look at, for a request known only by its `custom_id` (a line of a .jsonl input). */
export function customIdFacts(customId: string): ItemResult {
  return { index: -1, bodyUri: undefined, syntax: [], repeated: [], problems: [], isObject: true, hasCustomId: true, customId, bodyModel: undefined, model: undefined };
}

/** True when the batch-wide rules would see no difference between the two results. */
export function sameRuleFacts(a: ItemResult, b: ItemResult): boolean {
  return a.isObject === b.isObject && a.hasCustomId === b.hasCustomId && a.customId === b.customId && a.bodyModel === b.bodyModel;
}

function itemProblems(schemas: BatchSchemas, value: JsonValue, prefix: JsonPath, bodyUri: string | undefined): Problem[] {
  const itemValidator = schemas.validator(ITEM_SCHEMA_URI);
  const bodyValidator = bodyUri && isObject(value) && 'body' in value ? schemas.validator(bodyUri) : undefined;
  // `validate` answers a valid value with its yes/no check alone, without building messages.
  const problems = itemValidator.validate(value, prefix);
  if (!bodyValidator) return problems;
  const body = (value as { body: JsonValue }).body;
  const bodyProblems = bodyValidator.validate(body, [...prefix, 'body']);
  if (CONVERSATION_ENDPOINTS.some((endpoint) => schemas.bodyUris.get(endpoint) === bodyUri)) bodyProblems.push(...conversationProblems(body, [...prefix, 'body']));
  if (bodyProblems.length === 0) return problems;
  if (problems.length === 0) return bodyProblems;
  // The item schema and the body schema may both say "must be an object": say it once.
  const seen = new Set(problems.map(problemKey));
  for (const p of bodyProblems) if (!seen.has(problemKey(p))) problems.push(p);
  return problems;
}

function problemKey(p: Problem): string {
  return `${p.path.join('\u0000')}\u0001${p.message}`;
}
