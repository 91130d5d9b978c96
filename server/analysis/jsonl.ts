// A local `.jsonl` input checked the way inline requests are: each non-blank line is one request
// (`{custom_id, body}`), against the endpoint's body schema, with the same batch rules across lines.
import { ruleFinding, requestRules } from '../batch/rules';
import { Locator } from '../json/locate';
import { BatchSchemas } from '../schema/load';
import { JsonPath } from '../schema/types';
import { byPosition, Finding, shiftFinding } from './findings';
import { ModelContext } from '../models/checks';
import { checkItem, ItemResult } from './items';
import { parseJson } from './parse';
import { repeatedKeyFindings, spelledKeys } from './repeated';

/** A finding in one line of the file: `start` and `end` count from that line's first character. */
export interface LineFinding extends Finding {
  /** 0-based line number. */
  line: number;
}

/** `model`: the job's model as the catalogue knows it, for the per-request model checks. */
export function checkJsonl(schemas: BatchSchemas, text: string, bodyUri: string | undefined, jobModel: string | undefined, model?: ModelContext): LineFinding[] {
  // Each request is read without the line's indentation, and its findings moved back by it.
  const lines: { text: string; line: number; indent: number }[] = [];
  text.split(/\r?\n/).forEach((line, n) => {
    const request = line.trimStart();
    if (request.trim() !== '') lines.push({ text: request, line: n, indent: line.length - request.length });
  });
  const out: LineFinding[] = [];
  // Each line's locator, kept for the batch rules, which place their findings after all lines are read.
  const locators: (Locator | undefined)[] = [];
  const spanOf = (i: number, path: JsonPath, on: 'key' | 'value') => locators[i]?.(path, on) ?? { start: 0, end: 1 };
  const items: ItemResult[] = lines.map(({ text: line, line: n, indent }, i) => {
    const parsed = parseJson(line);
    const repeated = parsed.syntax.length > 0 ? [] : repeatedKeyFindings(line, parsed.value, spelledKeys(line));
    const item = checkItem(schemas, parsed.value, i, bodyUri, parsed.syntax, repeated, model);
    locators.push(parsed.locator());
    for (const f of [...item.syntax, ...item.repeated]) out.push({ ...shiftFinding(f, indent), related: undefined, line: n });
    for (const p of item.problems) {
      const span = spanOf(i, p.path.slice(2), p.on);
      out.push({ start: span.start + indent, end: span.end + indent, line: n, severity: p.severity, message: p.message, code: p.keyword, suggestion: p.suggestion });
    }
    return item;
  });
  for (const [i, hits] of requestRules(items, jobModel)) {
    // Related places are in other lines: the CLI prints only the finding itself.
    for (const hit of hits) {
      const f = ruleFinding(hit, i, spanOf, () => 0, (k) => `line ${lines[k].line + 1}`);
      out.push({ ...shiftFinding(f, lines[i].indent), related: undefined, line: lines[i].line });
    }
  }
  return out.sort((a, b) => a.line - b.line || byPosition(a, b));
}
