// The in-process scenarios at one size: open, one-character edit, completion right after an edit,
// hover and the all-invalid file, for ours, vscode-json-languageservice and Ajv (heap: see heap.ts).
import { Diagnostic } from 'vscode-languageserver-types';
import { Edit, Ours, JsonService, AjvFloor, applyEdit } from './subjects';
import { INVALID_KINDS, generateBatch, spotsIn, Spots } from './generate';
import { Plan, Stats, interleave, time, timeAsync } from './measure';
import { tokenizerLoaded } from '../core/tokens/tekken';
import type { HeapResult } from './heap';

export interface SizeResult {
  requests: number;
  bytes: number;
  invalidBytes: number;
  plan: Plan;
  /** Median times in ms, by `scenario.subject` (e.g. `open.ours`, `edit.json`, `edit.ours.update`). */
  times: Record<string, Stats>;
  invalid: InvalidCounts;
  /** Measured in a separate process (see heap.ts), on the largest size only. */
  heap?: HeapResult;
  completionItems: { ours: number; json: number };
  hoverFound: { ours: boolean; json: boolean };
  /** The first count of the file's prompt tokens in this process (vocabulary loaded then, if not yet), and its total. */
  coldCount: { ms: number; promptTokens: number; tokenizerLoadedBefore: boolean };
  /** Scenarios in which vscode-json-languageservice threw (its time is then the time to the throw). */
  jsonFailures: Record<string, string>;
}

export interface InvalidCounts {
  /** Diagnostics ours publishes (capped), including the final "more not shown" one. */
  oursPublished: number;
  /** Problems ours found in all: shown plus the count the final diagnostic names. */
  oursTotal: number;
  oursFinal: string | undefined;
  json: number;
  /** Body-level diagnostics of the JSON service, by kind of planted problem: proof it validates bodies. */
  jsonBodyLevel: number;
  ajvAllErrors: number;
  ajvFirstError: number;
}

export interface Subjects {
  ours: Ours;
  json: JsonService;
  ajv: AjvFloor;
  ajvAll: AjvFloor;
}

export function makeSubjects(maxProblems: number, shippedSchemaForJson = false): Subjects {
  return { ours: new Ours(maxProblems), json: new JsonService(shippedSchemaForJson), ajv: new AjvFloor(false), ajvAll: new AjvFloor(true) };
}

const URI = 'file:///bench/requests.batch.json';

/** Alternately types `x` at the edit spot and deletes it again, so the text stays the same size. */
function editFor(round: number, spots: Spots): Edit {
  return round % 2 === 0 ? { offset: spots.edit, length: 0, text: 'x' } : { offset: spots.edit, length: 1, text: '' };
}

function assertNoProblems(what: string, diagnostics: Diagnostic[] | number): void {
  const n = typeof diagnostics === 'number' ? diagnostics : diagnostics.length;
  if (n !== 0) {
    const first = typeof diagnostics === 'number' ? '' : `: ${diagnostics[0].message}`;
    throw new Error(`bench: ${what} reports ${n} problem(s) on the valid input${first}`);
  }
}

export async function runSize(s: Subjects, requests: number, plan: Plan, options: { log: (m: string) => void }): Promise<SizeResult> {
  const { ours, json, ajv, ajvAll } = s;
  const log = options.log;
  const text = generateBatch(requests);
  const invalidText = generateBatch(requests, { invalid: true });
  const spots = spotsIn(text, requests >> 1);
  const times: Record<string, Stats> = {};
  const put = (prefix: string, r: Record<string, Stats>) => {
    for (const [k, v] of Object.entries(r)) times[`${prefix}.${k}`] = v;
  };

  // 0. The first count of this file's tokens: what the CodeLens costs once, on first use.
  ours.open(URI, text);
  const tokenizerLoadedBefore = tokenizerLoaded();
  const [firstCount, coldMs] = await timeAsync(() => ours.tokens(URI));
  const coldCount = { ms: coldMs, promptTokens: firstCount?.prompt ?? 0, tokenizerLoadedBefore };
  ours.close(URI);

  // 1. Open → first full diagnostics; `ours.counted` also counts the job's tokens (the CodeLens).
  log(`  ${requests}: open`);
  put('open', await interleave({
    ours: async () => {
      const t0 = performance.now();
      assertNoProblems('ours', ours.open(URI, text));
      const t1 = performance.now();
      await ours.tokens(URI);
      const t2 = performance.now();
      ours.close(URI);
      const t3 = performance.now();
      return { ours: t1 - t0 + (t3 - t2), 'ours.counted': t3 - t0 };
    },
    json: async () => {
      assertNoProblems('vscode-json-languageservice', await json.open(URI, text));
      json.close(URI);
    },
    ajv: () => assertNoProblems('ajv', ajv.check(text)),
    ajvAll: () => assertNoProblems('ajv (allErrors)', ajvAll.check(text)),
  }, plan));

  // 2. One-character edit in the middle request → updated diagnostics.
  log(`  ${requests}: edit`);
  ours.open(URI, text);
  await json.open(URI, text);
  let ajvText = text;
  put('edit', await interleave({
    ours: async (round) => {
      const t = { update: 0, findings: 0, diagnostics: 0 };
      assertNoProblems('ours after an edit', ours.edit(URI, editFor(round, spots), t));
      const [, counting] = await timeAsync(() => ours.tokens(URI));
      // The range is built by the client; the server's work is these three steps (and the totals, counted).
      const total = t.update + t.findings + t.diagnostics;
      return { ours: total, 'ours.counted': total + counting, 'ours.update': t.update, 'ours.findings': t.findings, 'ours.diagnostics': t.diagnostics };
    },
    json: async (round) => assertNoProblems('vscode-json-languageservice after an edit', await json.edit(URI, editFor(round, spots))),
    ajv: (round) => {
      ajvText = applyEdit(ajvText, editFor(round, spots));
      assertNoProblems('ajv after an edit', ajv.check(ajvText));
    },
  }, plan));
  if (ours.entry(URI).doc.getText() !== json.entry(URI).doc.getText()) throw new Error('bench: ours and the JSON service diverged');

  // 2b. A structural edit: the middle request's closing `}` deleted, then typed again.
  log(`  ${requests}: structural edit`);
  // The edits above may have left a character typed: the spot is found in the text as it is now.
  const current = ours.entry(URI).doc.getText();
  const closing = spotsIn(current, requests >> 1).closing;
  const structural = (round: number): Edit => (round % 2 === 0 ? { offset: closing, length: 1, text: '' } : { offset: closing, length: 0, text: '}' });
  let rounds = 0;
  put('structural', await interleave({
    ours: (round) => {
      const t = { update: 0, findings: 0, diagnostics: 0 };
      const d = ours.edit(URI, structural(round), t);
      rounds++;
      if (round % 2 === 0 ? d.length === 0 : d.length > 0) throw new Error(`bench: the structural edit gave ${d.length} problem(s)`);
      return { ours: t.update + t.findings + t.diagnostics };
    },
  }, plan));
  if (rounds % 2 === 1) ours.applyOnly(URI, structural(1));
  if (ours.entry(URI).doc.getText() !== current) throw new Error('bench: the structural edit was not undone');

  // 3. Completion inside the body right after an edit; 4. hover.
  log(`  ${requests}: completion, hover`);
  const completionItems = { ours: 0, json: 0 };
  const jsonFailures: Record<string, string> = {};
  // VS Code's JSON server runs these through runSafeAsync: an exception becomes an empty answer.
  const failed = (scenario: string) => (e: unknown) => {
    jsonFailures[scenario] = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return null;
  };
  put('completion', await interleave({
    ours: (round) => {
      const [, apply] = time(() => ours.applyOnly(URI, editFor(round, spots)));
      const [items, complete] = time(() => ours.complete(URI, spots.completion));
      completionItems.ours = items.length;
      return { ours: complete, 'ours.withEdit': apply + complete };
    },
    json: async (round) => {
      const [, apply] = time(() => json.applyOnly(URI, editFor(round, spots)));
      const [list, complete] = await timeAsync(() => json.complete(URI, spots.completion).catch(failed('completion')));
      completionItems.json = list?.items.length ?? 0;
      return { json: complete, 'json.withEdit': apply + complete };
    },
  }, plan));
  const hoverFound = { ours: false, json: false };
  put('hover', await interleave({
    ours: () => {
      hoverFound.ours = ours.hover(URI, spots.hover) !== null;
    },
    json: async () => {
      hoverFound.json = (await json.hover(URI, spots.hover).catch(failed('hover'))) !== null;
    },
  }, plan));
  ours.close(URI);
  json.close(URI);

  // 5. Every request invalid: open, and an edit on it.
  log(`  ${requests}: all-invalid`);
  const invalid: InvalidCounts = { oursPublished: 0, oursTotal: 0, oursFinal: undefined, json: 0, jsonBodyLevel: 0, ajvAllErrors: 0, ajvFirstError: 0 };
  put('invalid', await interleave({
    ours: () => {
      const d = ours.open(URI, invalidText);
      ours.close(URI);
      invalid.oursPublished = d.length;
      const last = d[d.length - 1];
      const hidden = last?.code === 'too-many-problems' ? Number(/^(\d+) more/.exec(last.message)?.[1] ?? 0) : 0;
      invalid.oursFinal = last?.code === 'too-many-problems' ? last.message : undefined;
      invalid.oursTotal = d.length - (hidden > 0 ? 1 : 0) + hidden;
    },
    json: async () => {
      const d = await json.open(URI, invalidText);
      json.close(URI);
      invalid.json = d.length;
      invalid.jsonBodyLevel = d.filter((x) => /Valid values: "system"|above the maximum of 1\.5|below the minimum of 0|Property temprature is not allowed/.test(x.message)).length;
    },
    ajv: () => {
      invalid.ajvFirstError = ajv.check(invalidText);
    },
    ajvAll: () => {
      invalid.ajvAllErrors = ajvAll.check(invalidText);
    },
  }, plan));
  if (invalid.jsonBodyLevel < requests) {
    throw new Error(`bench: vscode-json-languageservice reported ${invalid.jsonBodyLevel} body-level problems for ${requests} broken requests (${INVALID_KINDS.join(', ')}): it is not validating bodies, the comparison would be unfair`);
  }
  if (invalid.oursTotal < requests) throw new Error(`bench: ours found ${invalid.oursTotal} problems for ${requests} broken requests`);

  const invalidSpots = spotsIn(invalidText, requests >> 1);
  ours.open(URI, invalidText);
  await json.open(URI, invalidText);
  put('invalidEdit', await interleave({
    ours: (round) => {
      const t = { update: 0, findings: 0, diagnostics: 0 };
      ours.edit(URI, editFor(round, invalidSpots), t);
      return { ours: t.update + t.findings + t.diagnostics, 'ours.update': t.update, 'ours.findings': t.findings, 'ours.diagnostics': t.diagnostics };
    },
    json: async (round) => {
      await json.edit(URI, editFor(round, invalidSpots));
    },
  }, plan));
  ours.close(URI);
  json.close(URI);

  return { requests, bytes: text.length, invalidBytes: invalidText.length, plan, times, invalid, completionItems, hoverFound, coldCount, jsonFailures };
}
