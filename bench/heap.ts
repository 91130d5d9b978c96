// Retained heap per open document, measured in a fresh process (`node --expose-gc out/bench/heap.js
// <requests> <repeats>`) so nothing left over from the timing scenarios blurs the figure. Prints JSON.
// The document text is generated before the first measurement and so is not counted: the figures
// are what each subject keeps on top of the text (for ours: TextDocument + BatchAnalysis; for the
// JSON service: TextDocument + the parsed JSONDocument), after its first diagnostics.
import { generateBatch, spotsIn } from './generate';
import { retainedHeap } from './measure';
import { JsonService, Ours } from './subjects';

export interface HeapResult {
  bytes: number;
  oursBytes: number;
  jsonBytes: number;
  oursRatio: number;
  jsonRatio: number;
  /** Ours after 20 one-character edits, raw: includes any new copy of the text the document made. */
  oursAfterEditsBytes: number;
  oursAfterEditsRatio: number;
}

const URI = 'file:///bench/heap.batch.json';

async function main(): Promise<void> {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') throw new Error('run with --expose-gc');
  const requests = Number(process.argv[2] ?? 10000);
  const repeats = Number(process.argv[3] ?? 3);
  const text = generateBatch(requests);
  const spots = spotsIn(text, requests >> 1);
  const ours = new Ours();
  const json = new JsonService();
  // Schemas compiled and resolved before measuring: they are shared by every document.
  ours.open(URI, text);
  ours.close(URI);
  await json.open(URI, text);
  json.close(URI);

  const oursBytes = await retainedHeap(() => {
    ours.open(URI, text);
    return ours.entry(URI);
  }, () => ours.close(URI), repeats);
  const jsonBytes = await retainedHeap(async () => {
    await json.open(URI, text);
    return json.entry(URI);
  }, () => json.close(URI), repeats);
  // Raw: a document kept as one string per version holds a new copy of the text after an edit
  // (+1× the file); one kept in pieces still shares the original text, created before the measurement.
  const oursAfterEditsBytes = await retainedHeap(() => {
    ours.open(URI, text);
    for (let i = 0; i < 20; i++) ours.edit(URI, i % 2 === 0 ? { offset: spots.edit, length: 0, text: 'x' } : { offset: spots.edit, length: 1, text: '' });
    return ours.entry(URI);
  }, () => ours.close(URI), repeats);
  const result: HeapResult = {
    bytes: text.length,
    oursBytes,
    jsonBytes,
    oursRatio: oursBytes / text.length,
    jsonRatio: jsonBytes / text.length,
    oursAfterEditsBytes,
    oursAfterEditsRatio: oursAfterEditsBytes / text.length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
