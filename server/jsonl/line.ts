// One line of a batch input checked as one request: the same per-request check an inline request
// gets (parse, item shape, body against the endpoint's schema), located relative to the request.
import { Locator, locate, locateInText } from '../json/locate';
import { ItemResult, checkItem } from '../analysis/items';
import { Finding } from '../analysis/findings';
import { parseJson, safeParseTree } from '../analysis/parse';
import { repeatedKeyFindings, spelledKeys } from '../analysis/repeated';
import { BatchSchemas } from '../schema/load';

export interface LineCheck {
  item: ItemResult;
  /** Where the request starts in its line: after the line's indentation (and a byte order mark). */
  indent: number;
}

/** The text of a line without its line break. */
export function lineContent(raw: string): string {
  const n = raw.length;
  if (n > 0 && raw.charCodeAt(n - 1) === 10) return raw.charCodeAt(n - 2) === 13 ? raw.slice(0, n - 2) : raw.slice(0, n - 1);
  if (n > 0 && raw.charCodeAt(n - 1) === 13) return raw.slice(0, n - 1);
  return raw;
}

/** `content`: the line without its break. Undefined for a blank line. */
export function checkLine(schemas: BatchSchemas, content: string, index: number, bodyUri: string | undefined): LineCheck | undefined {
  const request = content.trimStart();
  if (request.trim() === '') return undefined;
  const parsed = parseJson(request);
  const repeated = parsed.syntax.length > 0 ? [] : repeatedKeyFindings(request, parsed.value, spelledKeys(request));
  return { item: checkItem(schemas, parsed.value, index, bodyUri, parsed.syntax, repeated), indent: content.length - request.length };
}

/** Finds spans in the request (the line from its indentation on), relative to the request. */
export function requestLocator(request: string, item: ItemResult): Locator {
  if (item.syntax.length === 0) return (path, on) => locateInText(request, path, on);
  const root = safeParseTree(request);
  return (path, on) => (root ? locate(root, path, on) : { start: 0, end: 1 });
}

/** The request's own findings (syntax, repeated keys, schema problems), relative to the request. */
export function ownFindings(request: string, item: ItemResult): Finding[] {
  const out: Finding[] = [...item.syntax, ...item.repeated];
  if (item.problems.length > 0) {
    const find = requestLocator(request, item);
    for (const p of item.problems) out.push({ ...find(p.path.slice(2), p.on), severity: p.severity, message: p.message, code: p.keyword, suggestion: p.suggestion });
  }
  return out;
}
