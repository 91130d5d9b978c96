// The bundled schemas: registered once under one base URI, compiled lazily, and the
// endpoint → body schema map derived from the batch schema itself so there is one source of truth.
import batchSchema from '../../schemas/batch-job.schema.json';
import chatCompletions from '../../schemas/bodies/chat-completions.schema.json';
import embeddings from '../../schemas/bodies/embeddings.schema.json';
import fimCompletions from '../../schemas/bodies/fim-completions.schema.json';
import moderations from '../../schemas/bodies/moderations.schema.json';
import chatModerations from '../../schemas/bodies/chat-moderations.schema.json';
import ocr from '../../schemas/bodies/ocr.schema.json';
import classifications from '../../schemas/bodies/classifications.schema.json';
import chatClassifications from '../../schemas/bodies/chat-classifications.schema.json';
import conversations from '../../schemas/bodies/conversations.schema.json';
import audioTranscriptions from '../../schemas/bodies/audio-transcriptions.schema.json';
import { SchemaRegistry } from './registry';
import { Schema, SchemaObject } from './types';
import { compile, Validator } from './validate';

export const SCHEMA_BASE = 'https://schemas.local/';
export const BATCH_SCHEMA_URI = `${SCHEMA_BASE}batch-job.schema.json`;
/** `requests` without its per-item keywords: items are checked one by one, the array as a whole here. */
export const REQUESTS_CONTAINER_URI = `${SCHEMA_BASE}requests-container.schema.json`;

const bodies: Record<string, unknown> = {
  'chat-completions': chatCompletions,
  embeddings,
  'fim-completions': fimCompletions,
  moderations,
  'chat-moderations': chatModerations,
  ocr,
  classifications,
  'chat-classifications': chatClassifications,
  conversations,
  'audio-transcriptions': audioTranscriptions,
};

export interface BatchSchemas {
  registry: SchemaRegistry;
  batch: SchemaObject;
  /** Endpoint path → absolute URI of its body schema. */
  bodyUris: ReadonlyMap<string, string>;
  validator(uri: string): Validator;
}

let loaded: BatchSchemas | undefined;

export function batchSchemas(): BatchSchemas {
  if (loaded) return loaded;
  const registry = new SchemaRegistry();
  registry.add(BATCH_SCHEMA_URI, batchSchema as Schema);
  for (const [name, schema] of Object.entries(bodies)) {
    registry.add(`${SCHEMA_BASE}bodies/${name}.schema.json`, schema as Schema);
  }
  const batch = batchSchema as SchemaObject;
  registry.add(REQUESTS_CONTAINER_URI, containerOf(batch.properties?.requests));
  const validators = new Map<string, Validator>();
  loaded = {
    registry,
    batch,
    bodyUris: endpointBodies(batch),
    validator(uri: string): Validator {
      let v = validators.get(uri);
      if (!v) {
        v = compile(registry, uri);
        validators.set(uri, v);
      }
      return v;
    },
  };
  return loaded;
}

/** Reads the `if endpoint = X then requests.items.body = $ref` entries of the batch schema. */
function endpointBodies(batch: SchemaObject): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of batch.allOf ?? []) {
    if (typeof entry !== 'object') continue;
    const endpoint = propertyAt(entry.if, ['endpoint']);
    const body = propertyAt(entry.then, ['requests', 'items', 'body']);
    if (typeof endpoint === 'object' && typeof endpoint.const === 'string' && typeof body === 'object' && body.$ref) {
      map.set(endpoint.const, new URL(body.$ref, BATCH_SCHEMA_URI).href);
    }
  }
  return map;
}

function propertyAt(schema: Schema | undefined, steps: string[]): Schema | undefined {
  let current = schema;
  for (const step of steps) {
    if (typeof current !== 'object') return undefined;
    current = step === 'items' ? current.items : current.properties?.[step];
  }
  return current;
}

function containerOf(requests: Schema | undefined): Schema {
  if (typeof requests !== 'object') return requests ?? true;
  const { items: _items, prefixItems: _prefix, contains: _contains, uniqueItems: _unique, ...rest } = requests;
  return rest;
}
