// Whole batch files to start from, one per endpoint: for an empty file's completion and the
// "New Batch File" command, so the client holds no knowledge of the schemas.
import { bundledCatalogue, servesEndpoint } from '../../core/models/catalogue';
import { BatchTemplate } from '../../core/protocol';
import { BATCH_SCHEMA_URI } from '../schema/load';
import { SchemaServices, bodyRoot } from './context';
import { describe } from './describe';
import { childSchemas, filledText, jobValue, requestValue } from './skeletons';

/** What the cursor's place says until the user types there. */
const PLACEHOLDER = 'Your text here';

export function batchTemplates(services: SchemaServices, snippets: boolean, placeholder = PLACEHOLDER): BatchTemplate[] {
  const endpoint = childSchemas(services, [{ schema: services.schemas.batch, base: BATCH_SCHEMA_URI }], 'endpoint');
  return describe(services.navigator.expand(endpoint, undefined)).values.flatMap(({ value, description }) => {
    if (typeof value !== 'string') return [];
    const model = bundledCatalogue().models.find((m) => servesEndpoint(m, value) === true)?.id;
    return [{ endpoint: value, description, model, snippet: `${filledText(jobValue(services, value, model), snippets, '  ', placeholder)}\n` }];
  });
}

export interface SnippetEntry {
  prefix: string;
  description: string;
  body: string[];
}

/**
 * One editor snippet per endpoint: a request with an id and the body the endpoint requires. The
 * file snippets/mistral-batch.code-snippets is this, written out (a test keeps the two equal).
 */
export function requestSnippets(services: SchemaServices): Record<string, SnippetEntry> {
  const out: Record<string, SnippetEntry> = {};
  for (const [endpoint, uri] of services.schemas.bodyUris) {
    const body = bodyRoot(services, uri);
    const text = filledText(requestValue(services, body, 'request-1'), true, '  ', '');
    out[`Request for ${endpoint}`] = {
      prefix: `request ${endpoint}`,
      description: `A request of a ${endpoint} batch job: a custom_id and the body the endpoint requires`,
      body: text.replace('"request-1"', '"${2:request-1}"').split('\n'),
    };
  }
  return out;
}
