// OpenAI's batch line format (`method`, `url` beside `custom_id` and `body`), common in files brought
// over: Mistral's `BatchRequest` does not forbid the extra keys and ignores them, so they are said,
// never an error, and left out of the request's own checks.
import { code } from '../schema/messages';
import { JsonObject, JsonPath } from '../schema/types';
import type { LineFinding } from './jsonlChecker';

/** OpenAI's batch line keys: Mistral's `BatchRequest` ignores them. */
const OPENAI_KEYS = ['method', 'url'];

export function hasOpenAiKeys(object: JsonObject): boolean {
  return 'method' in object || 'url' in object;
}

/**
 * The findings of `method` / `url` from OpenAI's line format on line `n`, `endpoint` being the job's:
 * never an error, since Mistral ignores them.
 */
export function openAiKeyFindings(object: JsonObject, spanOf: (path: JsonPath, on: 'key' | 'value') => { start: number; end: number }, n: number, endpoint: string | undefined): LineFinding[] {
  const present = OPENAI_KEYS.filter((k) => k in object);
  if (present.length === 0) return [];
  const url = object.url;
  const named = typeof url === 'string' ? endpointOf(url) : undefined;
  if (named !== undefined && endpoint !== undefined && named !== endpoint) {
    return [{
      ...spanOf(['url'], 'value'), line: n, severity: 'warning', code: 'other-endpoint',
      message: `"url" names ${named}, but this job's endpoint is ${endpoint}: Mistral ignores "url" and sends every request to the job's endpoint`,
    }];
  }
  const keys = present.map(code).join(' and ');
  return [{
    ...spanOf([present[0]], 'key'), line: n, severity: 'information', code: 'openai-keys',
    message: `${keys} ${present.length === 1 ? 'comes' : 'come'} from OpenAI's batch format; Mistral ignores ${present.length === 1 ? 'it' : 'them'} and uses the job's endpoint`,
  }];
}

/** The request without OpenAI's keys, as the API reads it. */
export function withoutOpenAiKeys(object: JsonObject): JsonObject {
  if (!OPENAI_KEYS.some((k) => k in object)) return object;
  const copy: JsonObject = { ...object };
  for (const k of OPENAI_KEYS) delete copy[k];
  return copy;
}

/** The endpoint path an OpenAI `url` names: `/v1/chat/completions`, also from a full URL. */
function endpointOf(url: string): string {
  const path = /^[a-z]+:\/\/[^/]*(\/[^?#]*)/i.exec(url)?.[1] ?? url.replace(/[?#].*$/, '');
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
