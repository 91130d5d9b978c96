// Local `.jsonl` inputs that are not where the batch file says. Answering needs the disk, so this
// stays out of the pure analysis; the server and the CLI, which know where the file lives, ask it.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { notAFile } from '../../core/submit/localFile';
import { Finding } from './findings';
import { LocalInputRef } from './top';

/** An error on each entry whose file is missing or is not a file; paths are relative to `folder`. */
export function missingInputFindings(inputs: readonly LocalInputRef[], folder: string): Finding[] {
  const out: Finding[] = [];
  for (const input of inputs) {
    const path = resolve(folder, input.written);
    let why: string | undefined;
    try {
      const info = statSync(path);
      why = info.isFile() ? undefined : `${path} ${notAFile(info)}`;
    } catch {
      why = `no file at ${path}: fix the path (it is relative to this batch file) or use the id of an uploaded file`;
    }
    if (why) out.push({ start: input.start, end: input.end, severity: 'error', code: 'missing-input', message: why });
  }
  return out;
}
