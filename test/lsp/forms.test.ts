// The two code actions between a job's forms, through the built server: "Move requests to a .jsonl
// file" and back with "Inline this file" keep every request as written, and never write over a file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, CodeActionRequest, CreateFile, Position, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { LspClient, positionOf } from './harness';

let client: LspClient;
let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'forms-lsp-'));
  client = await LspClient.start({ rootUri: pathToFileURL(folder).href });
});
after(async () => {
  await client.stop();
  await rm(folder, { recursive: true, force: true });
});

const ONE = '{"custom_id": "a", "body": {"messages": [{"role": "user", "content": "caf\\u00e9 \\"quoted\\""}]}}';
const TWO = '{ "custom_id":"b","body":{"messages":[{"role":"user","content":"2 spaces  kept"}], "temperature": 0.50} }';
const PRETTY = '{\n      "custom_id": "c",\n      "body": { "messages": [{ "role": "user", "content": "x" }] }\n    }';
const JOB = `{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [\n    ${ONE},\n    ${TWO},\n    ${PRETTY}\n  ]\n}\n`;

function offsetOf(text: string, p: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < p.line; i++) offset += lines[i].length + 1;
  return offset + p.character;
}

function apply(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
  return text;
}

async function actionsAt(uri: string, at: Position): Promise<CodeAction[]> {
  const r = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] } });
  return (r ?? []).filter((a): a is CodeAction => 'kind' in a);
}

test('requests move to a new .jsonl beside the batch file and come back inline, each request as written', async () => {
  // A jobs.jsonl exists already: it is left alone and the new file gets a free name.
  await writeFile(join(folder, 'jobs.jsonl'), 'not mine\n');
  const uri = pathToFileURL(join(folder, 'jobs.batch.json')).href;
  await client.open(uri, JOB);
  assert.deepEqual((await actionsAt(uri, positionOf(JOB, '"model"', 2))).map((a) => a.title), [], 'nothing away from `requests`');
  const move = (await actionsAt(uri, positionOf(JOB, '"requests"', 3))).find((a) => a.title === 'Move requests to jobs-2.jsonl');
  assert.ok(move?.edit?.documentChanges, 'the move is offered on `requests`');
  const [create, fill, replace] = move.edit.documentChanges as [CreateFile, TextDocumentEdit, TextDocumentEdit];
  const target = pathToFileURL(join(folder, 'jobs-2.jsonl')).href;
  assert.deepEqual(create, { kind: 'create', uri: target, options: { overwrite: false, ignoreIfExists: false } });
  assert.equal(fill.textDocument.uri, target);
  const lines = fill.edits[0].newText;
  const collapsed = '{ "custom_id": "c", "body": { "messages": [{ "role": "user", "content": "x" }] } }';
  assert.equal(lines, `${ONE}\n${TWO}\n${collapsed}\n`, 'one request per line, byte for byte but the line breaks of the pretty one');
  const moved = apply(JOB, replace.edits);
  assert.equal(moved, '{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "input_files": ["./jobs-2.jsonl"]\n}\n');

  // As the editor would: the file written, the batch file edited. Then back.
  await writeFile(join(folder, 'jobs-2.jsonl'), lines);
  await client.change(uri, 2, [{ text: moved }]);
  const inline = (await actionsAt(uri, positionOf(moved, 'jobs-2', 1))).find((a) => a.title === 'Inline this file');
  assert.ok(inline?.edit?.changes?.[uri], JSON.stringify(inline));
  const back = apply(moved, inline.edit.changes[uri]);
  assert.equal(back, `{\n  "model": "mistral-small-latest",\n  "endpoint": "/v1/chat/completions",\n  "requests": [\n    ${ONE},\n    ${TWO},\n    ${collapsed}\n  ]\n}\n`);
  assert.deepEqual(JSON.parse(back), JSON.parse(JOB), 'the same job');
  assert.deepEqual(await client.change(uri, 3, [{ text: back }]), [], 'and a valid one');
});

test('a file of more than 10,000 requests is not inlined, and says why', async () => {
  const line = '{"custom_id": "x", "body": {"input": "y"}}\n';
  await writeFile(join(folder, 'big.jsonl'), line.repeat(10001));
  const uri = pathToFileURL(join(folder, 'big.batch.json')).href;
  const text = '{\n  "model": "mistral-embed",\n  "endpoint": "/v1/embeddings",\n  "input_files": ["big.jsonl"]\n}\n';
  await client.open(uri, text);
  const inline = (await actionsAt(uri, positionOf(text, 'big.jsonl', 1))).find((a) => a.title === 'Inline this file');
  assert.match(inline?.disabled?.reason ?? '', /holds 10,001 requests, more than the 10,000 a job holds inline/);
  assert.equal(inline?.edit, undefined);
  assert.deepEqual(client.errors, []);
});
