// Local `.jsonl` inputs that are not where the batch file says. Answering needs the disk, so this
// stays out of the pure analysis; the server and the CLI, which know where the file lives, ask it.
import { unreadableReason } from '../../core/submit/regularFile';
import { resolve } from 'node:path';
import { Finding } from './findings';
import { LocalInputRef } from './top';

/** An error on each entry whose file is missing or cannot be read whole; paths are relative to `folder`. */
export function missingInputFindings(inputs: readonly LocalInputRef[], folder: string): Finding[] {
  const out: Finding[] = [];
  for (const input of inputs) {
    const path = resolve(folder, input.written);
    const why = unreadableReason(path);
    if (!why) continue;
    out.push({
      start: input.start,
      end: input.end,
      severity: 'error',
      code: 'missing-input',
      message: why === 'no file'
        ? `no file at ${path}: fix the path (it is relative to this batch file) or use the id of an uploaded file`
        : `${path} ${why}`,
    });
  }
  return out;
}
