// The analysis of a batch input (`.jsonl`, one request per line), kept up to date edit by edit.
// Lines are checked by the line engine (jsonlChecker.ts) in runs that start and end where it holds
// nothing open, so an edit re-checks only the few lines around it; each line's findings are kept.
// The rule across distant lines (a `custom_id` used before) is applied over every line's
// `custom_id`, again only when a touched line changed one or lines were added or removed.
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { Catalogue, bundledCatalogue } from '../../core/models/catalogue';
import { FindingsPage, Piece } from '../analysis/analysis';
import { Finding, shiftFinding } from '../analysis/findings';
import { MAX_BYTES, MAX_LINES } from '../analysis/inputLimits';
import { JsonlChecker } from '../analysis/jsonlChecker';
import { IdTable } from '../analysis/idTable';
import { customIdFacts } from '../analysis/items';
import { LocalInputRef } from '../analysis/top';
import { ModelContext, modelContext } from '../models/checks';
import { RuleHit, ruleFinding, rulesOf, unusedIds } from '../batch/rules';
import { DocumentAnalysis } from '../kinds/kind';
import { BatchSchemas } from '../schema/load';
import { BatchDocument, TextSource } from '../text/document';
import { FILE_CODES, LineState, checkRun, endsRun, lineContent } from './line';
import { inputSymbols } from './outline';

/** What the lines are checked against: the endpoint (and its body schema) and the job's model. */
export interface InputContext {
  endpoint: string | undefined;
  bodyUri: string | undefined;
  model: string | undefined;
}

/** A text with its lines: the server's document, or a string read into one. */
export interface LineSource extends TextSource {
  readonly lineCount: number;
  lineStart(line: number): number;
  lineAt(offset: number): number;
}

/** A whole-file finding: at a line, with offsets in it. */
interface FileFinding extends Finding {
  line: number;
}

export class JsonlAnalysis implements DocumentAnalysis {
  private source: LineSource;
  private length: number;
  private lines: LineState[] = [];
  /** Duplicate `custom_id` hits by line. */
  private duplicates = new Map<number, RuleHit[]>();
  private file: FileFinding[] = [];
  /** Errors, warnings and informations of the lines' own findings, kept as lines are replaced. */
  private own = { errors: 0, warnings: 0, informations: 0 };
  private page: { max: number; page: FindingsPage } | undefined;
  /** The job's model as the catalogue knows it: lines get the model checks `validate` gives them. */
  private model: ModelContext | undefined;

  constructor(private readonly schemas: BatchSchemas, text: LineSource | string, private context: InputContext, private catalogue: Catalogue = bundledCatalogue()) {
    this.source = lineSource(text);
    this.length = this.source.length;
    this.model = modelContext(catalogue, context.model);
    this.checkAll();
  }

  get job(): InputContext {
    return this.context;
  }

  get models(): Catalogue {
    return this.catalogue;
  }

  /** Known models, for completion and hover on a line's `model` and for the model checks of each body. */
  setCatalogue(catalogue: Catalogue): void {
    this.catalogue = catalogue;
    const model = modelContext(catalogue, this.context.model);
    if (sameModel(model, this.model)) return;
    this.model = model;
    this.page = undefined;
    this.checkAll();
  }

  /** The endpoint or model changed: every line is checked again. */
  setContext(context: InputContext): void {
    this.context = context;
    this.model = modelContext(this.catalogue, context.model);
    this.page = undefined;
    this.checkAll();
  }

  getText(): string {
    return this.source.getText();
  }

  textAround(start: number, end: number): string {
    return this.source.slice(start, end);
  }

  localInputs(): LocalInputRef[] {
    return [];
  }

  update(offset: number, length: number, text: TextSource | string): void {
    const source = lineSource(text);
    const delta = source.length - this.length;
    this.source = source;
    this.length = source.length;
    this.page = undefined;
    const oldCount = this.lines.length;
    const count = source.lineCount;
    // The lines the edit touched, one either side: a line break may join one next to it (`\r` + `\n`).
    let first = source.lineAt(Math.max(0, offset - 1));
    let last = Math.min(count - 1, source.lineAt(offset + length + delta) + 1);
    const lastOld = last - (count - oldCount);
    if (lastOld < first - 1 || lastOld >= oldCount) return this.checkAll();
    const { end, sameIds } = this.recheck(first, last);
    if (count !== oldCount) {
      // A pretty-printed object's error names its first line, which moved: say it anew.
      for (let i = end + 1; i < count; i++) {
        if (this.lines[i].findings.some((f) => f.code === 'multi-line')) i = this.recheck(i, i).end;
      }
    }
    if (!sameIds || count !== oldCount) this.setDuplicates();
    this.setFileFindings();
  }

  /**
   * Checks lines `first` to `last` of the new text again, widened to where the engine holds nothing
   * open; the lines after them are the old ones after the edit. Says where the run ended and whether
   * its `custom_id`s are the ones it replaced.
   */
  private recheck(first: number, last: number): { end: number; sameIds: boolean } {
    const count = this.source.lineCount;
    while (first > 0 && !endsRun(this.lineText(first - 1))) first--;
    while (last < count - 1 && !endsRun(this.lineText(last))) last++;
    const removed = this.lines.length - (count - 1 - last) - first;
    const fresh = checkRun(this.schemas, this.context, this.model, (n) => this.lineText(n), first, last, last === count - 1).states;
    const ids = (states: readonly LineState[]) => states.map((s) => s.customId ?? '\u0000none').join('\u0000');
    const sameIds = removed === fresh.length && ids(this.lines.slice(first, first + removed)) === ids(fresh);
    for (let i = first; i < first + removed; i++) tally(this.own, this.lines[i], -1);
    for (const state of fresh) tally(this.own, state, 1);
    if (fresh.length < 10000 && removed < 10000) this.lines.splice(first, removed, ...fresh);
    else this.lines = this.lines.slice(0, first).concat(fresh, this.lines.slice(first + removed));
    return { end: last, sameIds };
  }

  findings(maxProblems = Number.POSITIVE_INFINITY): FindingsPage {
    if (this.page?.max !== maxProblems) this.page = { max: maxProblems, page: this.collect(maxProblems) };
    return this.page.page;
  }

  counts(): { errors: number; warnings: number } {
    let errors = this.own.errors;
    let warnings = this.own.warnings;
    for (const f of this.file) if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    for (const hits of this.duplicates.values()) warnings += hits.length;
    return { errors, warnings };
  }

  /** Line `i`'s custom_id and where its value is in the line, for the results join; undefined without one. */
  lineRequest(i: number): { customId: string; idStart: number; idEnd: number } | undefined {
    const line = this.lines[i];
    return line?.customId === undefined ? undefined : { customId: line.customId, idStart: line.idStart, idEnd: line.idEnd };
  }

  outline(): DocumentSymbol[] {
    return inputSymbols(this);
  }

  /** The line around the offset, as the request it holds. */
  pieceAt(offset: number): Piece {
    const i = this.source.lineAt(offset);
    const start = this.source.lineStart(i);
    return { text: this.lineText(i), prefix: ['requests', i], toPiece: (o) => o - start, toDocument: (o) => o + start };
  }

  private checkAll(): void {
    const count = this.source.lineCount;
    const { states, duplicated } = checkRun(this.schemas, this.context, this.model, (n) => this.lineText(n), 0, count - 1, true);
    this.lines = states;
    this.own = { errors: 0, warnings: 0, informations: 0 };
    for (const state of this.lines) tally(this.own, state, 1);
    // The engine saw every line: with no duplicate there, the pass over every line's id finds none.
    if (duplicated) this.setDuplicates();
    else this.duplicates = new Map();
    this.setFileFindings();
  }

  /** The lines of the text, the empty one after a final line break included. */
  get lineCount(): number {
    return this.source.lineCount;
  }

  /** Line `i` without its line break. */
  lineText(i: number): string {
    const start = this.source.lineStart(i);
    const next = i + 1 < this.source.lineCount ? this.source.lineStart(i + 1) : this.length;
    return lineContent(this.source.slice(start, next));
  }

  /** The shared rule across requests, over each line's `custom_id`: only its duplicates (the engine gave the rest). */
  private setDuplicates(): void {
    const firstUse = new IdTable();
    // The ids the quick fixes may offer are looked for only when a duplicate needs one.
    let taken: Set<string> | undefined;
    const unused = unusedIds({ has: (id) => (taken ??= new Set(this.lines.flatMap((l) => (l.customId === undefined ? [] : [l.customId])))).has(id) });
    const duplicates = new Map<number, RuleHit[]>();
    this.lines.forEach((line, i) => {
      if (line.customId === undefined) return;
      const hits = rulesOf(customIdFacts(line.customId), i, firstUse, undefined, unused).filter((h) => h.kind === 'duplicate-custom-id');
      if (hits.length > 0) duplicates.set(i, hits);
    });
    this.duplicates = duplicates;
  }

  /** What the engine says about the whole file: empty, too many requests, too large. */
  private setFileFindings(): void {
    const count = this.lines.length;
    const allBlank = this.lines.every((l, i) => l.findings.length === 0 && l.customId === undefined && this.isBlank(i));
    // Only these can say something; the engine is then asked as the CLI asks it.
    const tooLarge = this.length * 3 > MAX_BYTES;
    if (!allBlank && !tooLarge && count <= MAX_LINES) {
      this.file = [];
      return;
    }
    const checker = new JsonlChecker(this.schemas, this.context.bodyUri, this.context.model);
    if (allBlank || count > MAX_LINES) for (let n = 0; n < count; n++) checker.line(this.lineText(n), n);
    const bytes = tooLarge ? Buffer.byteLength(this.source.getText()) : this.length;
    this.file = checker.finish({ bytes }).filter((f) => FILE_CODES.has(f.code)).map(({ related: _r, ...f }) => f);
  }

  private isBlank(i: number): boolean {
    return this.lineText(i).trim() === '';
  }

  private collect(max: number): FindingsPage {
    const { errors, warnings } = this.counts();
    const informations = this.own.informations;
    // Nothing to say: no walk over the lines (an edit of a clean 80,000-line input asks this each time).
    if (errors + warnings + informations === 0) return { shown: [], hidden: 0 };
    const shown: Finding[] = [];
    const push = (f: Finding) => {
      if (shown.length < max) shown.push(f);
    };
    const fileAt = (line: number) => this.file.filter((f) => f.line === line);
    // The lines with a duplicate, ascending (the map is filled in line order), walked alongside.
    const duplicated = [...this.duplicates.keys()];
    let next = 0;
    for (let i = 0; i < this.lines.length && shown.length < max; i++) {
      const own = this.lines[i].findings;
      const hits = duplicated[next] === i ? this.duplicates.get(duplicated[next++]) : undefined;
      const whole = this.file.length > 0 ? fileAt(i) : [];
      if (own.length === 0 && !hits && whole.length === 0) continue;
      const start = this.source.lineStart(i);
      const found: Finding[] = [...whole.map(({ line: _l, ...f }) => f), ...own];
      if (hits) found.push(...hits.map((h) => this.duplicateFinding(h, i)));
      found.sort((a, b) => a.start - b.start || a.end - b.end);
      for (const f of found) push(shiftFinding(f, start));
    }
    return { shown, hidden: errors + warnings + informations - shown.length };
  }

  private duplicateFinding(hit: RuleHit, i: number): Finding {
    const spanOf = (k: number) => ({ start: this.lines[k].idStart, end: this.lines[k].idEnd });
    return ruleFinding(hit, i, spanOf, (k) => this.source.lineStart(k), (k) => `line ${k + 1}`);
  }
}

/** Whether two catalogues say the same about the job's model, so the lines' model checks stand. */
function sameModel(a: ModelContext | undefined, b: ModelContext | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.severity === b.severity && JSON.stringify(a.model) === JSON.stringify(b.model));
}

function tally(counts: { errors: number; warnings: number; informations: number }, state: LineState, sign: 1 | -1): void {
  for (const f of state.findings) {
    if (f.severity === 'error') counts.errors += sign;
    else if (f.severity === 'warning') counts.warnings += sign;
    else counts.informations += sign;
  }
}

function lineSource(text: LineSource | TextSource | string): LineSource {
  if (typeof text === 'string') return new BatchDocument('', 0, text);
  if (isLineSource(text)) return text;
  return new BatchDocument('', 0, text.getText());
}

function isLineSource(text: TextSource): text is LineSource {
  return 'lineStart' in text && 'lineAt' in text;
}
