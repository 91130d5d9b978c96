// "Retry failed": a new batch file beside the old one with only the requests that failed or got no
// result, each copied byte for byte from the file (inline requests) or from its .jsonl input (lines),
// with everything else (model, endpoint, metadata, timeout) as it was. Nothing is overwritten:
// `<name>.retry-<n>.batch.json` takes the first free n.
import { open, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { Node, parseTree } from 'jsonc-parser';
import { batchBaseName, isLocalPath, resultPathsFor } from '../submit/batchFile';
import { readText } from '../submit/readText';
import { nodeFiles, ResultFiles } from './files';
import { ResultIndex } from './resultIndex';

export interface RetryResult {
  /** The new batch file. */
  batchFile: string;
  /** New .jsonl inputs written beside the old ones (file inputs only). */
  inputs: string[];
  /** custom_ids put in the retry: failed, then with no result, in file order. */
  failed: string[];
  missing: string[];
}

export class RetryError extends Error {
  override readonly name = 'RetryError';
}

const MAX_N = 1000;

export async function writeRetry(batchFile: string, files: ResultFiles = nodeFiles): Promise<RetryResult> {
  const path = resolve(batchFile);
  const text = await readText(path).catch(() => {
    throw new RetryError(`Cannot read ${path}.`);
  });
  const index = await ResultIndex.build(files, resultPathsFor(path));
  if (!index) throw new RetryError(`No results beside ${basename(path)}: download the job's results (and errors) first.`);
  const root = parseTree(text);
  const member = (key: string) => root?.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
  const requests = member('requests');
  const inputFiles = member('input_files');
  const failed: string[] = [];
  const missing: string[] = [];
  const wanted = (id: unknown): boolean => {
    if (typeof id !== 'string') return false;
    const brief = index.brief(id);
    if (brief?.ok) return false;
    (brief ? failed : missing).push(id);
    return true;
  };

  const name = batchBaseName(path).replace(/\.retry-\d+$/, '');
  const folder = dirname(path);
  const edits: Array<{ node: Node; text: string }> = [];
  const inputTexts: Array<{ path: string; text: string }> = [];
  if (requests?.type === 'array') {
    const kept = (requests.children ?? []).filter((item) => wanted(customIdOf(item))).map((item) => text.slice(item.offset, item.offset + item.length));
    edits.push({ node: requests, text: kept.length === 0 ? '[]' : `[\n    ${kept.join(',\n    ')}\n  ]` });
  }
  if (inputFiles?.type === 'array') {
    for (const entry of inputFiles.children ?? []) {
      if (!isLocalPath(entry.value)) throw new RetryError(`input_files has the uploaded file ${String(entry.value)}, whose lines are not here to copy: only local .jsonl inputs can be retried.`);
      const inputPath = resolve(folder, entry.value);
      const content = await readText(inputPath).catch(() => {
        throw new RetryError(`Cannot read the input ${inputPath}.`);
      });
      const lines = content.split('\n').filter((line) => line.trim() !== '' && wanted(lineCustomId(line)));
      inputTexts.push({ path: inputPath, text: lines.map((l) => `${l}\n`).join('') });
      edits.push({ node: entry, text: '' });
    }
  }
  if (failed.length + missing.length === 0) throw new RetryError(`Nothing to retry: every request of ${basename(path)} has a successful result.`);

  for (let n = 1; n <= MAX_N; n++) {
    const target = join(folder, `${name}.retry-${n}.batch.json`);
    const inputTargets = inputTexts.map((i) => join(dirname(i.path), `${basename(i.path).replace(/(\.retry-\d+)?\.jsonl$/i, '')}.retry-${n}.jsonl`));
    // The batch file is claimed first (exclusive create): two retries at once cannot take the same n.
    const claimed = await createNew(target, '');
    if (!claimed) continue;
    const written: string[] = [];
    for (const [k, input] of inputTexts.entries()) {
      if (!(await createNew(inputTargets[k], input.text))) {
        // Nothing half-made is left: the claimed batch file and the inputs written so far go.
        await Promise.all([target, ...written].map((p) => unlink(p).catch(() => undefined)));
        throw new RetryError(`${inputTargets[k]} already exists (from an earlier retry?): move it away and retry again.`);
      }
      written.push(inputTargets[k]);
    }
    let k = 0;
    for (const e of edits) {
      if (e.text === '') e.text = JSON.stringify(relative(folder, written[k++]).split('\\').join('/'));
    }
    await writeOver(target, applyEdits(text, edits));
    return { batchFile: target, inputs: written, failed, missing };
  }
  throw new RetryError(`${name}.retry-1 … ${name}.retry-${MAX_N} all exist beside ${basename(path)}.`);
}

function customIdOf(item: Node): unknown {
  return item.children?.find((p) => p.children?.[0]?.value === 'custom_id')?.children?.[1]?.value;
}

function lineCustomId(line: string): unknown {
  try {
    return (JSON.parse(line) as { custom_id?: unknown }).custom_id;
  } catch {
    return undefined;
  }
}

function applyEdits(text: string, edits: Array<{ node: Node; text: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.node.offset - a.node.offset)) {
    out = out.slice(0, e.node.offset) + e.text + out.slice(e.node.offset + e.node.length);
  }
  return out;
}

/** Writes a file that must not exist yet; false when it does. */
async function createNew(path: string, text: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

async function writeOver(path: string, text: string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
