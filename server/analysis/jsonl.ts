// A local `.jsonl` input held as one text, checked by the line engine (`jsonlChecker.ts`) line by
// line. Files read from disk go through the streaming reader instead, with the same engine.
import { BatchSchemas } from '../schema/load';
import { byPosition } from './findings';
import { JsonlChecker, LineFinding } from './jsonlChecker';

export type { LineFinding } from './jsonlChecker';

export function checkJsonl(schemas: BatchSchemas, text: string, bodyUri: string | undefined, jobModel: string | undefined): LineFinding[] {
  const checker = new JsonlChecker(schemas, bodyUri, jobModel);
  const lines = text.split(/\r?\n/);
  // A final line ending ends the last line; it does not start an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const out: LineFinding[] = [];
  lines.forEach((line, n) => {
    for (const f of checker.line(line, n)) out.push(f);
  });
  out.push(...checker.finish({ bytes: Buffer.byteLength(text) }));
  return out.sort((a, b) => a.line - b.line || byPosition(a, b));
}
