// The order completion offers things in: what a user most likely wants first. Without a sortText,
// editors sort by label, which puts `assistant` before `user`.
import { JsonValue } from '../schema/types';

/** Values a tag most often takes, first: a conversation usually starts with the user's message. */
const PREFERRED: Record<string, string[]> = {
  role: ['user', 'system', 'assistant', 'tool'],
  // A chunk is most often text; an OCR document most often a URL (a file needs an upload first).
  type: ['text', 'document_url'],
};

/** A sortText for the `index`-th value (in the schema's order) of property `name`. */
export function valueSortText(name: string | number | undefined, value: JsonValue, index: number): string {
  const preferred = typeof name === 'string' && typeof value === 'string' ? PREFERRED[name]?.indexOf(value) ?? -1 : -1;
  return preferred >= 0 ? `0${String(preferred).padStart(4, '0')}` : `1${String(index).padStart(4, '0')}`;
}
