// The API's limits for one input file (Files API and batch page), and how they are said.
import type { LineFinding } from './jsonlChecker';

export const MAX_LINES = 1_000_000;
export const MAX_BYTES = 512 * 1024 * 1024;

/** The finding for a file over the Files API's size limit. */
export function fileTooLarge(bytes: number): LineFinding {
  return {
    line: 0, start: 0, end: 0, severity: 'error', code: 'file-too-large',
    message: `the file is ${megabytes(bytes)}, more than the ${megabytes(MAX_BYTES)} the Files API accepts for one file. Split it with "mistral-batch split FILE.jsonl --lines N", then list the parts in "input_files"`,
  };
}

/** A size in words: bytes under a megabyte, else megabytes. */
export function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes.toLocaleString('en-US')} bytes`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}
