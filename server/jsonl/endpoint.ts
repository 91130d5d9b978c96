// Which endpoint a batch input's lines are checked against, when no batch file names the input and
// the user chose none: what the bodies themselves show. The first lines that read as requests vote.
import { isObject } from '../schema/node';
import { JsonObject, JsonValue } from '../schema/types';

/** The key a body of each endpoint has and others lack, most telling first. */
const SIGNS: readonly { endpoint: string; fits: (body: JsonObject) => boolean }[] = [
  { endpoint: '/v1/chat/completions', fits: (b) => 'messages' in b },
  { endpoint: '/v1/conversations', fits: (b) => 'inputs' in b },
  { endpoint: '/v1/fim/completions', fits: (b) => 'prompt' in b },
  { endpoint: '/v1/ocr', fits: (b) => 'document' in b },
  { endpoint: '/v1/audio/transcriptions', fits: (b) => 'file_url' in b || 'file_id' in b },
  { endpoint: '/v1/embeddings', fits: (b) => 'input' in b },
];

/** How many requests are looked at; a file's first lines say what it is. */
const SAMPLE = 50;

/** `lines`: the file's lines from the first, read lazily. */
export function inferEndpoint(lines: Iterable<string>): string | undefined {
  const votes = new Map<string, number>();
  let read = 0;
  let seen = 0;
  for (const line of lines) {
    // Broken or blank lines count too, so a file of them is not read to its end.
    if (read >= SAMPLE || ++seen > 4 * SAMPLE) break;
    const body = bodyOf(line);
    if (!body) continue;
    read++;
    const sign = SIGNS.find((s) => s.fits(body));
    if (sign) votes.set(sign.endpoint, (votes.get(sign.endpoint) ?? 0) + 1);
  }
  let best: string | undefined;
  let most = 0;
  for (const [endpoint, n] of votes) if (n > most) [best, most] = [endpoint, n];
  return best;
}

/** A line whose request starts with `{` and ends with `}` is read; a line this long is not a sample. */
export const MAX_SAMPLE_LINE = 1 << 20;

function bodyOf(line: string): JsonObject | undefined {
  if (line.length > MAX_SAMPLE_LINE) return undefined;
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as JsonValue;
    return isObject(value) && isObject(value.body) ? value.body : undefined;
  } catch {
    return undefined;
  }
}

/** True when the first non-empty line of `head` starts an object with `custom_id` or `body`. */
export function looksLikeBatchInput(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '');
  const match = /^[ \t\r\n]*([^\r\n]*)(\r?\n)?/.exec(text);
  const first = match?.[1].trim() ?? '';
  if (!first.startsWith('{')) return false;
  if (match?.[2] !== undefined) {
    try {
      const value = JSON.parse(first) as JsonValue;
      return isObject(value) && ('custom_id' in value || 'body' in value);
    } catch {
      // A broken first line still says what the file is by its keys.
    }
  }
  return /"(custom_id|body)"\s*:/.test(first);
}
