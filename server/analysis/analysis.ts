// The analysis of one batch document, kept up to date edit by edit. When the text has the usual
// shape (a root object with a `requests` array), each request is parsed and checked on its own, and
// an edit inside one request re-checks that request alone; other findings only move. Any other text
// is parsed and checked as a whole. Either way the findings equal those of a fresh analysis.
// Problems are located (given offsets) only when they are shown, so a file where every request is
// wrong costs little more than a valid one.
import { Node, findNodeAtLocation } from 'jsonc-parser';
import { Locator, locate, locateInText } from '../json/locate';
import { Span, singleValueKeys } from '../json/segment';
import { rescan } from './resegment';
import { ItemSpans } from './spans';
import { BatchSchemas } from '../schema/load';
import { JsonPath, JsonValue } from '../schema/types';
import { RuleHit, jobRules, ruleFinding } from '../batch/rules';
import { StringSource, TextSource } from '../text/document';
import { Finding, byPosition, shiftFinding } from './findings';
import { addProperty, removeProperty } from './fixes';
import { isObject } from '../schema/node';
import { ItemResult } from './items';
import { Layout, buildLayout, checkSlice, identity, reflag, replaceItem, setRules, skeletonMapper } from './layout';
import { parseJson, safeParseTree } from './parse';
import { LocalInputRef } from './top';
import { requestHash } from '../../core/results/join';
import { Catalogue, bundledCatalogue } from '../../core/models/catalogue';
import { jobModelFindings } from '../models/checks';

/** One request as the results join sees it. */
export interface RequestRef {
  customId: string | undefined;
  /** The custom_id's value; undefined without a string custom_id. */
  idSpan: Span | undefined;
  span: Span;
  /** Undefined when the request does not parse. */
  hash: string | undefined;
}

/**
 * The smallest self-contained piece of the text around an offset, for completion and hover:
 * one request, the job without its requests, or the whole text.
 */
export interface Piece {
  text: string;
  /** The piece's path within the document (`['requests', 7]` for one request). */
  prefix: JsonPath;
  toPiece(offset: number): number;
  toDocument(offset: number): number;
}

/** The requests' array and each request, as the scanner delimited them (document offsets). */
export interface RequestSpans {
  array: Span;
  requests: { start: number; end: number; customId: string | undefined }[];
}

export interface FindingsPage {
  /** Findings in document order, at most the requested number. */
  shown: Finding[];
  /** How many more there were. */
  hidden: number;
}

export class BatchAnalysis {
  private source: TextSource;
  private length: number;
  private layout: Layout;
  private page: { max: number; page: FindingsPage } | undefined;
  private readonly located = new WeakMap<ItemResult, Finding[]>();
  private readonly spans = new WeakMap<ItemResult, Map<string, Span>>();
  private readonly hashes = new WeakMap<ItemResult, string>();

  constructor(private readonly schemas: BatchSchemas, text: TextSource | string, private catalogue: Catalogue = bundledCatalogue()) {
    this.source = typeof text === 'string' ? new StringSource(text) : text;
    this.length = this.source.length;
    this.layout = buildLayout(this.schemas, this.catalogue, this.source.getText(), undefined);
  }

  getText(): string {
    return this.source.getText();
  }

  /** The text around an offset, without reading the whole text. */
  textAround(start: number, end: number): string {
    return this.source.slice(start, end);
  }

  /** The job's endpoint, its body schema and its model, as the job currently states them. */
  get job(): { endpoint: string | undefined; bodyUri: string | undefined; model: string | undefined } {
    const { top } = this.layout;
    return { endpoint: top.endpoint, bodyUri: top.bodyUri, model: top.job.model };
  }

  /** Applies one edit: `length` characters at `offset` were replaced, giving `text`. */
  update(offset: number, length: number, text: TextSource | string): void {
    const source = typeof text === 'string' ? new StringSource(text) : text;
    const delta = source.length - this.length;
    const old = this.layout;
    this.source = source;
    this.length = source.length;
    this.page = undefined;
    if (old.segments && (this.updateInPlace(old, old.segments, offset, length, delta) || this.updateRegion(old, old.segments, offset, length, delta))) return;
    this.layout = buildLayout(this.schemas, this.catalogue, this.source.getText(), { old, offset, length, delta });
  }

  /** The model catalogue the job is checked against. */
  get models(): Catalogue {
    return this.catalogue;
  }

  /** A new model catalogue: every request is checked again against it. */
  setCatalogue(catalogue: Catalogue): void {
    this.catalogue = catalogue;
    this.page = undefined;
    this.layout = buildLayout(this.schemas, this.catalogue, this.source.getText(), undefined);
  }

  findings(maxProblems = Number.POSITIVE_INFINITY): FindingsPage {
    if (this.page?.max !== maxProblems) this.page = { max: maxProblems, page: this.collect(maxProblems) };
    return this.page.page;
  }

  /** The `input_files` entries that are local paths, in document offsets. */
  localInputs(): LocalInputRef[] {
    const { top, topOffset } = this.layout;
    return top.localInputs.map((input) => ({ ...input, start: topOffset(input.start), end: topOffset(input.end) }));
  }

  /** How many inline requests there are. */
  requestCount(): number {
    return this.layout.items.length;
  }

  /** An object that stays the same while request `i`'s text and check are unchanged: a key to remember things by. */
  requestKey(i: number): object | undefined {
    return this.layout.items[i];
  }

  /** Request `i` parsed again from its text, for features asked about one request at a time (token counts). */
  requestValue(i: number): JsonValue | undefined {
    const { items, segments } = this.layout;
    if (!items[i]) return undefined;
    if (segments) return parseJson(this.source.slice(segments.items.start(i), segments.items.end(i))).value;
    const root = parseJson(this.source.getText()).value;
    return isObject(root) && Array.isArray(root.requests) ? root.requests[i] : undefined;
  }

  /** How many errors and warnings there are, without locating any of them. */
  counts(): { errors: number; warnings: number } {
    const { items, rules } = this.layout;
    let errors = 0;
    let warnings = 0;
    const count = (severity: Finding['severity']) => (severity === 'error' ? errors++ : severity === 'warning' ? warnings++ : 0);
    for (const f of this.topFindings()) count(f.severity);
    for (const item of items) {
      for (const f of item.syntax) count(f.severity);
      for (const f of item.repeated) count(f.severity);
      for (const p of item.problems) count(p.severity);
    }
    for (const hits of rules.values()) warnings += hits.length;
    return { errors, warnings };
  }

  /**
   * Each request's place in the text and its `custom_id`, for the CodeLenses that try one request.
   * Cheap in the usual shape (the spans are kept); whole mode locates each request in the parsed tree.
   */
  requests(): { index: number; start: number; end: number; customId: string | undefined }[] {
    const { segments, items, locate } = this.layout;
    return items.map((item, index) => {
      const span = segments ? { start: segments.items.start(index), end: segments.items.end(index) } : locate?.(['requests', index], 'value') ?? { start: 0, end: 0 };
      return { index, ...span, customId: item.customId };
    });
  }

  /** The findings that stop trying request `index` on its own: the job's and that request's, in document offsets. */
  requestFindings(index: number): Finding[] {
    if (index < 0 || index >= this.layout.items.length) return this.topFindings();
    const own = this.itemFindings(index).map((f) => shiftFinding(f, this.itemStart(index)));
    return [...this.topFindings(), ...own].sort(byPosition);
  }

  /** Request `i`'s custom_id, when it is a string: cheap, for finding a request by it. */
  requestId(i: number): string | undefined {
    return this.layout.items[i]?.customId;
  }

  /** The request whose text holds `offset`, or -1. */
  requestAt(offset: number): number {
    const { segments, items } = this.layout;
    if (segments) return segments.items.find(offset);
    for (let i = 0; i < items.length; i++) {
      const span = this.locatorOf(i)([], 'value');
      if (offset >= span.start && offset < span.end) return i;
    }
    return -1;
  }

  /** Request `i`'s custom_id, where its value is and the request's hash (see core/results), in document offsets. */
  requestRef(i: number): RequestRef {
    const item = this.layout.items[i];
    const start = this.itemStart(i);
    const id = item.customId === undefined ? undefined : this.spanInItem(i, ['custom_id'], 'value');
    const segments = this.layout.segments;
    const span = segments ? { start, end: segments.items.end(i) } : this.locatorOf(i)([], 'value');
    // Hashed only when asked: a hover or hint compares hashes only when the submission is known.
    const hashOfItem = (): string | undefined => {
      let hash = this.hashes.get(item);
      if (hash === undefined && item.syntax.length === 0) {
        hash = hashOf(this.source.slice(span.start, span.end));
        if (hash !== undefined) this.hashes.set(item, hash);
      }
      return hash;
    };
    return {
      customId: item.customId, idSpan: id && { start: start + id.start, end: start + id.end }, span,
      get hash() {
        return hashOfItem();
      },
    };
  }

  /**
   * The requests as the scanner delimited them (document offsets and custom_id), for the outline;
   * undefined when the text is read as a whole, which has no spans to offer.
   */
  requestSpans(): RequestSpans | undefined {
    const { segments, items } = this.layout;
    if (!segments) return undefined;
    const requests = items.map((item, i) => ({ start: segments.items.start(i), end: segments.items.end(i), customId: item.customId }));
    return { array: { ...segments.array }, requests };
  }

  /** The `requests` array in the job around the requests (a node of that piece's tree), and how the piece's offsets map to the document. */
  requestsInJob(): { array: Node; toDocument: (offset: number) => number } | undefined {
    const outer = this.pieceAt(0);
    const tree = safeParseTree(outer.text);
    const array = tree && findNodeAtLocation(tree, ['requests']);
    return array ? { array, toDocument: outer.toDocument } : undefined;
  }

  pieceAt(offset: number): Piece {
    const { segments } = this.layout;
    if (!segments) {
      const text = this.source.getText();
      return { text, prefix: [], toPiece: identity, toDocument: identity };
    }
    const { array, items } = segments;
    const i = items.find(offset);
    if (i >= 0) {
      const start = items.start(i);
      const end = items.end(i);
      return { text: this.source.slice(start, end), prefix: ['requests', i], toPiece: (o) => o - start, toDocument: (o) => o + start };
    }
    if (offset > array.start && offset < array.end) {
      // Between requests: an empty array stands for the list, so a new request can be completed.
      return { text: '[]', prefix: ['requests'], toPiece: () => 1, toDocument: () => offset };
    }
    const shift = array.end - array.start - 2;
    return {
      text: this.source.slice(0, array.start) + '[]' + this.source.slice(array.end, this.length),
      prefix: [],
      toPiece: (o) => (o >= array.end ? o - shift : o),
      toDocument: skeletonMapper(array.start, array.end),
    };
  }

  /** The edit stays inside one request and leaves it one balanced value: re-check it alone. */
  private updateInPlace(layout: Layout, segments: { array: Span; items: ItemSpans }, offset: number, length: number, delta: number): boolean {
    const items = segments.items;
    const i = items.find(offset);
    if (i < 0) return false;
    const start = items.start(i);
    if (!(offset > start && offset + length < items.end(i))) return false;
    // A damaged request before it ends where this one starts, which the edit may change (see segment.ts).
    if (i > 0 && layout.items[i - 1].syntax.length > 0) return false;
    const slice = this.source.slice(start, items.end(i) + delta);
    const keys = singleValueKeys(slice);
    if (keys < 0) return false;
    if (delta !== 0) {
      items.resize(i, delta);
      segments.array.end += delta;
      layout.topOffset = skeletonMapper(segments.array.start, segments.array.end);
    }
    if (replaceItem(layout, i, checkSlice(this.schemas, slice, i, layout.top.bodyUri, keys, layout.model))) setRules(layout);
    else reflag(layout, i);
    return true;
  }

  /**
   * A structural edit inside `requests`: the requests are scanned again only from before the edit
   * to the first one that starts where an old one did (see resegment.ts), and only those that
   * changed are checked. When their number changes, every later index moves: the full path.
   */
  private updateRegion(layout: Layout, segments: { array: Span; items: ItemSpans }, offset: number, length: number, delta: number): boolean {
    const { array, items } = segments;
    if (!(offset > array.start && offset + length < array.end)) return false;
    const found = rescan(this.source, array.start, array.end, items, offset, length, delta);
    if (!found || found.steps.length !== found.to - found.from) return false;
    const unchanged = found.steps.map((step, n) => step.span.end < offset && items.start(found.from + n) === step.span.start && items.end(found.from + n) === step.span.end);
    items.replace(found.from, found.steps.map((step) => step.span), delta);
    array.end += delta;
    layout.topOffset = skeletonMapper(array.start, array.end);
    let facts = false;
    const changed: number[] = [];
    found.steps.forEach((step, n) => {
      if (unchanged[n]) return;
      const i = found.from + n;
      facts = replaceItem(layout, i, checkSlice(this.schemas, this.source.slice(step.span.start, step.span.end), i, layout.top.bodyUri, step.keys, layout.model)) || facts;
      changed.push(i);
    });
    if (facts) setRules(layout);
    else for (const i of changed) reflag(layout, i);
    return true;
  }

  /** The job's own findings and its rules, in document offsets and order. */
  private topFindings(): Finding[] {
    const { top, topOffset, syntax } = this.layout;
    // Each place moves on its own: a related place may sit on the other side of the requests.
    const move = <T extends { start: number; end: number }>(r: T): T => ({ ...r, start: topOffset(r.start), end: topOffset(r.start) + r.end - r.start });
    const models = jobModelFindings({ model: top.job.model, modelSpan: top.job.modelSpan, endpoint: top.endpoint }, this.catalogue);
    return [...syntax, ...top.findings, ...jobRules(top.job), ...models]
      .map((f) => ({ ...move(f), related: f.related?.map(move) }))
      .sort(byPosition);
  }

  private collect(max: number): FindingsPage {
    const { items, segments, flagged, itemProblems, ruleCount } = this.layout;
    const top = this.topFindings();
    const total = top.length + itemProblems + ruleCount;
    if (!segments) {
      const all = [...top];
      for (let i = 0; i < items.length; i++) all.push(...this.itemFindings(i));
      all.sort(byPosition);
      return { shown: all.slice(0, max), hidden: Math.max(0, all.length - max) };
    }
    // Segmented: the job's findings before the array, the requests in order, the job's after it.
    const shown: Finding[] = [];
    const push = (f: Finding) => {
      if (shown.length < max) shown.push(f);
    };
    const arrayStart = segments.array.start;
    for (const f of top) if (f.start < arrayStart) push(f);
    for (let k = 0; k < flagged.length && shown.length < max; k++) {
      const i = flagged[k];
      for (const f of this.itemFindings(i)) push(shiftFinding(f, segments.items.start(i)));
    }
    for (const f of top) if (f.start >= arrayStart) push(f);
    return { shown, hidden: total - shown.length };
  }

  /** Item `i`'s findings, located, in order, relative to the item (absolute in whole mode). */
  private itemFindings(i: number): Finding[] {
    const item = this.layout.items[i];
    let own = this.located.get(item);
    if (!own) {
      own = [...item.syntax, ...item.repeated];
      if (item.problems.length > 0) {
        const find = this.locatorOf(i);
        for (const p of item.problems) {
          const path = p.path.slice(2);
          const finding: Finding = { ...find(path, p.on), severity: p.severity, message: p.message, code: p.keyword, suggestion: p.suggestion };
          const name = path[path.length - 1];
          if (p.removable && typeof name === 'string') finding.fix = removeProperty(this.itemText(i), find(path, 'key'), find(path, 'value'), name);
          if (p.missing !== undefined) finding.missing = { name: p.missing, path: p.path };
          own.push(finding);
        }
      }
      own.sort(byPosition);
      this.located.set(item, own);
    }
    const hits = this.layout.rules.get(i);
    if (!hits) return own;
    const spanOf = (index: number, path: JsonPath, on: 'key' | 'value') => this.spanInItem(index, path, on);
    const start = (index: number) => this.itemStart(index);
    return [...own, ...hits.map((h) => this.withFix(ruleFinding(h, i, spanOf, start), h, i))].sort(byPosition);
  }

  /** A request without custom_id gets one added; in whole mode offsets are not the request's, so no fix. */
  private withFix(finding: Finding, hit: RuleHit, i: number): Finding {
    if (hit.kind !== 'missing-custom-id' || !this.layout.segments) return finding;
    return { ...finding, fix: addProperty(this.itemText(i), 0, 'custom_id', JSON.stringify(hit.unused), `Add "custom_id": "${hit.unused}"`) };
  }

  /** The text item `i`'s finding offsets refer to: the request (segmented mode) or the whole document. */
  private itemText(i: number): string {
    const { segments } = this.layout;
    return segments ? this.source.slice(segments.items.start(i), segments.items.end(i)) : this.source.getText();
  }

  /** Where item `i`'s relative offsets start: its first character, or 0 in whole mode where they are absolute. */
  private itemStart(i: number): number {
    return this.layout.segments?.items.start(i) ?? 0;
  }

  /**
   * Finds spans for paths inside item `i` (relative to the item, absolute in whole mode). A request
   * that parsed cleanly is walked as text, which is much cheaper than building its tree.
   */
  private locatorOf(i: number): Locator {
    const { segments, locate: inDocument } = this.layout;
    if (!segments) return (path, on) => (inDocument ? inDocument(['requests', i, ...path], on) : { start: 0, end: 1 });
    const text = this.source.slice(segments.items.start(i), segments.items.end(i));
    if (this.layout.items[i].syntax.length === 0) return (path, on) => locateInText(text, path, on);
    const root = safeParseTree(text);
    return (path, on) => (root ? locate(root, path, on) : { start: 0, end: 1 });
  }

  /**
   * Spans for the batch rules, found on demand and remembered per item. Nothing keeps a slice of
   * the text: a slice would pin the whole version of the document it came from.
   */
  private spanInItem(index: number, path: JsonPath, on: 'key' | 'value'): Span {
    const item = this.layout.items[index];
    const key = `${on}\u0000${path.join('\u0000')}`;
    let memo = this.spans.get(item);
    if (!memo) this.spans.set(item, (memo = new Map()));
    let span = memo.get(key);
    if (!span) {
      span = this.locatorOf(index)(path, on);
      memo.set(key, span);
    }
    return span;
  }
}

/** The request's hash, or undefined for text JSON.parse refuses (comments are allowed in whole mode). */
function hashOf(text: string): string | undefined {
  try {
    return requestHash(JSON.parse(text));
  } catch {
    return undefined;
  }
}

