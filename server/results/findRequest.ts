// From a custom_id in a job's results to the line of the .jsonl input that asked for it: in the open
// document when the input is open, else read from disk line by line (an input can be hundreds of MB).
import { createReadStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Location } from 'vscode-languageserver-types';
import { LineSplitter } from '../../core/results/lineSplitter';
import { PositionMap } from '../text/document';
import type { JoinableRequests } from './batchJoin';
import { customIdColumn } from './resultsDocument';

export type OpenInput = (uri: string) => { requests: JoinableRequests; doc: PositionMap } | undefined;

/** `inputs` as written in the batch file's input_files (local paths only); null when no line has the id. */
export async function findRequest(batchPath: string, inputs: readonly string[], id: string, openInput: OpenInput): Promise<Location | null> {
  for (const written of inputs) {
    const path = resolve(dirname(batchPath), written);
    const uri = pathToFileURL(path).href;
    const open = openInput(uri);
    const found = open ? inOpen(open, id) : await onDisk(path, id).catch(() => undefined);
    if (found) return { uri, range: found };
  }
  return null;
}

function inOpen({ requests, doc }: { requests: JoinableRequests; doc: PositionMap }, id: string): Location['range'] | undefined {
  for (let i = 0; i < requests.requestCount(); i++) {
    if (requests.requestId(i) !== id) continue;
    const span = requests.requestRef(i).idSpan;
    return span && { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
  }
  return undefined;
}

/** Lines end at `\n` only, as the server counts them. */
async function onDisk(path: string, id: string): Promise<Location['range'] | undefined> {
  const needle = Buffer.from(JSON.stringify(id).slice(1, -1));
  let found: Location['range'] | undefined;
  const lines = new LineSplitter((bytes, _offset, line) => {
    if (!bytes.includes(needle)) return false;
    const at = customIdColumn(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    if (!at || at.id !== id) return false;
    found = { start: { line, character: at.start }, end: { line, character: at.end } };
    return true;
  });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    lines.push(chunk as Buffer);
    if (lines.done) break;
  }
  lines.end();
  return found;
}
