// Batch inputs (.jsonl): a chat input of 80,000 requests (50 MB, VS Code's limit for files it hands
// to extensions; a small one under --quick), end to end over LSP: open → first diagnostics and a
// one-character edit → diagnostics, against the floor measured in the same run (JSON.parse of every
// line plus a compiled Ajv check of every body), and the heap the open input keeps.
import Ajv2020 from 'ajv/dist/2020';
import { Documents } from '../server/documents';
import { BatchInputs } from '../server/jsonl/inputs';
import { batchSchemas } from '../server/schema/load';
import { prng } from '../test/support/random';
import { chatRequest } from './generate';
import { Client } from './lsp';
import { Plan, Stats, interleave, retainedHeap, time } from './measure';
import { BATCH_URI, schemaFiles } from './subjects';

export interface JsonlResult {
  requests: number;
  bytes: number;
  times: Record<string, Stats>;
  /** What the open input keeps on top of its text (the text is not counted, as in heap.ts). */
  heapBytes: number;
  targets: { name: string; value: number; limit: number; unit: string; pass: boolean }[];
}

/**
 * Compact lines of generated chat requests, with user messages a little longer than the batch-file
 * rows' (about 630 bytes a line), so that 80,000 requests make the issue's 50 MB.
 */
export function generateJsonl(requests: number): string {
  const rand = prng(20240611);
  const lines: string[] = [];
  for (let i = 0; i < requests; i++) lines.push(JSON.stringify(chatRequest(rand, i, false, INPUT_DETAILS)));
  return lines.join('\n') + '\n';
}

/** Detail sentences added to each user message of the JSONL row's input. */
const INPUT_DETAILS = 2;

/** The floor: JSON.parse of every line and a compiled Ajv 2020 check of every body. */
function floorChecker(): (text: string) => number {
  const ajv = new Ajv2020({ allErrors: false, strict: false, validateFormats: false });
  for (const [uri, text] of schemaFiles()) if (uri !== BATCH_URI) ajv.addSchema({ ...(JSON.parse(text) as Record<string, unknown>), $id: uri });
  const chat = [...schemaFiles().keys()].find((u) => u.endsWith('chat-completions.schema.json'));
  const validate = chat ? ajv.getSchema(chat) : undefined;
  if (!validate) throw new Error('bench: the chat body schema is missing');
  return (text) => {
    let invalid = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const request = JSON.parse(line) as { body: unknown };
      if (!validate(request.body)) invalid++;
    }
    return invalid;
  };
}

export async function runJsonl(quick: boolean, log: (m: string) => void): Promise<JsonlResult> {
  const requests = quick ? 2000 : 80000;
  const text = generateJsonl(requests);
  log(`  jsonl ${requests} requests, ${(text.length / 2 ** 20).toFixed(1)} MB`);
  const floor = floorChecker();
  const openPlan: Plan = quick ? { warmup: 1, runs: 3 } : { warmup: 1, runs: 3 };
  const editPlan: Plan = quick ? { warmup: 2, runs: 9 } : { warmup: 3, runs: 21 };
  const { client } = await Client.start();
  const times: Record<string, Stats> = {};
  const put = (prefix: string, r: Record<string, Stats>) => {
    for (const [k, v] of Object.entries(r)) times[`${prefix}.${k}`] = v;
  };
  try {
    let serial = 0;
    put('open', await interleave({
      lsp: async () => {
        const uri = `file:///bench/open-${serial++}.jsonl`;
        const t0 = performance.now();
        const d = await client.open(uri, text, 1);
        const elapsed = performance.now() - t0;
        client.close(uri);
        if (d.length !== 0) throw new Error(`bench: the server reports ${d.length} problems on the valid input: ${d[0].message}`);
        return { lsp: elapsed };
      },
      floor: () => {
        const [invalid, ms] = time(() => floor(text));
        if (invalid !== 0) throw new Error(`bench: Ajv finds ${invalid} invalid bodies in the valid input`);
        return { floor: ms };
      },
    }, openPlan));

    // Type `x` in the middle line's first message, and delete it again.
    const uri = 'file:///bench/edit.jsonl';
    await client.open(uri, text, 1);
    const line = requests >> 1;
    const lineText = text.split('\n', line + 1)[line];
    const character = lineText.indexOf('"content":"') + 12;
    let version = 1;
    put('edit', await interleave({
      lsp: async (round) => {
        const at = { line, character };
        const range = round % 2 === 0 ? { start: at, end: at } : { start: at, end: { line, character: character + 1 } };
        const d = await client.change(uri, ++version, range, round % 2 === 0 ? 'x' : '');
        if (d.length !== 0) throw new Error(`bench: an edit left ${d.length} problems: ${d[0].message}`);
      },
    }, editPlan));
    client.close(uri);
  } finally {
    await client.stop();
  }

  log('  jsonl heap');
  const schemas = batchSchemas();
  const inputs = new BatchInputs({
    schemas: () => schemas,
    files: { batchFiles: () => [], read: () => undefined, exists: () => false },
    openText: () => undefined,
    notify: () => undefined,
    republish: () => undefined,
  });
  const heapUri = 'file:///bench/heap.jsonl';
  const documents = new Documents(() => schemas, [inputs]);
  // Schemas compiled before measuring: they are shared by every document.
  documents.didOpen(heapUri, 1, text);
  documents.didClose(heapUri);
  const heapBytes = await retainedHeap(() => documents.didOpen(heapUri, 1, text), () => documents.didClose(heapUri), quick ? 1 : 3);

  const openMs = times['open.lsp'].median;
  const floorMs = times['open.floor'].median;
  const editMs = times['edit.lsp'].median;
  const targets = [
    { name: 'one-character edit → diagnostics, over LSP', value: editMs, limit: 16, unit: 'ms', pass: editMs <= 16 },
    { name: 'open → first diagnostics, × the floor', value: openMs / floorMs, limit: 2, unit: '×', pass: openMs <= 2 * floorMs },
    { name: 'retained heap, × the file size', value: heapBytes / text.length, limit: 2, unit: '×', pass: heapBytes <= 2 * text.length },
  ];
  return { requests, bytes: text.length, times, heapBytes, targets };
}

export function jsonlTable(r: JsonlResult): string {
  const ms = (s: Stats | undefined) => (s ? `${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}, ${s.runs} runs)` : '-');
  const rows = [
    `batch input (.jsonl): ${r.requests.toLocaleString('en-US')} chat requests, ${(r.bytes / 2 ** 20).toFixed(1)} MB`,
    `  open → first diagnostics over LSP   ${ms(r.times['open.lsp'])}`,
    `  floor: JSON.parse + Ajv per line     ${ms(r.times['open.floor'])}`,
    `  1-char edit → diagnostics over LSP  ${ms(r.times['edit.lsp'])}`,
    `  retained heap                        ${(r.heapBytes / 2 ** 20).toFixed(1)} MB on top of the text`,
    '  targets:',
    ...r.targets.map((t) => `    ${t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.value.toFixed(2)} ${t.unit} (target ≤ ${t.limit} ${t.unit})`),
  ];
  return rows.join('\n');
}
