// The printed tables and the targets of the issue, judged on the largest size measured.
import { BundleSize } from './bundles';
import { LspResult } from './lsp';
import { Stats } from './measure';
import { SizeResult } from './scenarios';

export interface Target {
  scenario: string;
  target: string;
  measured: string;
  /** The measured figure over its limit: ≤ 1 passes. */
  ofLimit: number;
  pass: boolean;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  node: string;
  platform: string;
  loadStart: number[];
  loadEnd: number[];
}

function fmtMs(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return '–';
  if (x < 1) return `${x.toFixed(3)} ms`;
  if (x < 10) return `${x.toFixed(2)} ms`;
  if (x < 100) return `${x.toFixed(1)} ms`;
  return `${x.toFixed(0)} ms`;
}

function fmtRatio(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return x < 0.01 ? `${x.toFixed(4)}×` : x < 1 ? `${x.toFixed(3)}×` : `${x.toFixed(2)}×`;
}

function fmtBytes(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

function withSpread(s: Stats | undefined): string {
  if (!s) return '–';
  return `${fmtMs(s.median)} [${fmtMs(s.min).replace(' ms', '')}–${fmtMs(s.max).replace(' ms', '')}]`;
}

export function table(rows: string[][], header: string[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const median = (r: SizeResult, key: string): number => r.times[key]?.median ?? Number.NaN;

export function sizeTable(r: SizeResult): string {
  const row = (label: string, key: string, ajv = true): string[] => {
    const ours = median(r, `${key}.ours`);
    const json = median(r, `${key}.json`);
    const floor = median(r, `${key}.ajv`);
    return [
      label,
      withSpread(r.times[`${key}.ours`]),
      withSpread(r.times[`${key}.json`]),
      ajv ? fmtMs(floor) : '',
      ajv ? fmtMs(median(r, `${key}.ajvAll`)) : '',
      fmtRatio(ours / json),
      ajv && Number.isFinite(floor) ? fmtRatio(ours / floor) : '',
    ];
  };
  const countedRow = (label: string, key: string): string[] => [
    label, withSpread(r.times[`${key}.ours.counted`]), '', '', '', fmtRatio(median(r, `${key}.ours.counted`) / median(r, `${key}.json`)), '',
  ];
  const rows = [
    row('open → diagnostics', 'open'),
    countedRow('  + token totals (CodeLens)', 'open'),
    row('1-char edit → diagnostics', 'edit'),
    row("a request's `}` deleted/retyped → diag.", 'structural', false),
    countedRow('  + token totals (CodeLens)', 'edit'),
    ['  ours: didChange | findings | toDiagnostics', `${fmtMs(median(r, 'edit.ours.update'))} | ${fmtMs(median(r, 'edit.ours.findings'))} | ${fmtMs(median(r, 'edit.ours.diagnostics'))}`, '', '', '', '', ''],
    row('completion right after the edit', 'completion', false),
    [
      '  edit applied + completion',
      withSpread(r.times['completion.ours.withEdit']),
      withSpread(r.times['completion.json.withEdit']),
      '', '',
      fmtRatio(median(r, 'completion.ours.withEdit') / median(r, 'completion.json.withEdit')),
      '',
    ],
    row('hover', 'hover', false),
    row('all-invalid: open → diagnostics', 'invalid'),
    row('all-invalid: 1-char edit → diag.', 'invalidEdit', false),
    ['  ours: didChange | findings | toDiagnostics', `${fmtMs(median(r, 'invalidEdit.ours.update'))} | ${fmtMs(median(r, 'invalidEdit.ours.findings'))} | ${fmtMs(median(r, 'invalidEdit.ours.diagnostics'))}`, '', '', '', '', ''],
  ];
  const head = `${r.requests.toLocaleString('en-US')} requests (${fmtBytes(r.bytes)}; all-invalid ${fmtBytes(r.invalidBytes)}), median [min–max] of ${r.plan.runs} runs after ${r.plan.warmup} warm-up`;
  const body = table(rows, ['scenario', 'ours', 'vscode-json-ls', 'ajv', 'ajv allErr', 'ours/json', 'ours/ajv']);
  const inv = r.invalid;
  const counts = [
    `  all-invalid problems: ours published ${inv.oursPublished} (of ${inv.oursTotal} found; final: ${inv.oursFinal ? `"${inv.oursFinal}"` : 'none'})`,
    `                        vscode-json-ls ${inv.json} (${inv.jsonBodyLevel} body-level), ajv allErrors ${inv.ajvAllErrors}, ajv first-error ${inv.ajvFirstError}`,
    `  token totals: ~${r.coldCount.promptTokens.toLocaleString('en-US')} prompt tokens; first count ${fmtMs(r.coldCount.ms)}${r.coldCount.tokenizerLoadedBefore ? '' : ' (vocabulary loaded then)'}, later counts reuse every unchanged request`,
    `  completion items: ours ${r.completionItems.ours}, vscode-json-ls ${r.completionItems.json}; hover found: ours ${r.hoverFound.ours}, vscode-json-ls ${r.hoverFound.json}`,
  ];
  for (const [scenario, error] of Object.entries(r.jsonFailures)) {
    counts.push(`  vscode-json-ls ${scenario} THREW (time above is to the throw; VS Code's JSON server would answer nothing): ${error}`);
  }
  if (r.heap) {
    counts.push(`  retained heap per open document (text itself not counted): ours ${fmtBytes(r.heap.oursBytes)} = ${r.heap.oursRatio.toFixed(2)}× file (after 20 edits, with any new copy of the text: ${r.heap.oursAfterEditsRatio.toFixed(2)}×), vscode-json-ls ${fmtBytes(r.heap.jsonBytes)} = ${r.heap.jsonRatio.toFixed(2)}× file`);
  }
  return `${head}\n${body}\n${counts.join('\n')}`;
}

export function growthTable(sizes: SizeResult[]): string {
  const rows = sizes.map((r) => [
    r.requests.toLocaleString('en-US'),
    fmtBytes(r.bytes),
    fmtMs(median(r, 'open.ours')),
    fmtMs(median(r, 'open.json')),
    fmtMs(median(r, 'open.ajv')),
    fmtMs(median(r, 'edit.ours')),
    fmtMs(median(r, 'edit.json')),
    fmtMs(median(r, 'edit.ajv')),
  ]);
  if (sizes.length > 1) {
    const a = sizes[0];
    const b = sizes[sizes.length - 1];
    const g = (key: string) => fmtRatio(median(b, key) / median(a, key));
    rows.push([`${b.requests}/${a.requests}`, fmtRatio(b.bytes / a.bytes), g('open.ours'), g('open.json'), g('open.ajv'), g('edit.ours'), g('edit.json'), g('edit.ajv')]);
  }
  return table(rows, ['requests', 'size', 'open ours', 'open json-ls', 'open ajv', 'edit ours', 'edit json-ls', 'edit ajv']);
}

export function lspTable(lsp: LspResult): string {
  const rows = lsp.sizes.map((s) => [
    s.requests.toLocaleString('en-US'),
    withSpread(s.times['open.lsp']),
    withSpread(s.times['edit.lsp']),
    withSpread(s.times['completion.lsp']),
    withSpread(s.times['completion.lsp.withEdit']),
    withSpread(s.times['hover.lsp']),
    `${withSpread(s.times['lenses.lsp'])} (${s.lensesResolved} resolved)`,
    `${withSpread(s.times['invalid.lsp'])} (${s.invalidPublished} published${s.invalidFinal ? ', final "more not shown" present' : ''})`,
  ]);
  return [
    `server start (spawn → initialize answered): ${fmtMs(lsp.startMs)}; first didOpen after start (schemas load on first use): ${fmtMs(lsp.coldOpenMs)}`,
    table(rows, ['requests', 'didOpen → publish', 'didChange → publish', 'completion (idle)', 'didChange+completion → items', 'hover', 'Try lenses after open, behind outline + folding', 'all-invalid didOpen → publish']),
  ].join('\n');
}

export function bundleTable(bundles: BundleSize[]): string {
  return table(bundles.map((b) => [b.name, fmtBytes(b.bytes), fmtBytes(b.gzipBytes)]), ['bundle (minified)', 'size', 'gzip']);
}

export function targets(sizes: SizeResult[], lsp: LspResult | undefined, maxProblems: number): Target[] {
  const big = sizes[sizes.length - 1];
  const small = sizes[0];
  const out: Target[] = [];
  const ratioTarget = (scenario: string, key: string, limit: number, extra?: { ok: boolean; note: string }, subject = 'ours') => {
    const ours = median(big, `${key}.${subject}`);
    const json = median(big, `${key}.json`);
    const ratio = ours / json;
    const ofLimit = ratio / limit;
    out.push({
      scenario,
      target: `≤ ${limit}× json-ls`,
      measured: `${fmtRatio(ratio)} (${fmtMs(ours)} vs ${fmtMs(json)})${extra ? `; ${extra.note}` : ''}`,
      ofLimit,
      pass: ofLimit <= 1 && (extra?.ok ?? true),
    });
  };
  ratioTarget('open, first diagnostics', 'open', 0.25);
  ratioTarget('one-character edit → updated diagnostics', 'edit', 0.05);
  if (small !== big) {
    const g = median(big, 'structural.ours') / median(small, 'structural.ours');
    out.push({ scenario: `structural edit (a request's \`}\` deleted, retyped) at ${big.requests} requests vs at ${small.requests}`, target: '≤ 2×', measured: `${fmtRatio(g)} (${fmtMs(median(big, 'structural.ours'))} vs ${fmtMs(median(small, 'structural.ours'))})`, ofLimit: g / 2, pass: g <= 2 });
  }
  ratioTarget('one-character edit → diagnostics + token totals', 'edit', 0.05, undefined, 'ours.counted');
  const c = median(big, 'completion.ours');
  out.push({ scenario: 'completion right after an edit (core)', target: '≤ 10 ms', measured: `${fmtMs(c)} (edit applied + completion: ${fmtMs(median(big, 'completion.ours.withEdit'))})`, ofLimit: c / 10, pass: c <= 10 });
  const e2e = lsp?.sizes.find((s) => s.requests === big.requests);
  if (e2e) {
    const x = e2e.times['completion.lsp.withEdit']?.median ?? Number.NaN;
    out.push({ scenario: 'completion right after an edit (LSP: didChange+completion → items)', target: '≤ 10 ms', measured: fmtMs(x), ofLimit: x / 10, pass: x <= 10 });
  }
  const inv = big.invalid;
  // Over the cap: exactly maxProblems shown plus the final "N more not shown"; under it: all shown, no final one.
  const over = inv.oursTotal > maxProblems;
  const capped = over ? inv.oursPublished === maxProblems + 1 && inv.oursFinal !== undefined : inv.oursPublished === inv.oursTotal && inv.oursFinal === undefined;
  ratioTarget('every request invalid (open)', 'invalid', 0.25, {
    ok: capped,
    note: over
      ? `${inv.oursPublished - 1} shown of ${inv.oursTotal} + final diagnostic ${inv.oursFinal ? 'present' : 'MISSING'}`
      : `${inv.oursPublished} shown of ${inv.oursTotal} (under the cap of ${maxProblems}: no final diagnostic expected)`,
  });
  if (big.heap) {
    out.push({ scenario: 'retained heap per open document', target: '≤ 2× file size', measured: `${big.heap.oursRatio.toFixed(2)}× at open, text not counted, like json-ls ${big.heap.jsonRatio.toFixed(2)}× (after 20 edits, any text copy counted: ${big.heap.oursAfterEditsRatio.toFixed(2)}×)`, ofLimit: big.heap.oursRatio / 2, pass: big.heap.oursRatio <= 2 });
  }
  if (big !== small) {
    const g = median(big, 'edit.ours') / median(small, 'edit.ours');
    out.push({ scenario: `edit time at ${big.requests} requests vs at ${small.requests}`, target: '≤ 2×', measured: `${fmtRatio(g)} (${fmtMs(median(big, 'edit.ours'))} vs ${fmtMs(median(small, 'edit.ours'))})`, ofLimit: g / 2, pass: g <= 2 });
    const gc = median(big, 'edit.ours.counted') / median(small, 'edit.ours.counted');
    out.push({ scenario: `edit + token totals at ${big.requests} requests vs at ${small.requests}`, target: '≤ 2×', measured: `${fmtRatio(gc)} (${fmtMs(median(big, 'edit.ours.counted'))} vs ${fmtMs(median(small, 'edit.ours.counted'))})`, ofLimit: gc / 2, pass: gc <= 2 });
  }
  return out;
}

export function targetTable(list: Target[], requests: number): string {
  return [
    `targets on the ${requests.toLocaleString('en-US')}-request file (ratios to vscode-json-languageservice, same run):`,
    table(list.map((t) => [t.scenario, t.target, t.measured, t.pass ? 'PASS' : `FAIL (${t.ofLimit.toFixed(1)}× the limit)`]), ['scenario', 'target', 'measured', 'result']),
  ].join('\n');
}

export function machineLine(m: Machine): string {
  return `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB.toFixed(1)} GB, ${m.platform}, node ${m.node}; load average at start ${m.loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${m.loadEnd.map((x) => x.toFixed(2)).join(' ')}`;
}
