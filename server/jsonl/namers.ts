// The batch files of the workspace that name an input file in `input_files`, with the endpoint and
// model they give it. Files are reached through one small interface: Node's fs here; a browser
// build would implement it over the client's workspace.fs.
import { Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'jsonc-parser';
import { isLocalPath } from '../../core/submit/batchFile';
import { stripBom } from '../../core/submit/readText';

export interface FileAccess {
  /** The `.batch.json` files under a folder, found within a bounded walk. */
  batchFiles(folder: string): string[];
  /** A file's text, or undefined when it cannot be read. */
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

export interface Naming {
  /** The batch file's path. */
  batchFile: string;
  endpoint: string | undefined;
  model: string | undefined;
  /** How many entries its `input_files` has (the job's results hold the lines of them all). */
  inputCount: number;
}

/** Folders never holding batch files worth reading, and bounds that keep a huge tree cheap. */
const SKIPPED = new Set(['node_modules', '.git', 'out', 'dist', '.vscode-test']);
const MAX_DEPTH = 6;
const MAX_FILES = 500;
const MAX_BYTES = 20 * 1024 * 1024;

export const nodeFiles: FileAccess = {
  batchFiles(folder) {
    const found: string[] = [];
    const walk = (dir: string, depth: number) => {
      if (depth > MAX_DEPTH || found.length >= MAX_FILES) return;
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (found.length >= MAX_FILES) return;
        const { name } = entry;
        if (name.startsWith('.') || SKIPPED.has(name)) continue;
        const path = join(dir, name);
        if (entry.isFile() && name.endsWith('.batch.json')) found.push(path);
        else if (entry.isDirectory()) walk(path, depth + 1);
      }
    };
    walk(folder, 0);
    return found;
  },
  exists: (path) => existsSync(path),
  read(path) {
    try {
      if (statSync(path).size > MAX_BYTES) return undefined;
      return stripBom(readFileSync(path, 'utf8'));
    } catch {
      return undefined;
    }
  },
};

/**
 * The batch files naming `input` (an absolute path), in path order. `openText` gives an open batch
 * file's current text, which wins over the file on disk.
 */
export function namingsOf(input: string, folders: readonly string[], files: FileAccess, openText: (path: string) => string | undefined): Naming[] {
  const out: Naming[] = [];
  const seen = new Set<string>();
  for (const folder of folders) {
    for (const batchFile of files.batchFiles(folder)) {
      if (seen.has(batchFile)) continue;
      seen.add(batchFile);
      const text = openText(batchFile) ?? files.read(batchFile);
      const naming = text === undefined ? undefined : namingIn(text, batchFile, input);
      if (naming) out.push(naming);
    }
  }
  return out;
}

function namingIn(text: string, batchFile: string, input: string): Naming | undefined {
  const json: unknown = parse(text, [], { allowTrailingComma: true });
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const job = json as Record<string, unknown>;
  const entries = Array.isArray(job.input_files) ? job.input_files : [];
  const folder = dirname(batchFile);
  if (!entries.some((e) => isLocalPath(e) && resolve(folder, e) === input)) return undefined;
  return {
    batchFile,
    endpoint: typeof job.endpoint === 'string' ? job.endpoint : undefined,
    model: typeof job.model === 'string' ? job.model : undefined,
    inputCount: entries.length,
  };
}
