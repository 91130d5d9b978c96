// Which endpoint a batch input's lines are checked against, when no batch file names the input and
// the user chose none: what the first request's body shows (the rule the CLI's `validate` follows).
import { openRegularFile } from '../../core/submit/localFile';
import { InferredEndpoint, inferEndpoint } from '../analysis/inferEndpoint';
import { readLines } from '../analysis/jsonlFile';
import { isObject } from '../schema/node';
import { JsonObject, JsonValue } from '../schema/types';

/** How many lines are tried for a request with a body, as the CLI does. */
const TRIED = 100;

/** `lines`: the file's lines from the first, read lazily. */
export function inferFromLines(lines: Iterable<string>): InferredEndpoint | undefined {
  const sample = new EndpointSample();
  for (const line of lines) if (sample.add(line)) break;
  return sample.found;
}

/**
 * The same inference for a file on disk, read from its start only and only as far as it needs (the
 * CLI's `validate` and the editor's check of a file it does not have open). Throws LocalFileError
 * for what is not a readable regular file.
 */
export async function inferFileEndpoint(path: string): Promise<InferredEndpoint | undefined> {
  const sample = new EndpointSample();
  const { handle, identity } = await openRegularFile(path);
  try {
    // A line too long to be a sample counts as tried, as in an open document; it is not even kept.
    await readLines(handle, identity, { line: (text) => sample.add(text), skipped: () => void sample.add('') }, { maxLineBytes: MAX_SAMPLE_LINE * 4 });
  } finally {
    await handle.close();
  }
  return sample.found;
}

/** The same inference fed one line at a time, for a file read from disk in chunks. */
export class EndpointSample {
  private tried = 0;
  private done = false;
  found: InferredEndpoint | undefined;

  /** Takes the next line; true once the answer is known (no more lines are needed). */
  add(line: string): boolean {
    if (this.done) return true;
    if (++this.tried > TRIED) return (this.done = true);
    const body = bodyOf(line);
    if (body) {
      this.found = inferEndpoint(body);
      this.done = true;
    }
    return this.done;
  }
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
