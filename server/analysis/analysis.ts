// The analysis of one batch document, kept up to date edit by edit. When the text has the usual
// shape (a root object with a `requests` array), each request is parsed and checked on its own and
// an edit inside one request re-checks that request alone; other findings only move. Any other text
// is parsed and checked as a whole. Either way the findings equal those of a fresh analysis.
import { Node, parseTree } from 'jsonc-parser';
import { locate } from '../json/locate';
import { Segments, Span, isSingleValue, segment } from '../json/segment';
import { BatchSchemas } from '../schema/load';
import { JsonPath, JsonValue } from '../schema/types';
import { jobRules, requestRules } from '../batch/rules';
import { Finding, shiftFinding } from './findings';
import { ItemResult, checkItem, isObject } from './items';
import { PARSE_OPTIONS, parseJson } from './parse';
import { TopResult, checkTop } from './top';

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

export interface FindingsPage {
  /** Findings in document order, at most the requested number. */
  shown: Finding[];
  /** How many more there were. */
  hidden: number;
}

interface Layout {
  /** Segmented mode: the spans of the array and its items; undefined in whole mode. */
  segments: Segments | undefined;
  top: TopResult;
  /** Maps an offset of the job's own findings to the document (segmented mode reads a skeleton). */
  topOffset: (offset: number) => number;
  items: ItemResult[];
  /** Document offset of each item's relative offsets (0 in whole mode, where they are absolute). */
  itemStarts: number[];
  syntax: Finding[];
  /** Whole mode only: the document's tree, for spans the batch rules ask for later. */
  tree: Node | undefined;
}

export class BatchAnalysis {
  private text: string;
  private layout: Layout;
  private cache: Finding[] | undefined;
  private readonly spans = new WeakMap<ItemResult, Map<string, Span>>();

  constructor(private readonly schemas: BatchSchemas, text: string) {
    this.text = text;
    this.layout = this.analyze(undefined);
  }

  getText(): string {
    return this.text;
  }

  /** The endpoint's body schema and the job's model, as the job currently states them. */
  get job(): { endpoint: string | undefined; bodyUri: string | undefined; model: string | undefined } {
    const { top } = this.layout;
    return { endpoint: top.endpoint, bodyUri: top.bodyUri, model: top.job.model };
  }

  pieceAt(offset: number): Piece {
    const { segments } = this.layout;
    const text = this.text;
    if (!segments) return { text, prefix: [], toPiece: identity, toDocument: identity };
    const { array, items } = segments;
    const i = findItem(items, offset);
    if (i >= 0) {
      const { start, end } = items[i];
      return { text: text.slice(start, end), prefix: ['requests', i], toPiece: (o) => o - start, toDocument: (o) => o + start };
    }
    if (offset > array.start && offset < array.end) {
      // Between requests: an empty array stands for the list, so a new request can be completed.
      return { text: '[]', prefix: ['requests'], toPiece: () => 1, toDocument: () => offset };
    }
    const shift = array.end - array.start - 2;
    return {
      text: text.slice(0, array.start) + '[]' + text.slice(array.end),
      prefix: [],
      toPiece: (o) => (o >= array.end ? o - shift : o),
      toDocument: (o) => (o >= array.start + 2 ? o + shift : o),
    };
  }

  /** Applies one edit: `length` characters at `offset` replaced, giving `newText`. */
  update(offset: number, length: number, newText: string): void {
    const delta = newText.length - this.text.length;
    const old = this.layout;
    this.text = newText;
    this.cache = undefined;
    if (old.segments && this.updateInPlace(old, old.segments, offset, length, delta)) return;
    this.layout = this.analyze({ old, offset, length, delta });
  }

  findings(maxProblems = Number.POSITIVE_INFINITY): FindingsPage {
    const all = (this.cache ??= this.collect());
    if (all.length <= maxProblems) return { shown: all, hidden: 0 };
    return { shown: all.slice(0, maxProblems), hidden: all.length - maxProblems };
  }

  /** The edit stays inside one request and leaves it one balanced value: re-check it alone. */
  private updateInPlace(layout: Layout, segments: Segments, offset: number, length: number, delta: number): boolean {
    const items = segments.items;
    const i = findItem(items, offset);
    if (i < 0) return false;
    const span = items[i];
    if (!(offset > span.start && offset + length < span.end)) return false;
    const end = span.end + delta;
    const slice = this.text.slice(span.start, end);
    if (!isSingleValue(slice)) return false;
    span.end = end;
    for (let k = i + 1; k < items.length; k++) {
      items[k].start += delta;
      items[k].end += delta;
    }
    segments.array.end += delta;
    layout.items[i] = this.checkSlice(slice, i, layout.top.bodyUri);
    for (let k = i + 1; k < items.length; k++) layout.itemStarts[k] += delta;
    layout.topOffset = skeletonMapper(segments.array.start, segments.array.end);
    return true;
  }

  private analyze(previous: { old: Layout; offset: number; length: number; delta: number } | undefined): Layout {
    const text = this.text;
    const segments = segment(text);
    if (!segments) return this.analyzeWhole();

    const { array } = segments;
    const skeleton = text.slice(0, array.start) + '[]' + text.slice(array.end);
    const parsed = parseJson(skeleton);
    const tree = parsed.tree();
    const top = checkTop(this.schemas, parsed.value, segments.items.length, tree);
    const topOffset = skeletonMapper(array.start, array.end);

    const reusable = previous ? reusableItems(previous.old, previous.offset, previous.length, previous.delta, top.bodyUri) : undefined;
    const items: ItemResult[] = [];
    const itemStarts: number[] = [];
    segments.items.forEach((span, i) => {
      const kept = reusable?.get(span.start);
      items.push(kept && kept.index === i && kept.end === span.end ? kept.item : this.checkSlice(text.slice(span.start, span.end), i, top.bodyUri));
      itemStarts.push(span.start);
    });
    return { segments, top, topOffset, items, itemStarts, syntax: parsed.syntax, tree: undefined };
  }

  private checkSlice(slice: string, index: number, bodyUri: string | undefined): ItemResult {
    const parsed = parseJson(slice);
    return checkItem(this.schemas, parsed.value, index, bodyUri, parsed.syntax, parsed.tree, []);
  }

  private analyzeWhole(): Layout {
    const text = this.text;
    if (text.trim() === '') {
      return {
        segments: undefined,
        top: checkTop(this.schemas, undefined, undefined, undefined),
        topOffset: identity,
        items: [],
        itemStarts: [],
        tree: undefined,
        syntax: [{
          start: 0,
          end: 0,
          severity: 'error',
          code: 'empty',
          message: 'the file is empty: a batch job is a JSON object with `model`, `endpoint`, and `requests` or `input_files`',
        }],
      };
    }
    const parsed = parseJson(text);
    const tree: Node | undefined = parsed.tree();
    const root = parsed.value;
    const requests = isObject(root) && Array.isArray(root.requests) ? (root.requests as JsonValue[]) : undefined;
    const top = checkTop(this.schemas, root, requests?.length, tree);
    const items = (requests ?? []).map((value, i) =>
      checkItem(this.schemas, value, i, top.bodyUri, [], () => tree, ['requests', i]),
    );
    return { segments: undefined, top, topOffset: identity, items, itemStarts: items.map(() => 0), syntax: parsed.syntax, tree };
  }

  /**
   * Spans for the batch rules, found on demand. Nothing keeps a slice of the text: a slice would
   * pin the whole version of the document it came from.
   */
  private spanInItem(index: number, path: JsonPath, on: 'key' | 'value'): Span {
    const { segments, tree, items } = this.layout;
    if (!segments) return tree ? locate(tree, ['requests', index, ...path], on) : { start: 0, end: 1 };
    const item = items[index];
    const key = `${on}\u0000${path.join('\u0000')}`;
    let memo = this.spans.get(item);
    if (!memo) this.spans.set(item, (memo = new Map()));
    let span = memo.get(key);
    if (!span) {
      const { start, end } = segments.items[index];
      const root = parseTree(this.text.slice(start, end), [], PARSE_OPTIONS);
      span = root ? locate(root, path, on) : { start: 0, end: 1 };
      memo.set(key, span);
    }
    return span;
  }

  private collect(): Finding[] {
    const { top, topOffset, items, itemStarts, syntax, segments } = this.layout;
    const before: Finding[] = [];
    const after: Finding[] = [];
    const arrayStart = segments?.array.start ?? Number.POSITIVE_INFINITY;
    const topFindings = [...syntax, ...top.findings, ...jobRules(top.job)];
    for (const f of topFindings) {
      const start = topOffset(f.start);
      const moved = start === f.start ? f : shiftFinding(f, start - f.start);
      (moved.start < arrayStart ? before : after).push(moved);
    }
    const rules = requestRules(items, top.job.model, (i) => itemStarts[i], (i, path, on) => this.spanInItem(i, path, on));
    const middle: Finding[] = [];
    for (let i = 0; i < items.length; i++) {
      const own = items[i].findings;
      const extra = rules.get(i);
      const list = extra ? [...own, ...extra].sort(compareFindings) : own;
      for (const f of list) middle.push(shiftFinding(f, itemStarts[i]));
    }
    if (!segments) return [...before, ...middle].sort(compareFindings);
    return [...before.sort(compareFindings), ...middle, ...after.sort(compareFindings)];
  }
}

function compareFindings(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end;
}

const identity = (offset: number) => offset;

/** Offsets in the skeleton (`requests` emptied to `[]`) → offsets in the document. */
function skeletonMapper(arrayStart: number, arrayEnd: number): (offset: number) => number {
  const shift = arrayEnd - arrayStart - 2;
  return (offset) => (offset >= arrayStart + 2 ? offset + shift : offset);
}

/** Binary search for the item whose span contains `offset`; -1 when none does. */
function findItem(items: readonly Span[], offset: number): number {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].end <= offset) lo = mid + 1;
    else if (items[mid].start > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * Items of the previous analysis whose text the edit did not touch, keyed by their new start.
 * Their results stand as they are if they keep their index and the endpoint is unchanged.
 */
function reusableItems(old: Layout, offset: number, length: number, delta: number, bodyUri: string | undefined): Map<number, { index: number; end: number; item: ItemResult }> | undefined {
  if (!old.segments) return undefined;
  const map = new Map<number, { index: number; end: number; item: ItemResult }>();
  old.segments.items.forEach((span, i) => {
    const item = old.items[i];
    if (item.bodyUri !== bodyUri) return;
    if (span.end <= offset) map.set(span.start, { index: i, end: span.end, item });
    else if (span.start >= offset + length) map.set(span.start + delta, { index: i, end: span.end + delta, item });
  });
  return map;
}
