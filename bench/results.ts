// The results join: indexing a large results file (time, peak memory, in a fresh process) and, over
// LSP, hover and inlay hints on a batch file of many requests with its results beside it, and hover on
// the lines of a .jsonl input of as many lines whose batch file has its results beside it.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, HoverRequest, InitializedNotification, InitializeRequest, InlayHintRequest,
  PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { customId, generateBatch } from './generate';
import { Plan, Stats, interleave, timeAsync } from './measure';
import { SERVER } from './lsp';

export interface ResultsBench {
  lines: number;
  fileMB: number;
  index: { ms: number; peakRssMB: number; rssBeforeMB: number; heapUsedMB: number };
  requests: number;
  hover: Stats;
  /** The schema's hover on a key of the same request: the same path without the join, as a baseline. */
  schemaHover: Stats;
  inlayHints: Stats;
  /** Hover on a joined line's custom_id in a .jsonl input of `requests` lines. */
  inputHover: Stats;
}

function resultLine(i: number): string {
  const id = customId(i);
  if (i % 50 === 7) {
    return JSON.stringify({ id: `b-${i}`, custom_id: id, response: { status_code: 429, body: { object: 'error', message: 'Rate limit exceeded', type: 'rate_limited' } }, error: null });
  }
  const content = `Thanks for reaching out about request ${i}. We looked into it and here is what we found: the issue is resolved on our side, please try again.`;
  return JSON.stringify({
    id: `b-${i}`, custom_id: id, error: null,
    response: { status_code: 200, body: { id: `c-${i}`, object: 'chat.completion', model: 'mistral-small-latest', created: 1_700_000_000, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: { prompt_tokens: 180 + (i % 40), completion_tokens: 32, total_tokens: 212 + (i % 40) } } },
  });
}

async function writeResults(path: string, lines: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (let i = 0; i < lines; i += 10_000) {
    const chunk: string[] = [];
    // Results come in no order: write them back to front in blocks.
    for (let k = i; k < Math.min(lines, i + 10_000); k++) chunk.push(resultLine(lines - 1 - k));
    const text = `${chunk.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return bytes;
}

export async function runResultsBench(opts: { lines: number; requests: number; plan: Plan }, log: (m: string) => void): Promise<ResultsBench> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  try {
    log(`  results: writing ${opts.lines.toLocaleString('en-US')} result lines`);
    const big = join(dir, 'big.results.jsonl');
    const bytes = await writeResults(big, opts.lines);
    log('  results: indexing in a fresh process');
    const child = spawnSync(process.execPath, [join(__dirname, 'resultsIndexChild.js'), big, join(dir, 'big.errors.jsonl')], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`bench: indexing failed: ${child.stderr}`);
    const index = JSON.parse(child.stdout) as ResultsBench['index'] & { lines: number };
    if (index.lines !== opts.lines) throw new Error(`bench: indexed ${index.lines} of ${opts.lines} lines`);
    rmSync(big);

    log(`  results: hover and inlay hints over LSP at ${opts.requests.toLocaleString('en-US')} requests`);
    const text = generateBatch(opts.requests);
    const batch = join(dir, 'joined.batch.json');
    writeFileSync(batch, text);
    await writeResults(join(dir, 'joined.results.jsonl'), opts.requests);
    const input = inputLines(opts.requests);
    writeFileSync(join(dir, 'lines.jsonl'), input);
    writeFileSync(join(dir, 'lines.batch.json'), JSON.stringify({ model: 'mistral-small-latest', endpoint: '/v1/chat/completions', input_files: ['lines.jsonl'] }));
    await writeResults(join(dir, 'lines.results.jsonl'), opts.requests);
    const docs = { folder: pathToFileURL(dir).href, batch: { uri: pathToFileURL(batch).href, text }, input: { uri: pathToFileURL(join(dir, 'lines.jsonl')).href, text: input } };
    const { hover, schemaHover, inlayHints, inputHover } = await overLsp(docs, opts.requests, opts.plan);
    return { lines: opts.lines, fileMB: bytes / 2 ** 20, index: { ms: index.ms, peakRssMB: index.peakRssMB, rssBeforeMB: index.rssBeforeMB, heapUsedMB: index.heapUsedMB }, requests: opts.requests, hover, schemaHover, inlayHints, inputHover };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The batch file's requests again, one a line. */
function inputLines(n: number): string {
  const requests = (JSON.parse(generateBatch(n)) as { requests: unknown[] }).requests;
  return requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

interface Docs {
  folder: string;
  batch: { uri: string; text: string };
  input: { uri: string; text: string };
}

async function overLsp(docs: Docs, requests: number, plan: Plan): Promise<{ hover: Stats; schemaHover: Stats; inlayHints: Stats; inputHover: Stats }> {
  const { uri, text } = docs.batch;
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.listen();
  try {
    // The folder is where the batch file naming the input is found.
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: docs.folder, capabilities: { textDocument: { inlayHint: {} } } });
    await connection.sendNotification(InitializedNotification.type, {});
    const published = (target: string) => new Promise<void>((resolve) => connection.onNotification(PublishDiagnosticsNotification.type, (p) => p.uri === target && resolve()));
    const batchPublished = published(uri);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'mistral-batch', version: 1, text } });
    await batchPublished;
    const inputPublished = published(docs.input.uri);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: docs.input.uri, languageId: 'mistral-batch-jsonl', version: 1, text: docs.input.text } });
    await inputPublished;
    const doc = TextDocument.create(uri, 'json', 1, text);
    // A different request each run, spread over the file, so nothing is answered from a warm line.
    const at = (run: number) => doc.positionAt(text.indexOf(`"${customId((run * 7919) % requests)}"`) + 3);
    const screen = (run: number) => {
      const start = at(run);
      return { start, end: { line: start.line + 60, character: 0 } };
    };
    const times = await interleave({
      hover: async (run) => {
        // Found before the clock starts: a search through the client's copy of the text is no part of the server's answer.
        const position = at(run);
        const [answer, ms] = await timeAsync(() => connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
        if (!answer || !/✓|✗/.test(JSON.stringify(answer.contents))) throw new Error(`bench: the hover did not show the joined outcome: ${JSON.stringify(answer)}`);
        return { hover: ms };
      },
      schemaHover: async (run) => {
        const key = text.indexOf('"body"', text.indexOf(`"${customId((run * 7919) % requests)}"`)) + 2;
        const [answer, ms] = await timeAsync(() => connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: doc.positionAt(key) }));
        if (!answer) throw new Error('bench: no schema hover on `body`');
        return { schemaHover: ms };
      },
      inputHover: async (run) => {
        const id = customId((run * 7919) % requests);
        const line = docs.input.text.slice(0, docs.input.text.indexOf(`"${id}"`)).split('\n').length - 1;
        const position = { line, character: docs.input.text.split('\n', line + 1)[line].indexOf(`"${id}"`) + 3 };
        const [answer, ms] = await timeAsync(() => connection.sendRequest(HoverRequest.type, { textDocument: { uri: docs.input.uri }, position }));
        if (!answer || !/✓|✗/.test(JSON.stringify(answer.contents))) throw new Error(`bench: the hover on a .jsonl line did not show the joined outcome: ${JSON.stringify(answer)}`);
        return { inputHover: ms };
      },
      inlayHints: async (run) => {
        const range = screen(run);
        const [hints, ms] = await timeAsync(() => connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range }));
        if (!hints || hints.length === 0) throw new Error('bench: no inlay hints on a screen of requests');
        return { inlayHints: ms };
      },
    }, plan);
    return { hover: times.hover, schemaHover: times.schemaHover, inlayHints: times.inlayHints, inputHover: times.inputHover };
  } finally {
    await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await connection.sendNotification(ExitNotification.type).catch(() => undefined);
    connection.dispose();
    child.kill();
  }
}

const ms = (s: Stats) => `${s.median < 10 ? s.median.toFixed(2) : s.median.toFixed(1)} ms (${s.min.toFixed(2)}–${s.max.toFixed(2)}, ${s.runs} runs)`;

export function resultsReport(r: ResultsBench): string[] {
  const hoverOk = r.hover.median <= 10 && r.inputHover.median <= 10;
  return [
    `results join: indexing ${r.lines.toLocaleString('en-US')} result lines (${r.fileMB.toFixed(0)} MB, 1 in 50 an error) in a fresh process: ${(r.index.ms / 1000).toFixed(2)} s, peak RSS ${r.index.peakRssMB.toFixed(0)} MB (${r.index.rssBeforeMB.toFixed(0)} MB before), heap after ${r.index.heapUsedMB.toFixed(0)} MB`,
    `results join over LSP at ${r.requests.toLocaleString('en-US')} requests: hover on a joined custom_id ${ms(r.hover)} (the schema's hover on a key, same runs: ${ms(r.schemaHover)}); inlay hints for 60 lines ${ms(r.inlayHints)}; hover on a joined line of a .jsonl input of as many lines ${ms(r.inputHover)}`,
    `target: hover on a joined request at ${r.requests.toLocaleString('en-US')} requests ≤ 10 ms: ${hoverOk ? '✓' : '✗'} (${r.hover.median.toFixed(2)} ms inline, ${r.inputHover.median.toFixed(2)} ms on a .jsonl line)`,
  ];
}
