// The two code actions between a job's forms: on `requests`, "Move requests to a .jsonl file"
// (a new file beside the batch file, never one that exists), and on a local `input_files` entry,
// "Inline this file" (at most 10,000 requests, the inline limit).
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Node, ParseError, findNodeAtOffset } from 'jsonc-parser';
import { CodeAction, CodeActionKind, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import { isLocalPath } from '../../core/submit/batchFile';
import { BatchAnalysis } from '../analysis/analysis';
import { safeParseTree } from '../analysis/parse';
import { OpenDocument } from '../documents';
import { PositionMap } from '../text/document';
import { linesOf, requestLines, requestsProperty } from './convert';
import { FileAccess } from './namers';

/** The most requests a job holds inline. */
export const MAX_INLINE = 10_000;

/** The actions at `range` of an open document: batch files only, and only on the lines that can have one. */
/** `openText`: an open document's text, by path, which wins over the file on disk (it may be unsaved). */
export function formActions(entry: OpenDocument, range: Range, files: FileAccess, openText: (path: string) => string | undefined): CodeAction[] {
  const { doc, analysis } = entry;
  const path = pathOf(doc.uri);
  if (path === undefined || !(analysis instanceof BatchAnalysis) || range.start.line >= doc.lineCount) return [];
  // Code actions are asked at every move of the cursor: a large file is read only where one applies.
  const line = range.start.line;
  const lineText = doc.slice(doc.lineStart(line), line + 1 < doc.lineCount ? doc.lineStart(line + 1) : doc.length);
  if (!/"requests"|"input_files"|\.jsonl"/.test(lineText)) return [];
  return actionsIn(doc, doc.getText(), path, range, files, openText);
}

function actionsIn(doc: PositionMap, text: string, path: string, range: Range, files: FileAccess, openText: (path: string) => string | undefined): CodeAction[] {
  const errors: ParseError[] = [];
  const root = safeParseTree(text, errors);
  if (!root || errors.length > 0 || root.type !== 'object') return [];
  const at = doc.offsetAt(range.start);
  const property = (name: string) => root.children?.find((p) => p.children?.[0].value === name);
  const requests = property('requests');
  const inputs = property('input_files');
  const out: CodeAction[] = [];
  if (requests && !inputs && within(requests.children?.[0], at)) {
    const action = moveAction(doc, text, path, requests, files);
    if (action) out.push(action);
  }
  const entry = inputs ? findNodeAtOffset(inputs, at) : undefined;
  if (inputs && !requests && entry?.type === 'string' && entry.parent === inputs.children?.[1] && isLocalPath(entry.value)) {
    out.push(inlineAction(doc, text, path, inputs, entry, files, openText));
  }
  return out;
}

function moveAction(doc: PositionMap, text: string, path: string, requests: Node, files: FileAccess): CodeAction | undefined {
  const items = requests.children?.[1];
  if (items?.type !== 'array' || !items.children || items.children.length === 0) return undefined;
  const lines = requestLines(items.children.map((n) => text.slice(n.offset, n.offset + n.length)));
  const target = freeName(dirname(path), inputName(path), files);
  const targetUri = pathToFileURL(join(dirname(path), target)).href;
  const edit: WorkspaceEdit = {
    documentChanges: [
      // Never over a file that exists: the name is a free one, and the client refuses if one appears meanwhile.
      { kind: 'create', uri: targetUri, options: { overwrite: false, ignoreIfExists: false } },
      { textDocument: { uri: targetUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: lines }] },
      { textDocument: { uri: doc.uri, version: null }, edits: [{ range: rangeOf(doc, requests), newText: `"input_files": [${JSON.stringify(`./${target}`)}]` }] },
    ],
  };
  return { title: `Move requests to ${target}`, kind: CodeActionKind.RefactorRewrite, edit };
}

function inlineAction(doc: PositionMap, text: string, path: string, inputs: Node, entry: Node, files: FileAccess, openText: (path: string) => string | undefined): CodeAction {
  const title = 'Inline this file';
  const kind = CodeActionKind.RefactorInline;
  const written = String(entry.value);
  const list = inputs.children?.[1];
  if ((list?.children?.length ?? 0) !== 1) return { title, kind, disabled: { reason: 'the job takes its requests from several files: inline requests replace them all, so keep one file in "input_files" first' } };
  const input = resolve(dirname(path), written);
  const content = openText(input) ?? files.read(input);
  if (content === undefined) return { title, kind, disabled: { reason: `${written} cannot be read` } };
  const lines = linesOf(content);
  if (lines.length > MAX_INLINE) return { title, kind, disabled: { reason: `${written} holds ${lines.length.toLocaleString('en-US')} requests, more than the ${MAX_INLINE.toLocaleString('en-US')} a job holds inline` } };
  if (lines.length === 0) return { title, kind, disabled: { reason: `${written} holds no requests` } };
  const broken = lines.findIndex((l) => !isRequestLine(l));
  if (broken >= 0) return { title, kind, disabled: { reason: `a line of ${written} is not one JSON request (request ${broken + 1}); fix the file first` } };
  const keyStart = inputs.offset;
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, keyStart))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title,
    kind,
    edit: { changes: { [doc.uri]: [{ range: rangeOf(doc, inputs), newText: requestsProperty(lines, indent, eol) }] } },
  };
}

function isRequestLine(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** `jobs.batch.json` → `jobs.jsonl`. */
function inputName(path: string): string {
  return `${basename(path).replace(/(\.batch)?\.json$/i, '')}.jsonl`;
}

/** The name, or the first `name-2.jsonl`, `name-3.jsonl`… that no file has. */
function freeName(folder: string, name: string, files: FileAccess): string {
  if (!files.exists(join(folder, name))) return name;
  const stem = name.replace(/\.jsonl$/, '');
  for (let k = 2; ; k++) if (!files.exists(join(folder, `${stem}-${k}.jsonl`))) return `${stem}-${k}.jsonl`;
}

function within(node: Node | undefined, offset: number): boolean {
  return node !== undefined && offset >= node.offset && offset <= node.offset + node.length;
}

function rangeOf(doc: PositionMap, property: Node): Range {
  return { start: doc.positionAt(property.offset), end: doc.positionAt(property.offset + property.length) };
}

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
