// Hover on an `input_files` entry: what an entry may be, in words (the schema's pattern would show
// as a raw regular expression), and for a local path the file's line count and size.
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLocalPath } from '../../core/submit/batchFile';
import { JsonPath, JsonValue } from '../schema/types';

/** Past this size the lines are not counted: a hover must answer at once. */
const COUNT_LIMIT = 32 * 1024 * 1024;

const ACCEPTS = 'An input file: the id (UUID) of a file already uploaded to Mistral, or the path of a local `.jsonl` file, relative to this batch file, that is uploaded when the job is submitted. Each line of it is one request: `{"custom_id": …, "body": {…}}`.';

/** The hover text for `value` at `path`, when it is an input_files entry; undefined otherwise. */
export function inputFileHover(path: JsonPath, value: JsonValue | undefined, documentUri: string): string | undefined {
  if (path.length !== 2 || path[0] !== 'input_files' || typeof path[1] !== 'number') return undefined;
  const parts = [`**input file**`, ACCEPTS];
  if (typeof value === 'string' && isLocalPath(value)) parts.push(describeLocal(value, documentUri));
  else if (typeof value === 'string' && value !== '') parts.push('This entry is a file id: the file must already be uploaded (purpose `batch`).');
  return parts.join('\n\n');
}

function describeLocal(written: string, documentUri: string): string {
  if (!documentUri.startsWith('file:')) return 'A local path: it is looked for once this batch file is saved to disk.';
  const path = resolve(dirname(fileURLToPath(documentUri)), written);
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return `\`${path}\` is a folder, not a .jsonl file.`;
    const size = formatSize(stat.size);
    if (stat.size > COUNT_LIMIT) return `\`${path}\`: ${size}.`;
    const text = readFileSync(path, 'utf8');
    let lines = 0;
    for (const line of text.split('\n')) if (line.trim() !== '') lines++;
    return `\`${path}\`: ${lines.toLocaleString('en-US')} request line${lines === 1 ? '' : 's'}, ${size}.`;
  } catch {
    return `There is no file at \`${path}\` yet.`;
  }
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
