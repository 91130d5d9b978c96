// Reading a .batch.json for submission: which inputs are local files, the SDK request it becomes,
// and where in the text a JSON path (e.g. from a 422's field location) points.
import { findNodeAtLocation, Node, parseTree } from 'jsonc-parser';
import { basename, dirname, join, resolve } from 'node:path';
import { UUID_PATTERN } from '../../server/schema/format';
import { BatchDocument } from '../../server/text/document';
import type { CreateBatchJobRequest } from '../api';

/** The batch file's JSON as the API spells it (snake_case). */
export interface BatchFileJson {
  endpoint?: unknown;
  model?: unknown;
  agent_id?: unknown;
  input_files?: unknown;
  requests?: unknown;
  metadata?: unknown;
  timeout_hours?: unknown;
}

export interface LocalInput {
  /** Index in `input_files`. */
  index: number;
  /** As written in the batch file. */
  written: string;
  absolutePath: string;
}

/**
 * An `input_files` entry that is not a file id is a path, relative to the batch file's folder. A file
 * id is what the schema's `uuid` format accepts (an entry with spaces around it is a schema error).
 */
export function isLocalPath(entry: unknown): entry is string {
  return typeof entry === 'string' && !UUID_PATTERN.test(entry);
}

export function localInputs(json: BatchFileJson, batchFile: string): LocalInput[] {
  if (!Array.isArray(json.input_files)) return [];
  const folder = dirname(resolve(batchFile));
  return json.input_files.flatMap((entry: unknown, index) =>
    isLocalPath(entry) ? [{ index, written: entry, absolutePath: resolve(folder, entry) }] : [],
  );
}

/**
 * The SDK request for a checked batch file, with uploaded file ids in place of local paths.
 * Types are taken as they are: the checker has vetted them, and the SDK and the API check again.
 */
export function toCreateRequest(json: BatchFileJson, fileIds: ReadonlyMap<number, string>): CreateBatchJobRequest {
  const requests = Array.isArray(json.requests)
    ? json.requests.map((r: { custom_id?: string | null; body?: Record<string, unknown> }) => ({ customId: r?.custom_id, body: r?.body ?? {} }))
    : (json.requests as null | undefined);
  const inputFiles = Array.isArray(json.input_files)
    ? json.input_files.map((entry: string, i) => fileIds.get(i) ?? entry)
    : (json.input_files as null | undefined);
  return {
    endpoint: json.endpoint as CreateBatchJobRequest['endpoint'],
    model: json.model as string | null | undefined,
    agentId: json.agent_id as string | null | undefined,
    inputFiles,
    requests,
    metadata: json.metadata as Record<string, string> | null | undefined,
    timeoutHours: json.timeout_hours as number | undefined,
  };
}

/** `<name>` of `<name>.batch.json`: the stem for results and errors files beside it. */
export function batchBaseName(batchFile: string): string {
  const name = basename(batchFile);
  return name.replace(/\.batch\.json$/i, '').replace(/\.json$/i, '');
}

/** `<folder>/<name>.results.jsonl` and `<folder>/<name>.errors.jsonl`. */
export function resultPathsIn(folder: string, name: string): { results: string; errors: string } {
  return { results: join(resolve(folder), `${name}.results.jsonl`), errors: join(resolve(folder), `${name}.errors.jsonl`) };
}

export function resultPathsFor(batchFile: string): { results: string; errors: string } {
  return resultPathsIn(dirname(resolve(batchFile)), batchBaseName(batchFile));
}

export interface TextRange {
  /** 0-based, like LSP positions. */
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/**
 * The range of the value at `path` (e.g. ["requests", 0, "body"]), or of its nearest existing parent
 * (a missing field points at the object that lacks it). For an object member, the key is included.
 */
export function locateJsonPath(text: string, path: ReadonlyArray<string | number>): TextRange {
  const root = parseTree(text);
  // Lines counted as the language server counts them (a lone `\r` is no line break).
  const doc = new BatchDocument('file:///batch.json', 0, text);
  let node: Node | undefined;
  for (let n = path.length; n >= 0 && !node && root; n--) node = findNodeAtLocation(root, path.slice(0, n) as Array<string | number>);
  if (!node) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const span = node.parent?.type === 'property' ? node.parent : node;
  // A whole object or array is a lot to underline; its first line is where the eye should go.
  const end = node.type === 'object' || node.type === 'array' ? node.offset + 1 : span.offset + span.length;
  return { start: doc.positionAt(span.offset), end: doc.positionAt(end) };
}
