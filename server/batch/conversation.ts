// Rules the live API applies to a chat conversation that its OpenAPI schema does not state. Each
// cites where the API's own refusal is on record.
import { isObject } from '../schema/node';
import { JsonPath, JsonValue, Problem } from '../schema/types';

/** The endpoints whose body holds a chat conversation in `messages` answered by the model. */
export const CONVERSATION_ENDPOINTS = ['/v1/chat/completions'];

/**
 * The last message is the one the model answers: it must come from the user or a tool, or be an
 * assistant message with `prefix: true` that the model continues. The API refuses anything else
 * with "Expected last role User or Tool (or Assistant with prefix True) for serving" (quoted in
 * github.com/0xPlaygrounds/rig/pull/1130). An empty list is the schema's `minItems`.
 */
export function conversationProblems(body: JsonValue, bodyPath: JsonPath): Problem[] {
  if (!isObject(body) || !Array.isArray(body.messages) || body.messages.length === 0) return [];
  const index = body.messages.length - 1;
  const last = body.messages[index];
  if (!isObject(last) || typeof last.role !== 'string') return [];
  const { role } = last;
  // A role that is not one at all is the schema's to report.
  if (!(role === 'system' || (role === 'assistant' && last.prefix !== true))) return [];
  return [{
    path: [...bodyPath, 'messages', index, 'role'],
    on: 'value',
    severity: 'error',
    keyword: 'last-message-role',
    message: role === 'assistant'
      ? 'the last message is the one the model answers: it must be from "user" or "tool", or an assistant message with "prefix": true for the model to continue'
      : `the last message is the one the model answers: it must be from "user" or "tool", not "${role}"`,
  }];
}
