// A local `.jsonl` input checked the way inline requests are: each non-blank line is one request
// (`{custom_id, body}`), against the endpoint's body schema, with the same batch rules across lines.
import { ruleFinding, requestRules } from '../batch/rules';
import { BatchSchemas } from '../schema/load';
import { byPosition, Finding, shiftFinding } from './findings';
import { checkItem, ItemResult } from './items';
import { parseJson } from './parse';
import { repeatedKeyFindings, spelledKeys } from './repeated';

/** A finding in one line of the file: `start` and `end` count from that line's first character. */
export interface LineFinding extends Finding {
  /** 0-based line number. */
  line: number;
}

export function checkJsonl(schemas: BatchSchemas, text: string, bodyUri: string | undefined, jobModel: string | undefined): LineFinding[] {
  // Each request is read without the line's indentation, and its findings moved back by it.
  const lines: { text: string; line: number; indent: number }[] = [];
  text.split(/\r?\n/).forEach((line, n) => {
    const request = line.trimStart();
    if (request.trim() !== '') lines.push({ text: request, line: n, indent: line.length - request.length });
  });
  const out: LineFinding[] = [];
  const items: ItemResult[] = lines.map(({ text: line, line: n, indent }, i) => {
    const parsed = parseJson(line);
    const repeated = parsed.syntax.length > 0 ? [] : repeatedKeyFindings(line, parsed.value, spelledKeys(line));
    const item = checkItem(schemas, parsed.value, i, bodyUri, parsed.syntax, repeated);
    const locate = parsed.locator();
    for (const f of [...item.syntax, ...item.repeated]) out.push({ ...shiftFinding(f, indent), related: undefined, line: n });
    for (const p of item.problems) {
      const span = locate ? locate(p.path.slice(2), p.on) : { start: 0, end: 1 };
      out.push({ start: span.start + indent, end: span.end + indent, line: n, severity: p.severity, message: p.message, code: p.keyword, suggestion: p.suggestion });
    }
    return item;
  });
  const spanOf = (i: number, path: (string | number)[], on: 'key' | 'value') => parseJson(lines[i].text).locator()?.(path, on) ?? { start: 0, end: 1 };
  for (const [i, hits] of requestRules(items, jobModel)) {
    // Related places are in other lines: the CLI prints only the finding itself.
    for (const hit of hits) {
      const f = ruleFinding(hit, i, spanOf, () => 0, (k) => `line ${lines[k].line + 1}`);
      out.push({ ...shiftFinding(f, lines[i].indent), related: undefined, line: lines[i].line });
    }
  }
  return out.sort((a, b) => a.line - b.line || byPosition(a, b));
}
