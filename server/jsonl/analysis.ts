// The analysis of a batch input (`.jsonl`, one request per line), kept up to date edit by edit.
// Each line's check is kept; an edit re-checks only the lines it touches, and the rules across
// lines (duplicate or missing custom_id, the job's model) are recomputed only when a touched line
// changed what they look at, or lines were added or removed. Problems are located only when shown.
import { FindingsPage, Piece } from '../analysis/analysis';
import { Finding, byPosition, shiftFinding } from '../analysis/findings';
import { ItemResult, sameRuleFacts } from '../analysis/items';
import { LocalInputRef } from '../analysis/top';
import { RuleHit, requestRules, ruleFinding } from '../batch/rules';
import { DocumentAnalysis } from '../kinds/kind';
import { BatchSchemas } from '../schema/load';
import { JsonPath } from '../schema/types';
import { BatchDocument, TextSource } from '../text/document';
import { LineCheck, checkLine, lineContent, ownFindings, requestLocator } from './line';

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

/** A blank line: no request, so no rule across lines fires for it. */
const BLANK: ItemResult = { index: -1, bodyUri: undefined, syntax: [], repeated: [], problems: [], isObject: false, hasCustomId: false, customId: undefined, bodyModel: undefined };

export class JsonlAnalysis implements DocumentAnalysis {
  private source: LineSource;
  private length: number;
  private lines: (LineCheck | undefined)[] = [];
  private rules = new Map<number, RuleHit[]>();
  private page: { max: number; page: FindingsPage } | undefined;
  private readonly located = new WeakMap<ItemResult, Finding[]>();

  constructor(private readonly schemas: BatchSchemas, text: LineSource | string, private context: InputContext) {
    this.source = lineSource(text);
    this.length = this.source.length;
    this.checkAll();
  }

  get job(): InputContext {
    return this.context;
  }

  /** The endpoint or model changed: every line is checked again when the body schema did. */
  setContext(context: InputContext): void {
    const before = this.context;
    this.context = context;
    this.page = undefined;
    if (before.bodyUri !== context.bodyUri) this.checkAll();
    else if (before.model !== context.model) this.setRules();
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
    const newCount = source.lineCount;
    // One line either side too: a line break may join with one next to the edit (`\r` + `\n`).
    const first = source.lineAt(Math.max(0, offset - 1));
    const lastNew = Math.min(newCount - 1, source.lineAt(offset + length + delta) + 1);
    const lastOld = lastNew - (newCount - oldCount);
    if (lastOld < first - 1 || lastOld >= oldCount) return this.checkAll();
    const fresh: (LineCheck | undefined)[] = [];
    for (let i = first; i <= lastNew; i++) fresh.push(this.checkAt(i));
    const replaced = this.lines.slice(first, lastOld + 1);
    if (fresh.length < 10000) this.lines.splice(first, replaced.length, ...fresh);
    else this.lines = this.lines.slice(0, first).concat(fresh, this.lines.slice(lastOld + 1));
    if (newCount !== oldCount) {
      // A request's own message names its line when the problem is the whole request: those moved.
      for (let i = lastNew + 1; i < newCount; i++) {
        if (this.lines[i]?.item.problems.some((p) => p.path.length <= 2)) this.lines[i] = this.checkAt(i);
      }
    }
    const sameFacts = newCount === oldCount && fresh.every((l, k) => sameRuleFacts(l?.item ?? BLANK, replaced[k]?.item ?? BLANK));
    if (!sameFacts) this.setRules();
  }

  findings(maxProblems = Number.POSITIVE_INFINITY): FindingsPage {
    if (this.page?.max !== maxProblems) this.page = { max: maxProblems, page: this.collect(maxProblems) };
    return this.page.page;
  }

  counts(): { errors: number; warnings: number } {
    let errors = 0;
    let warnings = 0;
    const count = (severity: 'error' | 'warning') => (severity === 'error' ? errors++ : warnings++);
    for (const line of this.lines) {
      if (!line) continue;
      for (const f of line.item.syntax) count(f.severity);
      for (const f of line.item.repeated) count(f.severity);
      for (const p of line.item.problems) count(p.severity);
    }
    for (const hits of this.rules.values()) warnings += hits.length;
    return { errors, warnings };
  }

  /** The line around the offset, as the request it holds. */
  pieceAt(offset: number): Piece {
    const i = this.source.lineAt(offset);
    const start = this.source.lineStart(i);
    return { text: this.contentOf(i), prefix: ['requests', i], toPiece: (o) => o - start, toDocument: (o) => o + start };
  }

  private checkAll(): void {
    const count = this.source.lineCount;
    const lines = new Array<LineCheck | undefined>(count);
    for (let i = 0; i < count; i++) lines[i] = this.checkAt(i);
    this.lines = lines;
    this.setRules();
  }

  private checkAt(i: number): LineCheck | undefined {
    return checkLine(this.schemas, this.contentOf(i), i, this.context.bodyUri);
  }

  private contentOf(i: number): string {
    const start = this.source.lineStart(i);
    const next = i + 1 < this.source.lineCount ? this.source.lineStart(i + 1) : this.length;
    return lineContent(this.source.slice(start, next));
  }

  /** The request on line `i`: the line from its indentation on. */
  private requestOf(i: number): string {
    return this.contentOf(i).slice(this.lines[i]?.indent ?? 0);
  }

  private originOf(i: number): number {
    return this.source.lineStart(i) + (this.lines[i]?.indent ?? 0);
  }

  private setRules(): void {
    this.rules = requestRules(this.lines.map((l) => l?.item ?? BLANK), this.context.model);
  }

  private collect(max: number): FindingsPage {
    const { errors, warnings } = this.counts();
    const shown: Finding[] = [];
    for (let i = 0; i < this.lines.length && shown.length < max; i++) {
      const line = this.lines[i];
      if (!line || (problemCount(line.item) === 0 && !this.rules.has(i))) continue;
      const origin = this.originOf(i);
      for (const f of this.lineFindings(i, line)) {
        if (shown.length < max) shown.push(shiftFinding(f, origin));
      }
    }
    return { shown, hidden: errors + warnings - shown.length };
  }

  /** Line `i`'s findings in order, relative to its request. */
  private lineFindings(i: number, line: LineCheck): Finding[] {
    let own = this.located.get(line.item);
    if (!own) {
      own = ownFindings(this.requestOf(i), line.item).sort(byPosition);
      this.located.set(line.item, own);
    }
    const hits = this.rules.get(i);
    if (!hits) return own;
    const spanOf = (index: number, path: JsonPath, on: 'key' | 'value') => {
      const item = this.lines[index]?.item;
      return item ? requestLocator(this.requestOf(index), item)(path, on) : { start: 0, end: 1 };
    };
    const found = hits.map((h) => ruleFinding(h, i, spanOf, (k) => this.originOf(k), (k) => `line ${k + 1}`));
    return [...own, ...found].sort(byPosition);
  }
}

function problemCount(item: ItemResult): number {
  return item.syntax.length + item.repeated.length + item.problems.length;
}

function lineSource(text: LineSource | TextSource | string): LineSource {
  if (typeof text === 'string') return new BatchDocument('', 0, text);
  if ('lineStart' in text) return text as LineSource;
  return new BatchDocument('', 0, text.getText());
}
