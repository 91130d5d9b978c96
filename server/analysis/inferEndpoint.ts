// Which endpoint a batch input's bodies are written for, when nothing names it: the keys each
// endpoint requires tell them apart. Said as inferred wherever it is used.
import { isObject } from '../schema/node';
import { JsonValue } from '../schema/types';

export interface InferredEndpoint {
  endpoint: string;
  /** Why, in words: "the bodies have `messages`". */
  because: string;
}

export function inferEndpoint(body: JsonValue | undefined): InferredEndpoint | undefined {
  if (!isObject(body)) return undefined;
  const has = (key: string) => key in body;
  const model = typeof body.model === 'string' ? body.model : '';
  if (has('messages')) return { endpoint: '/v1/chat/completions', because: 'the bodies have "messages"' };
  if (has('prompt')) return { endpoint: '/v1/fim/completions', because: has('suffix') ? 'the bodies have "prompt" and "suffix"' : 'the bodies have "prompt"' };
  if (has('document')) return { endpoint: '/v1/ocr', because: 'the bodies have "document"' };
  if (has('inputs')) return { endpoint: '/v1/conversations', because: 'the bodies have "inputs"' };
  if (has('file_url') || has('file_id')) return { endpoint: '/v1/audio/transcriptions', because: 'the bodies name an audio file' };
  if (!has('input')) return undefined;
  const conversation = Array.isArray(body.input) && body.input.some((m) => isObject(m) && 'role' in m);
  if (/moderation/.test(model)) {
    return conversation
      ? { endpoint: '/v1/chat/moderations', because: 'the bodies have "input" messages for a moderation model' }
      : { endpoint: '/v1/moderations', because: 'the bodies have "input" for a moderation model' };
  }
  if (conversation) return { endpoint: '/v1/chat/classifications', because: 'the bodies have "input" messages' };
  return { endpoint: '/v1/embeddings', because: 'the bodies have "input"' };
}
