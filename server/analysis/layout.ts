// A batch document's layout: the job, each request's check and where it is, and the batch-wide
// rules over them, built from a text, and the steps by which an edit changes it in place. The
// analysis (analysis.ts) owns one and answers from it.
import { Locator } from '../json/locate';
import { Segments, Span, segment } from '../json/segment';
import { ItemSpans } from './spans';
import { BatchSchemas } from '../schema/load';
import { JsonValue } from '../schema/types';
import { RuleHit, requestRules } from '../batch/rules';
import { Finding } from './findings';
import { isObject } from '../schema/node';
import { ItemResult, checkItem, sameRuleFacts } from './items';
import { parseJson } from './parse';
import { repeatedKeyFindings, spelledKeys } from './repeated';
import { TopResult, checkTop } from './top';
import { Catalogue } from '../../core/models/catalogue';
import { ModelContext, modelContext } from '../models/checks';

export interface Layout {
  /** Segmented mode: the span of the array and of each item; undefined in whole mode. */
  segments: { array: Span; items: ItemSpans } | undefined;
  top: TopResult;
  /** The job's model as the catalogue knows it: what each request was checked against. */
  model: ModelContext | undefined;
  /** Offsets of the job's own findings → document offsets (segmented mode reads a skeleton). */
  topOffset: (offset: number) => number;
  /** What reading the text found (syntax errors, repeated keys): of the job part (segmented mode) or of the whole text (whole mode). */
  syntax: Finding[];
  items: ItemResult[];
  /** How many syntax errors and schema problems all items have together. */
  itemProblems: number;
  rules: Map<number, RuleHit[]>;
  ruleCount: number;
  /** Indices of the items with any finding, ascending: a page walks these, not every request. */
  flagged: number[];
  /** Whole mode only: finds spans in the document. */
  locate: Locator | undefined;
}

/** The layout before an edit, and the edit: `length` characters at `offset` replaced, the text growing by `delta`. */
export interface Previous {
  old: Layout;
  offset: number;
  length: number;
  delta: number;
}

/** The layout of `text`, reusing what `previous` checked of the requests an edit did not touch. */
export function buildLayout(schemas: BatchSchemas, catalogue: Catalogue, text: string, previous: Previous | undefined): Layout {
  const segments = segment(text);
  const layout = segments ? analyzeSegments(schemas, catalogue, text, segments, previous) : analyzeWhole(schemas, catalogue, text);
  setRules(layout);
  return layout;
}

function analyzeSegments(schemas: BatchSchemas, catalogue: Catalogue, text: string, segments: Segments, previous: Previous | undefined): Layout {
  const { array } = segments;
  const skeleton = text.slice(0, array.start) + '[]' + text.slice(array.end);
  const parsed = parseJson(skeleton);
  const top = checkTop(schemas, parsed.value, segments.items.length, parsed.locator());
  const read = parsed.syntax.length > 0 ? parsed.syntax : repeatedKeyFindings(skeleton, parsed.value, spelledKeys(skeleton));
  const model = modelContext(catalogue, top.job.model);
  const reusable = previous ? reusableItems(previous.old, previous.offset, previous.length, previous.delta, top.bodyUri, model) : undefined;
  const items: ItemResult[] = [];
  let itemProblems = 0;
  segments.items.forEach((span, i) => {
    const kept = reusable?.get(span.start);
    const item = kept && kept.index === i && kept.end === span.end ? kept.item : checkSlice(schemas, text.slice(span.start, span.end), i, top.bodyUri, segments.keys[i], model);
    items.push(item);
    itemProblems += problemCount(item);
  });
  return {
    segments: { array, items: new ItemSpans(segments.items) }, top, model, topOffset: skeletonMapper(array.start, array.end), syntax: read,
    items, itemProblems, rules: new Map(), ruleCount: 0, flagged: [], locate: undefined,
  };
}

/** `keys`: the keys the slice spells, from the scan that delimited it. */
export function checkSlice(schemas: BatchSchemas, slice: string, index: number, bodyUri: string | undefined, keys: number, model: ModelContext | undefined): ItemResult {
  const parsed = parseJson(slice);
  const repeated = parsed.syntax.length > 0 ? [] : repeatedKeyFindings(slice, parsed.value, keys);
  return checkItem(schemas, parsed.value, index, bodyUri, parsed.syntax, repeated, model);
}

function analyzeWhole(schemas: BatchSchemas, catalogue: Catalogue, text: string): Layout {
  const empty = { segments: undefined, model: undefined, topOffset: identity, items: [], itemProblems: 0, rules: new Map(), ruleCount: 0, flagged: [], locate: undefined };
  if (text.trim() === '') {
    return {
      ...empty,
      top: checkTop(schemas, undefined, undefined, undefined),
      syntax: [{
        start: 0,
        end: 0,
        severity: 'error',
        code: 'empty',
        message: 'the file is empty: a batch job is a JSON object with "model", "endpoint", and "requests" or "input_files"',
      }],
    };
  }
  const parsed = parseJson(text);
  const locate = parsed.locator();
  const root = parsed.value;
  const requests = isObject(root) && Array.isArray(root.requests) ? (root.requests as JsonValue[]) : undefined;
  const top = checkTop(schemas, root, requests?.length, locate);
  const model = modelContext(catalogue, top.job.model);
  const items = (requests ?? []).map((value, i) => checkItem(schemas, value, i, top.bodyUri, [], [], model));
  const itemProblems = items.reduce((n, item) => n + problemCount(item), 0);
  // Whole mode: repeated keys anywhere, requests included, are found in the whole text.
  const read = parsed.syntax.length > 0 ? parsed.syntax : repeatedKeyFindings(text, root, spelledKeys(text));
  return { ...empty, top, model, syntax: read, items, itemProblems, locate };
}

/** The batch-wide rules over every request, and which requests have any finding. */
export function setRules(layout: Layout): void {
  layout.rules = requestRules(layout.items, layout.top.job.model);
  layout.ruleCount = 0;
  for (const hits of layout.rules.values()) layout.ruleCount += hits.length;
  layout.flagged = [];
  layout.items.forEach((item, i) => {
    if (problemCount(item) > 0 || layout.rules.has(i)) layout.flagged.push(i);
  });
}

/** Puts a new result for item `i`; true when the batch-wide rules must be worked out again. */
export function replaceItem(layout: Layout, i: number, after: ItemResult): boolean {
  const before = layout.items[i];
  layout.items[i] = after;
  layout.itemProblems += problemCount(after) - problemCount(before);
  return !sameRuleFacts(before, after);
}

/** Item `i` is in `flagged` exactly when it has a finding. */
export function reflag(layout: Layout, i: number): void {
  const flaggedNow = problemCount(layout.items[i]) > 0 || layout.rules.has(i);
  const at = lowerBound(layout.flagged, i);
  const flaggedBefore = layout.flagged[at] === i;
  if (flaggedNow && !flaggedBefore) layout.flagged.splice(at, 0, i);
  else if (!flaggedNow && flaggedBefore) layout.flagged.splice(at, 1);
}

/** The first position in ascending `list` whose value is not below `value`. */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function problemCount(item: ItemResult): number {
  return item.syntax.length + item.repeated.length + item.problems.length;
}

export const identity = (offset: number) => offset;

/** Offsets in the skeleton (`requests` emptied to `[]`) → offsets in the document. */
export function skeletonMapper(arrayStart: number, arrayEnd: number): (offset: number) => number {
  const shift = arrayEnd - arrayStart - 2;
  return (offset) => (offset >= arrayStart + 2 ? offset + shift : offset);
}

/**
 * Items of the previous analysis whose text the edit did not touch, keyed by their new start.
 * Their results stand as they are if they keep their index and the endpoint and model are unchanged.
 */
function reusableItems(old: Layout, offset: number, length: number, delta: number, bodyUri: string | undefined, model: ModelContext | undefined): Map<number, { index: number; end: number; item: ItemResult }> | undefined {
  if (!old.segments) return undefined;
  const map = new Map<number, { index: number; end: number; item: ItemResult }>();
  old.segments.items.settled().forEach((span, i) => {
    const item = old.items[i];
    if (item.bodyUri !== bodyUri || item.model?.model !== model?.model || item.model?.severity !== model?.severity) return;
    if (span.end <= offset) map.set(span.start, { index: i, end: span.end, item });
    else if (span.start >= offset + length) map.set(span.start + delta, { index: i, end: span.end + delta, item });
  });
  return map;
}
