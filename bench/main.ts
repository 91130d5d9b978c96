// `npm run bench`: this project's server core side by side with vscode-json-languageservice and
// JSON.parse + Ajv on generated batch files, plus the server end to end over LSP. Prints the tables
// and the issue's targets, and writes bench-results.json at the repository root.
//   --quick          fewer runs, sizes up to 1,000 (CI)
//   --sizes=a,b,c    request counts to measure (default 100,1000,10000)
//   --no-lsp         skip the end-to-end LSP part
//   --lsp-only       only the end-to-end LSP part (no in-process scenarios, heap or targets)
//   --no-bundles     skip the bundle sizes
//   --no-results     skip the results join (indexing 1M result lines; 20,000 with --quick)
//   --no-jsonl       skip the batch-input (.jsonl) rows
//   --no-scale       skip the scale row (.jsonl inputs of 100k and 1M lines; --quick: 20k)
//   --strict         exit with status 1 when a target fails (by default only errors fail the run)
//   --json-ls-shipped-schema  give vscode-json-languageservice the batch schema as shipped (per-endpoint
//                    if/then) instead of one schema with the chat body in place
// Garbage is collected between runs, which needs --expose-gc: without it this script starts itself
// again with the flag. Heap is measured in a child process (heap.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { BundleSize, bundleSizes } from './bundles';
import type { HeapResult } from './heap';
import { JsonlResult, jsonlTable, runJsonl } from './jsonl';
import { LspResult, SERVER, runLsp } from './lsp';
import { Plan } from './measure';
import { Machine, bundleTable, growthTable, lspTable, machineLine, sizeTable, targetTable, targets } from './report';
import { SizeResult, makeSubjects, runSize } from './scenarios';
import { REPO } from './subjects';
import { ResultsBench, resultsReport, runResultsBench } from './results';
import { runScale, ScaleSize, scaleTable, scaleTargetTable, scaleTargets } from './scale';

const MAX_PROBLEMS = 1000;

function planFor(requests: number, quick: boolean): Plan {
  if (quick) return requests <= 100 ? { warmup: 2, runs: 3 } : { warmup: 1, runs: 3 };
  if (requests <= 100) return { warmup: 5, runs: 21 };
  if (requests <= 1000) return { warmup: 3, runs: 11 };
  return { warmup: 2, runs: 7 };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const sizesArg = args.find((a) => a.startsWith('--sizes='));
  const sizes = sizesArg ? sizesArg.slice('--sizes='.length).split(',').map(Number) : quick ? [100, 1000] : [100, 1000, 10000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new Error(`bad --sizes: ${sizesArg}`);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const started = performance.now();
  const machine: Machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGB: totalmem() / 2 ** 30,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadStart: loadavg(),
    loadEnd: [],
  };

  log(`bench: ${quick ? 'quick, ' : ''}sizes ${sizes.join(', ')}`);
  const shipped = args.includes('--json-ls-shipped-schema');
  const subjects = makeSubjects(MAX_PROBLEMS, shipped);
  const lspOnly = args.includes('--lsp-only');
  const results: SizeResult[] = [];
  for (const n of lspOnly ? [] : sizes) results.push(await runSize(subjects, n, planFor(n, quick), { log }));

  // Heap on the largest file only (on small ones the collector's noise is larger than the figure),
  // in a fresh process so nothing left from the timings blurs it.
  const largest = results.at(-1);
  if (largest) {
    log(`  ${largest.requests}: heap`);
    const heapRun = spawnSync(process.execPath, ['--expose-gc', '--single-threaded-gc', join(__dirname, 'heap.js'), String(largest.requests), String(quick ? 1 : 3)], { encoding: 'utf8' });
    if (heapRun.status !== 0) throw new Error(`bench: the heap measurement failed: ${heapRun.stderr}`);
    largest.heap = JSON.parse(heapRun.stdout) as HeapResult;
  }

  let lsp: LspResult | undefined;
  if (!args.includes('--no-lsp')) {
    if (!existsSync(SERVER)) throw new Error(`bench: ${SERVER} is missing; run \`node esbuild.mjs\` first`);
    const lspSizes = quick ? sizes.slice(-1) : sizes;
    lsp = await runLsp(lspSizes.map((requests) => ({ requests, plan: planFor(requests, quick) })), log);
  }

  let joined: ResultsBench | undefined;
  if (!args.includes('--no-results') && !lspOnly) {
    joined = await runResultsBench({ lines: quick ? 20_000 : 1_000_000, requests: quick ? 1000 : 10_000, plan: quick ? { warmup: 2, runs: 11 } : { warmup: 3, runs: 51 } }, log);
  }
  let jsonl: JsonlResult | undefined;
  if (!args.includes('--no-jsonl') && !lspOnly) jsonl = await runJsonl(quick, log);

  let scale: ScaleSize[] | undefined;
  if (!args.includes('--no-scale') && !lspOnly) scale = await runScale({ quick, log });

  let bundles: BundleSize[] | undefined;
  if (!args.includes('--no-bundles')) bundles = await bundleSizes();
  machine.loadEnd = loadavg();

  const judged = results.length > 0 ? targets(results, lsp, MAX_PROBLEMS) : [];
  const out: string[] = [];
  out.push(`Mistral Batch benchmark${quick ? ' (--quick)' : ''}`);
  out.push(machineLine(machine));
  out.push('ours = server core (Documents.didChange/didOpen + BatchAnalysis + findings + toDiagnostics, maxProblems 1000);');
  out.push(`vscode-json-ls = vscode-json-languageservice 5.7.2, same schemas (${shipped ? 'batch schema as shipped: per-endpoint if/then' : 'one schema: chat body $ref in place of the per-endpoint if/then'}), TextDocument update + parseJSONDocument + doValidation, no problem cap;`);
  out.push('ajv = JSON.parse + Ajv 2020 compiled validator (allErrors false / true), no positions.');
  for (const r of results) out.push('', sizeTable(r));
  if (results.length > 0) out.push('', 'growth (medians):', growthTable(results));
  if (lsp) out.push('', 'ours end to end over LSP (node dist/server.js --stdio):', lspTable(lsp));
  if (joined) out.push('', ...resultsReport(joined));
  if (jsonl) out.push('', jsonlTable(jsonl));
  if (bundles) out.push('', bundleTable(bundles));
  out.push('', 'extension activation time: not measured here (needs VS Code; the e2e harness records it). Activation does no eager work: schemas load on the first document.');
  if (largest) out.push('', targetTable(judged, largest.requests));
  const scaleJudged = scale ? scaleTargets(scale) : [];
  if (scale) out.push('', 'scale: .jsonl inputs from disk, each figure a fresh process of dist/cli.js (peak RSS from the process itself):', scaleTable(scale), '', scaleTargetTable(scaleJudged));
  const scalePass = scaleJudged.length > 0 ? `${scaleJudged.filter((t) => t.pass).length} of ${scaleJudged.length} scale targets pass; ` : '';
  out.push('', `${judged.length > 0 ? `${judged.filter((t) => t.pass).length} of ${judged.length} targets pass; ` : ''}${scalePass}bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(`${out.join('\n')}\n`);

  const file = join(REPO, 'bench-results.json');
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), quick, jsonLsSchema: shipped ? 'shipped' : 'resolved', machine, maxProblems: MAX_PROBLEMS, sizes: results, lsp, resultsJoin: joined, jsonl, bundles, targets: judged, scale, scaleTargets: scaleJudged }, null, 2)}\n`);
  log(`bench: wrote ${file}`);
  if (args.includes('--strict') && ([...judged, ...scaleJudged].some((t) => !t.pass) || jsonl?.targets.some((t) => !t.pass))) process.exitCode = 1;
}

const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
if (!hasGc && process.env.MISTRAL_BATCH_BENCH_CHILD) {
  process.stderr.write('bench: garbage collection is not exposed even with --expose-gc\n');
  process.exitCode = 1;
} else if (!hasGc) {
  // Start again with --expose-gc (collections between runs need it).
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, MISTRAL_BATCH_BENCH_CHILD: '1' },
  });
  process.exitCode = r.status ?? 1;
} else {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
