// What JSON mode gives a .json file, from our server: outline, folding, selection ranges,
// formatting (a round trip that keeps every value) and links to local inputs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeLensResolveRequest, ConfigurationRequest, DocumentFormattingRequest, DocumentLinkRequest, DocumentRangeFormattingRequest, DocumentSymbol, DocumentSymbolRequest, FoldingRangeRequest,
  SelectionRange, SelectionRangeRequest, TextEdit,
} from 'vscode-languageserver-protocol/node';
import { customId, generateBatch } from '../../bench/generate';
import { CodeLensesOnLinesRequest } from '../../core/protocol';
import { totalsLensUri } from '../../server/models/codeLens';
import { LspClient, positionOf } from './harness';

let client: LspClient;
before(async () => {
  client = await LspClient.start();
});
after(async () => {
  await client.stop();
});

const CHAT = `{
  "model": "mistral-small-latest",
  "endpoint": "/v1/chat/completions",
  "metadata": { "project": "triage" },
  "requests": [
    {
      "custom_id": "ticket-1",
      "body": { "messages": [{ "role": "user", "content": "Hello" }] }
    },
    {
      "body": { "messages": [{ "role": "user", "content": "No id" }] }
    }
  ]
}
`;

const symbols = async (uri: string) => (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];

test('the outline lists the job keys and each request by its custom_id', async () => {
  const uri = 'file:///w/outline.batch.json';
  await client.open(uri, CHAT);
  const top = await symbols(uri);
  assert.deepEqual(top.map((s) => s.name), ['model', 'endpoint', 'metadata', 'requests']);
  assert.equal(top[0].detail, '"mistral-small-latest"');
  assert.deepEqual(top[2].children?.map((s) => s.name), ['project']);
  const requests = top[3].children ?? [];
  assert.deepEqual(requests.map((s) => [s.name, s.detail]), [['ticket-1', 'request 1'], ['request 2', 'no custom_id']]);
  assert.deepEqual(requests[0].selectionRange.start, positionOf(CHAT, '"ticket-1"'));
  assert.deepEqual(requests[1].range.start, positionOf(CHAT, '{\n      "body"'));
  // A file the scanner cannot split (a syntax error) is outlined from its tree, the same way.
  const broken = CHAT.replace('"Hello" }]', '"Hello" }');
  await client.open('file:///w/outline-broken.batch.json', broken);
  const again = await symbols('file:///w/outline-broken.batch.json');
  assert.deepEqual(again.find((s) => s.name === 'requests')?.children?.map((s) => s.name).slice(0, 1), ['ticket-1']);
});

test('the outline and folding asked again after an edit are of the edited text', async () => {
  const uri = 'file:///w/outline-edited.batch.json';
  await client.open(uri, CHAT);
  const names = async () => (await symbols(uri)).find((s) => s.name === 'requests')?.children?.map((s) => s.name);
  const folds = async () => ((await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })) ?? []).length;
  assert.deepEqual(await names(), ['ticket-1', 'request 2']);
  const before = await folds();
  const at = positionOf(CHAT, '"ticket-1"', 1);
  await client.change(uri, 2, [{ range: { start: at, end: { ...at, character: at.character + 8 } }, text: 'renamed' }]);
  assert.deepEqual(await names(), ['renamed', 'request 2']);
  const open = positionOf(CHAT, '"metadata": {', 13);
  await client.change(uri, 3, [{ range: { start: open, end: open }, text: '\n\n' }]);
  assert.equal(await folds(), before + 1, 'metadata now spans three lines: it folds');
});

test('the outline of a 10,000-request file names every request', async () => {
  const uri = 'file:///w/outline-big.batch.json';
  await client.open(uri, generateBatch(10_000));
  const requests = (await symbols(uri)).find((s) => s.name === 'requests')?.children ?? [];
  assert.equal(requests.length, 10_000);
  assert.equal(requests[5000].name, customId(5000));
});

test('folding ranges cover every object and array that spans lines', async () => {
  const uri = 'file:///w/fold.batch.json';
  await client.open(uri, CHAT);
  const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
  assert.deepEqual(ranges?.map((r) => [r.startLine, r.endLine]), [[0, 12], [4, 11], [5, 7], [9, 10]]);
});

test('expanding the selection goes from a string out to the whole job', async () => {
  const uri = 'file:///w/select.batch.json';
  await client.open(uri, CHAT);
  const [range] = (await client.connection.sendRequest(SelectionRangeRequest.type, { textDocument: { uri }, positions: [positionOf(CHAT, 'Hello', 2)] })) as SelectionRange[];
  const texts: string[] = [];
  const lines = CHAT.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  for (let r: SelectionRange | undefined = range; r; r = r.parent) texts.push(CHAT.slice(offset(r.range.start), offset(r.range.end)));
  assert.equal(texts[0], 'Hello');
  assert.equal(texts[1], '"Hello"');
  assert.equal(texts[2], '"content": "Hello"');
  assert.ok(texts.includes('"body": { "messages": [{ "role": "user", "content": "Hello" }] }'), texts.join('\n---\n'));
  assert.ok(texts.some((t) => t.startsWith('[\n    {\n      "custom_id"')), 'the requests array');
  assert.equal(texts[texts.length - 1], CHAT);
});

const applyEdits = (text: string, edits: TextEdit[]) => {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
};

test('formatting uses the editor indentation and keeps every value: a round trip', async () => {
  const oneLine = JSON.stringify(JSON.parse(CHAT));
  for (const [options, indent] of [[{ tabSize: 2, insertSpaces: true }, '  '], [{ tabSize: 4, insertSpaces: false }, '\t']] as const) {
    const uri = `file:///w/format-${options.tabSize}.batch.json`;
    await client.open(uri, oneLine);
    const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options });
    const formatted = applyEdits(oneLine, edits ?? []);
    assert.deepEqual(JSON.parse(formatted), JSON.parse(CHAT));
    assert.ok(formatted.includes(`\n${indent}"model": "mistral-small-latest",\n`), formatted);
    assert.ok(formatted.split('\n').length > 15, 'one line became many');
  }
  // Formatting what is already formatted changes nothing.
  const uri = 'file:///w/format-again.batch.json';
  const pretty = JSON.stringify(JSON.parse(CHAT), null, 2);
  await client.open(uri, pretty);
  assert.deepEqual(await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
});

test('range formatting changes only the selected lines', async () => {
  const uri = 'file:///w/format-range.batch.json';
  const text = '{\n"model":   "mistral-small-latest",\n"endpoint":"/v1/embeddings",\n  "requests": [{"custom_id":"a","body":{"input":"x"}}]\n}\n';
  await client.open(uri, text);
  const edits = await client.connection.sendRequest(DocumentRangeFormattingRequest.type, {
    textDocument: { uri },
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 34 } },
    options: { tabSize: 2, insertSpaces: true },
  });
  const formatted = applyEdits(text, edits ?? []);
  assert.deepEqual(JSON.parse(formatted), JSON.parse(text));
  assert.equal(formatted.split('\n')[1], '  "model": "mistral-small-latest",');
  assert.equal(formatted.split('\n')[2], '"endpoint":"/v1/embeddings",', 'lines outside the range stay');
});

test('local input files that exist are links to them', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-links-'));
  try {
    await writeFile(join(dir, 'data.jsonl'), '{"custom_id": "a", "body": {"input": "x"}}\n');
    const text = '{\n  "model": "mistral-embed",\n  "endpoint": "/v1/embeddings",\n  "input_files": ["data.jsonl", "gone.jsonl", "3b0c7a52-51f4-4b2e-9d1e-6f0a8c2d4e19"]\n}\n';
    const uri = pathToFileURL(join(dir, 'job.batch.json')).href;
    await client.open(uri, text);
    const links = await client.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } });
    assert.deepEqual(links?.map((l) => [l.range, l.target]), [
      [{ start: positionOf(text, 'data.jsonl'), end: positionOf(text, 'data.jsonl', 10) }, pathToFileURL(join(dir, 'data.jsonl')).href],
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a 10,000-request file folds and formats', async () => {
  const uri = 'file:///w/big-structure.batch.json';
  const text = generateBatch(10_000);
  await client.open(uri, text);
  const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
  assert.ok((folds?.length ?? 0) > 10_000);
  const edits = await client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
  assert.deepEqual(edits, [], 'the generated file is already formatted with two spaces');
});

test('hover on an input file says in words what it accepts, and for a local one its lines and size', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mb-hover-'));
  try {
    await writeFile(join(dir, 'data.jsonl'), '{"custom_id": "a", "body": {"input": "x"}}\n{"custom_id": "b", "body": {"input": "y"}}\n');
    const text = '{\n  "model": "mistral-embed",\n  "endpoint": "/v1/embeddings",\n  "input_files": ["data.jsonl", "3b0c7a52-51f4-4b2e-9d1e-6f0a8c2d4e19"]\n}\n';
    const uri = pathToFileURL(join(dir, 'job.batch.json')).href;
    await client.open(uri, text);
    const local = await client.hover(uri, positionOf(text, 'data.jsonl', 2));
    const localText = local && typeof local.contents === 'object' && 'value' in local.contents ? local.contents.value : '';
    assert.match(localText, /UUID/);
    assert.match(localText, /2 request lines, 86 bytes/);
    assert.ok(!/\^\[/.test(localText), 'no raw regular expression');
    const id = await client.hover(uri, positionOf(text, '3b0c7a52', 2));
    assert.match(id && typeof id.contents === 'object' && 'value' in id.contents ? id.contents.value : '', /file id/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a file\'s problems are published before its outline and folding are answered', async () => {
  // A client that is asked for settings: the problems wait for its answer, given late on purpose.
  const slow = await LspClient.start({ capabilities: { workspace: { configuration: true } } });
  try {
    slow.connection.onRequest(ConfigurationRequest.type, (p) => new Promise((resolve) => setTimeout(() => resolve(p.items.map(() => null)), 200)));
    const order: string[] = [];
    const uri = 'file:///w/order.batch.json';
    const diagnostics = slow.open(uri, CHAT).then(() => order.push('diagnostics'));
    const textDocument = { uri };
    const symbols = slow.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }).then(() => order.push('symbols'));
    const folding = slow.connection.sendRequest(FoldingRangeRequest.type, { textDocument }).then(() => order.push('folding'));
    await Promise.all([diagnostics, symbols, folding]);
    assert.equal(order[0], 'diagnostics', order.join(', '));
  } finally {
    await slow.stop();
  }
});

test('lens resolves sent behind the first outline and folding of a large file are answered before them', async () => {
  const uri = 'file:///w/behind.batch.json';
  await client.open(uri, generateBatch(10_000));
  const textDocument = { uri };
  const lenses = (await client.connection.sendRequest(CodeLensesOnLinesRequest, { textDocument, lines: [{ start: 0, end: 350 }] }))
    .filter((l) => !l.command && totalsLensUri(l) === undefined);
  assert.ok(lenses.length >= 15, `${lenses.length} Try lenses near the top`);
  // As VS Code sends them after an open: the outline, folding twice, then the lenses on screen.
  const order: string[] = [];
  const structure = [
    client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }).then(() => order.push('outline')),
    client.connection.sendRequest(FoldingRangeRequest.type, { textDocument }).then(() => order.push('folding')),
    client.connection.sendRequest(FoldingRangeRequest.type, { textDocument }).then(() => order.push('folding')),
  ];
  const resolved = lenses.map((l) => client.connection.sendRequest(CodeLensResolveRequest.type, l).then((r) => (order.push('lens'), r)));
  assert.ok((await Promise.all(resolved)).every((l) => l.command?.title === '▷ Try'));
  await Promise.all(structure);
  // The outline and folding measure every request first, a slice at a time; the resolves go in between.
  assert.deepEqual(order.slice(0, lenses.length), lenses.map(() => 'lens'), order.join(', '));
});
