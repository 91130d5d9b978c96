// The rules of a `.jsonl` batch input, one line at a time. Each line is a request checked with the
// engine of inline requests; the rules that look across lines keep only what they need (the
// `custom_id`s seen, where each was first used, counts), never the file, so a checker fed from a
// stream holds the same memory for 1,000 lines as for 1,000,000. Runs of lines may be checked by
// fresh engines elsewhere (other threads) and adopted in order (`adopt`, parallelCheck.ts).
import { RuleHit, ruleFinding, rulesOf, unusedIds } from '../batch/rules';
import { Locator, locateInText } from '../json/locate';
import { skipSpace } from '../json/segment';
import type { ModelContext } from '../models/checks';
import { BatchSchemas } from '../schema/load';
import { isObject } from '../schema/node';
import { JsonPath, JsonValue, Severity } from '../schema/types';
import { byPosition, Finding, shiftFinding } from './findings';
import { IdTable } from './idTable';
import { checkItem, customIdFacts } from './items';
import { parseJson, Parsed, SECOND_VALUE_MESSAGE } from './parse';
import { keyCountBound, repeatedKeyFindings } from './repeated';
import { customIdSpan, depthChange, opensValue, startsRequest } from './jsonlLines';
import { MAX_LINES, MAX_BYTES, fileTooLarge, megabytes } from './inputLimits';
import { hasOpenAiKeys, openAiKeyFindings, withoutOpenAiKeys } from './openAiLines';

export type LineSeverity = Severity | 'information';

export interface LineRelated {
  line: number;
  start: number;
  end: number;
  message: string;
}

/** A finding in one line of the file: `start` and `end` count from that line's first character. */
export interface LineFinding extends Omit<Finding, 'severity' | 'related'> {
  severity: LineSeverity;
  /** 0-based line number. */
  line: number;
  related?: LineRelated[];
}

/** Why a line was not handed over as text (see `JsonlChecker.skipped`). */
export type SkippedLine = { kind: 'too-long'; bytes: number; limit: number } | { kind: 'not-utf8'; offset: number };

/** No findings: shared, never added to. */
const NONE: never[] = [];

/** A line that opened an object or array without closing it: the following lines decide what it was. */
export interface OpenLine {
  line: number;
  text: string;
  depth: number;
  /** Whether a later line continued it (a pretty-printed object) rather than a blank line alone. */
  continued: boolean;
}

/** What the engine holds after a line, waiting on the next ones; a fresh engine holds neither. */
export interface Pending {
  open: OpenLine | undefined;
  /** Blank lines since the last request, as a range [from, to]. */
  blank: { from: number; to: number } | undefined;
}

/** An engine's settings but its schemas: plain data, so another thread can build the same engine. */
export interface EngineConfig {
  bodyUri: string | undefined;
  jobModel: string | undefined;
  model: ModelContext | undefined;
  placed: number;
}

/**
 * Lines checked by an engine that started afresh, handed to the engine that saw every line before
 * them (`adopt`); plain data, so it crosses threads (parallelCheck.ts).
 */
export interface CheckedLines {
  /** Their findings but the duplicate `custom_id`s: only the engine that saw the earlier lines can tell those. */
  findings: LineFinding[];
  /** The lines read as a request with a string `custom_id`, in order: the line, the id, where its value is. */
  idLines: number[];
  ids: string[];
  idStarts: number[];
  idEnds: number[];
  requests: number;
  /** What the engine held after the last line. */
  pending: Pending;
}

/**
 * Feed `line` every line in order (0-based `n`, line ending removed), then `finish`. `line` returns
 * the findings this line settles: its own, and those of earlier lines whose meaning waited on it (a
 * blank line is only "in the middle" once a request follows; a line that opens an object is only
 * "pretty-printed over several lines" once the next lines continue it). Findings come out in line
 * order, each call's after the previous call's.
 */
export class JsonlChecker {
  private readonly endpoint: string | undefined;
  /** custom_id → slot of its first use; the slot's line and span are in the arrays below. */
  private readonly firstUse = new IdTable();
  // Ids the quick fixes offer: unused by the lines so far (a later line may still take one).
  private readonly unused = unusedIds(this.firstUse);
  private firstLine = new Uint32Array(1024);
  private firstStart = new Uint32Array(1024);
  private firstEnd = new Uint32Array(1024);
  private open: OpenLine | undefined;
  private blank: Pending['blank'];
  private requests = 0;
  private firstOverLimit: number | undefined;
  /** Findings handed out so far, for `placed`. */
  private emitted = 0;

  constructor(
    private readonly schemas: BatchSchemas,
    private readonly bodyUri: string | undefined,
    private readonly jobModel: string | undefined,
    /** The job's model as the catalogue knows it, for the per-request model checks. */
    private readonly model?: ModelContext,
    /**
     * How many findings are placed in the text (start, end, related places): a caller that shows the
     * first N and counts the rest passes N, and the rest come at offset 0 with the same messages.
     */
    private readonly placed = Number.POSITIVE_INFINITY,
  ) {
    this.endpoint = [...schemas.bodyUris].find(([, uri]) => uri === bodyUri)?.[0];
  }

  /**
   * Hears the `custom_id` of each line read as a request (the one JSON keeps, when repeated) and
   * where its value is in the line: what the editor's rule across lines works from.
   */
  onCustomId: ((n: number, customId: string, start: number, end: number) => void) | undefined;

  /** How many requests (non-blank lines outside a pretty-printed object) were seen so far. */
  get requestCount(): number {
    return this.requests;
  }

  /** How many findings were handed out so far. */
  get emittedCount(): number {
    return this.emitted;
  }

  /** What a fresh engine needs to check lines as this one does (see `adopt`). */
  get config(): EngineConfig {
    return { bodyUri: this.bodyUri, jobModel: this.jobModel, model: this.model, placed: this.placed };
  }

  get pending(): Pending {
    return { open: this.open, blank: this.blank };
  }

  /**
   * Takes over lines that follow those given so far, checked by a fresh engine: their findings, and
   * the rules across lines applied here (a `custom_id` used before, the ids the quick fixes offer),
   * as `line` would have given them. Undefined when that does not hold, and nothing is changed: this
   * engine holds something open (a fresh one would not), or the lines cross the limit of requests
   * (the first one over is not known); the caller then gives the lines to `line`.
   */
  adopt(lines: CheckedLines): LineFinding[] | undefined {
    if (this.open || this.blank || this.requests + lines.requests > MAX_LINES) return undefined;
    const { findings, idLines, ids, idStarts, idEnds } = lines;
    const out: LineFinding[] = [];
    let f = 0;
    // Findings before line `n`. A missing `custom_id` takes an id from the offers, as `rulesOf` does
    // here, so that the ids offered after it are those `line` would offer.
    const upTo = (n: number) => {
      for (; f < findings.length && findings[f].line < n; f++) {
        if (findings[f].code === 'missing-custom-id') this.unused('request-', this.firstUse.size + 1);
        out.push(findings[f]);
      }
    };
    for (let k = 0; k < ids.length; k++) {
      const n = idLines[k];
      upTo(n);
      const slot = this.firstUse.size;
      const span = { start: idStarts[k], end: idEnds[k] };
      const hits = rulesOf(customIdFacts(ids[k]), slot, this.firstUse, undefined, this.unused);
      if (this.firstUse.size > slot) this.remember(slot, n, span);
      this.onCustomId?.(n, ids[k], span.start, span.end);
      const placed = this.emitted + out.length < this.placed;
      const duplicate = this.ruleFindings(hits, slot, n, 0, placed ? () => span : unplaced);
      if (duplicate.length === 0) continue;
      // After the line's own findings, as `check` orders them before its stable sort.
      const own: LineFinding[] = [];
      for (; f < findings.length && findings[f].line === n; f++) own.push(findings[f]);
      out.push(...[...own, ...duplicate].sort(byPosition));
    }
    upTo(Number.POSITIVE_INFINITY);
    this.requests += lines.requests;
    this.open = lines.pending.open;
    this.blank = lines.pending.blank;
    this.emitted += out.length;
    return out;
  }

  line(text: string, n: number): LineFinding[] {
    const out = this.lineFindings(text, n);
    this.emitted += out.length;
    return out;
  }

  private lineFindings(text: string, n: number): LineFinding[] {
    if (isBlank(text)) {
      // Blank lines inside a pretty-printed object are part of it.
      if (this.open?.continued) return [];
      if (this.blank) this.blank.to = n;
      else this.blank = { from: n, to: n };
      return [];
    }
    const out: LineFinding[] = [];
    if (this.open && !this.blank) {
      const open = this.open;
      if (!startsRequest(text)) {
        open.continued = true;
        open.depth += depthChange(text);
        if (open.depth <= 0) {
          this.open = undefined;
          out.push(this.spreadOver(open));
        }
        return out;
      }
    }
    this.settleOpen(out);
    this.flushBlank(out);
    this.request(text, n, out);
    return out;
  }

  /**
   * A line the reader could not hand over as text: longer than it keeps, or not UTF-8. It counts as
   * a request, with one error that says why it was not checked.
   */
  skipped(n: number, why: SkippedLine): LineFinding[] {
    const out: LineFinding[] = [];
    this.settleOpen(out);
    this.flushBlank(out);
    this.count(n);
    out.push(why.kind === 'too-long'
      ? { line: n, start: 0, end: 1, severity: 'error', code: 'line-too-long', message: `this line is ${megabytes(why.bytes)} long, more than the ${megabytes(why.limit)} one request line is checked up to, so it was not checked; a request that large is better split into several` }
      : { line: n, start: why.offset, end: why.offset + 1, severity: 'error', code: 'not-utf8', message: 'this line is not UTF-8 text (binary data or another encoding); the API reads every line as UTF-8 JSON, so save the file as UTF-8' });
    this.emitted += out.length;
    return out;
  }

  /** The findings about the whole file, once every line was given; `bytes`: the file's size. */
  finish({ bytes }: { bytes: number }): LineFinding[] {
    const out: LineFinding[] = [];
    this.settleOpen(out);
    // Blank lines at the end are harmless: no request follows them.
    this.blank = undefined;
    if (this.requests === 0) {
      out.push({
        line: 0, start: 0, end: 0, severity: 'error', code: 'empty-input',
        message: bytes === 0 ? 'the file is empty: an input file holds one request per line' : 'the file holds no requests, only blank lines: an input file holds one request per line',
      });
    }
    if (this.firstOverLimit !== undefined) {
      out.push({
        line: this.firstOverLimit, start: 0, end: 1, severity: 'error', code: 'too-many-lines',
        message: `the file holds ${this.requests.toLocaleString('en-US')} requests, more than the ${MAX_LINES.toLocaleString('en-US')} one input file may hold; this is the first one over. Split it with "mistral-batch split FILE.jsonl --lines ${MAX_LINES}"`,
      });
    }
    if (bytes > MAX_BYTES) out.push(fileTooLarge(bytes));
    this.emitted += out.length;
    return out;
  }

  private count(n: number): void {
    this.requests++;
    if (this.requests === MAX_LINES + 1) this.firstOverLimit = n;
  }

  private flushBlank(out: LineFinding[]): void {
    if (!this.blank) return;
    for (let line = this.blank.from; line <= this.blank.to; line++) {
      out.push({ line, start: 0, end: 0, severity: 'warning', code: 'blank-line', message: 'blank line between requests: the API reads every line as a request, so remove it' });
    }
    this.blank = undefined;
  }

  /** An open line that nothing continued is checked as the one-line request it is. */
  private settleOpen(out: LineFinding[]): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    if (open.continued) {
      // Cut short by a new request or the end of the file: still one object over several lines.
      out.push(this.spreadOver(open));
      return;
    }
    const failed = parseJson(open.text.trimStart());
    this.check(open.text, open.line, out, failed.value, failed);
  }

  private spreadOver(open: OpenLine): LineFinding {
    const start = open.text.length - open.text.trimStart().length;
    const kind = open.text.charCodeAt(start) === 91 /* [ */ ? 'an array' : 'an object';
    return {
      line: open.line, start, end: open.text.trimEnd().length, severity: 'error', code: 'multi-line',
      message: `line ${open.line + 1} starts ${kind} that continues on the next lines; each line must hold one whole request`,
    };
  }

  private request(text: string, n: number, out: LineFinding[]): void {
    this.count(n);
    const request = text.trimStart();
    let value: JsonValue | undefined;
    try {
      // Most lines are valid: the native parser alone, with no tree and nothing else allocated.
      value = JSON.parse(request) as JsonValue;
    } catch {
      const failed = parseJson(request);
      // Only a line that is not valid JSON can open an object that later lines continue.
      const depth = opensValue(text);
      if (depth > 0) this.open = { line: n, text, depth, continued: false };
      else this.check(text, n, out, failed.value, failed);
      return;
    }
    this.check(text, n, out, value);
  }

  /**
   * One line as one request: the checks of an inline request, and the rules across lines. `failed`:
   * the error-tolerant parse of a line that is not valid JSON.
   */
  private check(line: string, n: number, out: LineFinding[], value: JsonValue | undefined, failed?: Parsed): void {
    // The request is read without the line's indentation, and its findings moved back by it.
    const text = line.trimStart();
    const indent = line.length - text.length;
    const syntax = failed?.syntax ?? NONE;
    if (syntax.length === 0 && !isObject(value)) {
      out.push({ line: n, start: indent, end: line.trimEnd().length, severity: 'error', code: 'not-object', message: `each line must hold one JSON object, a request with "custom_id" and "body"; this line holds ${kindOf(value)}` });
      return;
    }
    const object = isObject(value) ? value : undefined;
    const repeated = syntax.length > 0 ? NONE : repeatedKeyFindings(text, value, keyCountBound(text));
    const openAi = object !== undefined && hasOpenAiKeys(object);
    const item = checkItem(this.schemas, object && openAi ? withoutOpenAiKeys(object) : value, 0, this.bodyUri, syntax, repeated, this.model);
    // With no key given twice, the first `custom_id` is the one JSON.parse kept.
    const single = syntax.length === 0 && repeated.length === 0;
    const slot = this.firstUse.size;
    const hits = rulesOf(item, slot, this.firstUse, this.jobModel, this.unused);
    // Past the findings that will be shown, only what they are counts: none is placed in the text.
    const place = this.emitted + out.length < this.placed ? placer(text, failed, repeated.length === 0) : unplaced;
    const first = this.firstUse.size > slot;
    if (first || (this.onCustomId !== undefined && item.customId !== undefined)) {
      const span = (single ? customIdSpan(text) : undefined) ?? place(['custom_id'], 'value');
      if (first) this.remember(slot, n, { start: span.start + indent, end: span.end + indent });
      if (item.customId !== undefined) this.onCustomId?.(n, item.customId, span.start + indent, span.end + indent);
    }
    if (!openAi && single && item.problems.length === 0 && hits.length === 0) return;
    const spanOf = (path: JsonPath, on: 'key' | 'value') => {
      const span = place(path, on);
      return { start: span.start + indent, end: span.end + indent };
    };
    const mine: LineFinding[] = object && openAi ? openAiKeyFindings(object, spanOf, n, this.endpoint) : [];
    const at = (f: Finding): LineFinding => lineFinding(shiftFinding(f, indent), n);
    for (const f of item.syntax) {
      mine.push(at(f.message === SECOND_VALUE_MESSAGE ? { ...f, message: 'a second value starts here: each line must hold exactly one request, so put it on its own line' } : f));
    }
    for (const f of item.repeated) mine.push(at(f));
    for (const p of item.problems) {
      const span = spanOf(p.path.slice(2), p.on);
      mine.push({ start: span.start, end: span.end, line: n, severity: p.severity, message: p.message, code: p.keyword, suggestion: p.suggestion });
    }
    for (const f of this.ruleFindings(hits, slot, n, indent, place)) mine.push(f);
    out.push(...mine.sort(byPosition));
  }

  /** The findings of the rules that fired on the line at `slot`; `place` places a path in the line without its indentation. */
  private ruleFindings(hits: RuleHit[], slot: number, n: number, indent: number, place: Place): LineFinding[] {
    if (hits.length === 0) return NONE;
    const out: LineFinding[] = [];
    const stored = (i: number) => ({ start: this.firstStart[i], end: this.firstEnd[i] });
    for (const hit of hits) {
      const f = shiftFinding(ruleFinding(hit, slot, (i, path, on) => (i === slot ? place(path, on) : stored(i)), () => 0, (i) => `line ${this.firstLine[i] + 1}`), indent);
      const related = hit.kind === 'duplicate-custom-id'
        ? [{ line: this.firstLine[hit.first], ...stored(hit.first), message: `first use of "${hit.customId}"` }]
        : undefined;
      out.push({ ...lineFinding(f, n), related });
    }
    return out;
  }

  private remember(slot: number, line: number, span: { start: number; end: number }): void {
    if (slot >= this.firstLine.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.firstLine = grow(this.firstLine);
      this.firstStart = grow(this.firstStart);
      this.firstEnd = grow(this.firstEnd);
    }
    this.firstLine[slot] = line;
    this.firstStart[slot] = span.start;
    this.firstEnd[slot] = span.end;
  }

}

type Place = (path: JsonPath, on: 'key' | 'value') => { start: number; end: number };

/** Places paths in a request's text: over the text itself when it is valid JSON (no tree), else in the tolerant parse's tree. */
function placer(text: string, failed: Parsed | undefined, noRepeats: boolean): Place {
  let locator: Locator | undefined | null = null;
  return (path, on) => {
    // Stopping at the first key when none repeats.
    if (locator === null) locator = failed ? failed.locator() : (p, o) => locateInText(text, p, o, noRepeats);
    return locator?.(path, on) ?? { start: 0, end: 1 };
  };
}

const unplaced: Place = () => ({ start: 0, end: 0 });

/**
 * A finding of line `n`, its related places on the same line. Built field by field: object spread
 * over findings of several shapes was the costliest step of checking a file of invalid lines.
 */
function lineFinding(f: Finding, n: number): LineFinding {
  return {
    start: f.start, end: f.end, line: n, severity: f.severity, message: f.message, code: f.code, suggestion: f.suggestion,
    related: f.related?.map((r) => ({ start: r.start, end: r.end, message: r.message, line: n })),
  };
}

function isBlank(text: string): boolean {
  return skipSpace(text, 0) >= text.length;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'a boolean';
}


