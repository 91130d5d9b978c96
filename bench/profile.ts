// Where our time goes, step by step, on one scenario: `node --expose-gc out/bench/profile.js <scenario> [requests] [runs]`
// with scenario one of open | invalid | edit | invalid-edit. Prints medians of the server's steps and
// of the building blocks on the same text (what each would cost on its own). For a function-level
// view: `node --cpu-prof --cpu-prof-dir=<dir> out/bench/profile.js <scenario> 10000 20 --cpu` (`--cpu`: the
// server's steps only, no forced collections), then `node out/bench/cpuprofile.js <dir>`.
import { parseTree } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ITEM_SCHEMA_URI } from '../server/analysis/items';
import { PARSE_OPTIONS, parseJson } from '../server/analysis/parse';
import { segment } from '../server/json/segment';
import { batchSchemas } from '../server/schema/load';
import { JsonValue } from '../server/schema/types';
import { generateBatch, spotsIn } from './generate';
import { collectGarbage, stats } from './measure';
import { table } from './report';
import { Ours, OursTimings } from './subjects';

const MAX = 1000;
const URI = 'file:///bench/profile.batch.json';

type Steps = Record<string, number>;

function timed<T>(steps: Steps, name: string, work: () => T, gc = false): T {
  if (gc) collectGarbage();
  const t0 = performance.now();
  const value = work();
  steps[name] = (steps[name] ?? 0) + performance.now() - t0;
  return value;
}

function summarise(samples: Steps[]): string {
  const names = Object.keys(samples[0] ?? {});
  return table(names.map((n) => {
    const s = stats(samples.map((x) => x[n]));
    return [n, `${s.median.toFixed(2)} ms`, `${s.min.toFixed(2)}–${s.max.toFixed(2)}`];
  }), ['step', 'median', 'min–max']);
}

/** The building blocks of a full check of `text`, each timed over all requests, garbage collected before each. */
function blocks(text: string): Steps {
  const steps: Steps = {};
  const schemas = batchSchemas();
  const t = <T>(name: string, work: () => T): T => timed(steps, name, work, true);
  const segments = t('segment (scan for request spans)', () => segment(text));
  if (!segments) throw new Error('profile: the text does not segment');
  const slices = t('slice every request', () => segments.items.map((s) => text.slice(s.start, s.end)));
  const values = t('JSON.parse every request', () => slices.map((s) => JSON.parse(s) as JsonValue));
  t('parseJson every request (nesting scan + JSON.parse)', () => {
    for (const s of slices) parseJson(s);
  });
  const body = schemas.bodyUris.get('/v1/chat/completions');
  if (!body) throw new Error('profile: no chat body schema');
  const item = schemas.validator(ITEM_SCHEMA_URI);
  const bodyValidator = schemas.validator(body);
  let invalid = 0;
  t('isValid every request (item + body)', () => {
    for (const v of values) if (!(item.isValid(v) && bodyValidator.isValid((v as { body: JsonValue }).body))) invalid++;
  });
  let problems = 0;
  t('validate every request (item + body, messages)', () => values.forEach((v, i) => {
    problems += item.validate(v, ['requests', i]).length + bodyValidator.validate((v as { body: JsonValue }).body, ['requests', i, 'body']).length;
  }));
  t('jsonc parseTree every request (for positions)', () => {
    for (const s of slices) parseTree(s, [], PARSE_OPTIONS);
  });
  t('JSON.parse whole text (floor)', () => JSON.parse(text) as unknown);
  const doc = TextDocument.create(URI, 'mistral-batch', 1, text);
  t('line offsets, vscode-languageserver-textdocument (first positionAt)', () => doc.positionAt(text.length >> 1));
  t('line starts by indexOf (for comparison)', () => {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  });
  // One string per version: an edit builds a rope of the old text, and the first slice of it copies it flat.
  const mid = text.length >> 1;
  const rope = text.slice(0, mid) + 'x' + text.slice(mid);
  t('flatten a one-character edit of the whole text (one string per version)', () => rope.slice(mid - 300, mid + 300));
  steps[`(invalid requests: ${invalid}, problems: ${problems})`] = 0;
  return steps;
}

function openSteps(ours: Ours, text: string): Steps {
  const t: OursTimings = { update: 0, findings: 0, diagnostics: 0 };
  ours.open(URI, text, t);
  ours.close(URI);
  return { 'didOpen (document + analysis: segment, parse, validate, locate)': t.update, 'findings (collect, rules, sort)': t.findings, 'toDiagnostics (positions)': t.diagnostics };
}

function editSteps(ours: Ours, round: number, at: number): Steps {
  const t: OursTimings = { update: 0, findings: 0, diagnostics: 0 };
  ours.edit(URI, round % 2 === 0 ? { offset: at, length: 0, text: 'x' } : { offset: at, length: 1, text: '' }, t);
  return { 'didChange (document edit + analysis.update)': t.update, 'findings (collect, rules, sort)': t.findings, 'toDiagnostics (positions)': t.diagnostics };
}

function main(): void {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const cpu = process.argv.includes('--cpu');
  const scenario = args[0] ?? 'edit';
  const requests = Number(args[1] ?? 10000);
  const runs = Number(args[2] ?? (scenario.includes('edit') ? 41 : 7));
  const gc = cpu ? () => undefined : collectGarbage;
  const invalid = scenario.startsWith('invalid');
  const text = generateBatch(requests, { invalid });
  process.stdout.write(`profile: ${scenario}, ${requests} requests (${(text.length / 1e6).toFixed(2)} MB), median of ${runs} after 2 warm-up\n`);
  const samples: Steps[] = [];
  if (scenario === 'open' || scenario === 'invalid') {
    const ours = new Ours(MAX);
    for (let r = 0; r < runs + 2; r++) {
      gc();
      const s = openSteps(ours, text);
      if (r >= 2) samples.push(s);
    }
    process.stdout.write(`${summarise(samples)}\n`);
    if (cpu) return;
    process.stdout.write('\nbuilding blocks on the same text:\n');
    const parts: Steps[] = [];
    for (let r = 0; r < 5; r++) parts.push(blocks(text));
    process.stdout.write(`${summarise(parts)}\n`);
  } else if (scenario === 'edit' || scenario === 'invalid-edit') {
    const at = spotsIn(text, requests >> 1).edit;
    const ours = new Ours(MAX);
    ours.open(URI, text);
    for (let r = 0; r < runs + 2; r++) {
      gc();
      const s = editSteps(ours, r, at);
      if (r >= 2) samples.push(s);
    }
    process.stdout.write(`${summarise(samples)}\n`);
  } else {
    throw new Error(`profile: unknown scenario ${scenario} (open | invalid | edit | invalid-edit)`);
  }
}

main();
