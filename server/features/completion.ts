// Completion: property names not yet present, value skeletons that fit their type, enum values
// with their descriptions, and the model catalogue ranked for the job's endpoint. In an object
// whose kind a property chooses, only what the possible kinds accept (see variants.ts).
import { Command, CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Position, Range, TextEdit } from 'vscode-languageserver-types';
import { DocumentAnalysis } from '../kinds/kind';
import { PositionMap } from '../text/document';
import { isObject } from '../schema/node';
import { Located } from '../schema/navigate';
import { JsonObject, JsonPath, JsonValue } from '../schema/types';
import { Cursor, SchemaServices, bodyRoot, cursorAt, reachAt, schemasAt } from './context';
import { placeAt } from './place';
import { valueSortText } from './order';
import { describe, markdown, typeLabel } from './describe';
import { childSchemas, filledText, objectShapes, requestValue, skeleton, snippetLiteral } from './skeletons';
import { batchTemplates } from './templates';
import { kindsOf, propertyOffers } from './variants';
import { modelItemFacts } from '../models/describe';

export interface CompletionOptions {
  snippets: boolean;
}

export function complete(services: SchemaServices, analysis: DocumentAnalysis, doc: PositionMap, offset: number, options: CompletionOptions): CompletionItem[] {
  const cursor = cursorAt(analysis, offset);
  const { piece } = cursor;
  const place = placeAt(piece.text, cursor.offset);
  const toRange = (start: number, end: number): Range => ({ start: doc.positionAt(piece.toDocument(start)), end: doc.positionAt(piece.toDocument(end)) });
  switch (place.kind) {
    case 'none':
      return [];
    case 'empty':
      return jobItems(services, doc.positionAt(offset), options);
    case 'key': {
      const typed = place.typing;
      const range = !typed ? toRange(cursor.offset, cursor.offset) : typed.isString && !typed.closed ? openRange(cursor, typed.start, doc) : toRange(typed.start, typed.end);
      const items = propertyItems(services, analysis, cursor, [...piece.prefix, ...place.objectPath], range, typed?.value, options);
      return punctuate(items, doc, analysis, typed ? 'key-typed' : 'key');
    }
    case 'value': {
      // Before a value already written: replace it when it is one token, add nothing before a container.
      if (place.existing && place.existing.end === place.existing.start) return [];
      const typed = place.typing ?? place.existing;
      const range = !typed ? toRange(cursor.offset, cursor.offset) : typed.isString && !typed.closed ? openRange(cursor, typed.start, doc) : toRange(typed.start, typed.end);
      return punctuate(valueItems(services, analysis, cursor, [...piece.prefix, ...place.path], range, options), doc, analysis, 'value');
    }
  }
}

/**
 * A string still being typed has no closing quote, so the scanner runs it to the end of the line:
 * replace only the word's characters, not the brackets after it.
 */
function openRange(cursor: Cursor, start: number, doc: PositionMap): Range {
  const rest = /^[\w$.\/-]*/.exec(cursor.piece.text.slice(cursor.offset))?.[0].length ?? 0;
  return { start: doc.positionAt(cursor.piece.toDocument(start)), end: doc.positionAt(cursor.piece.toDocument(cursor.offset + rest)) };
}

/** An empty file: a whole job per endpoint, with a model for it and one request. */
function jobItems(services: SchemaServices, at: Position, options: CompletionOptions): CompletionItem[] {
  return batchTemplates(services, options.snippets, '').map((t, i) => ({
    label: `batch job for ${t.endpoint}`,
    kind: CompletionItemKind.Module,
    detail: t.model,
    documentation: t.description ? { kind: MarkupKind.Markdown, value: t.description } : undefined,
    sortText: String(i).padStart(4, '0'),
    insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: TextEdit.replace({ start: at, end: at }, t.snippet),
  }));
}

/**
 * Adds the commas the insertion needs between its neighbours, and inserts only the name when an
 * existing key already has its `:` and value.
 */
function punctuate(items: CompletionItem[], doc: PositionMap, analysis: DocumentAnalysis, where: 'key' | 'key-typed' | 'value'): CompletionItem[] {
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit)) continue;
    const start = doc.offsetAt(edit.range.start);
    const end = doc.offsetAt(edit.range.end);
    const before = neighbour(analysis.textAround(Math.max(0, start - NEIGHBOURHOOD), start), -1);
    const after = neighbour(analysis.textAround(end, end + NEIGHBOURHOOD), 1);
    const comma = before !== undefined && /["}\]\w]/.test(before) ? ', ' : '';
    if (where === 'key-typed' && after === ':') {
      // An existing key with its value: only the name changes.
      edit.newText = `${comma}${JSON.stringify(item.label)}`;
      item.insertTextFormat = InsertTextFormat.PlainText;
      delete item.command;
      continue;
    }
    edit.newText = `${comma}${edit.newText}`;
    if (after !== undefined && /["{\[\w-]/.test(after)) edit.newText = `${edit.newText},`;
  }
  return items;
}

/** How far to look for the neighbouring token; white space wider than this is taken as none. */
const NEIGHBOURHOOD = 256;

function neighbour(text: string, step: 1 | -1): string | undefined {
  for (let i = step === 1 ? 0 : text.length - 1; i >= 0 && i < text.length; i += step) {
    const c = text[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return undefined;
}

function propertyItems(
  services: SchemaServices,
  analysis: DocumentAnalysis,
  cursor: Cursor,
  objectPath: JsonPath,
  range: Range,
  typing: string | undefined,
  options: CompletionOptions,
): CompletionItem[] {
  const { navigator } = services;
  const current = cursor.valueAt(objectPath);
  // The key being typed is not in the object yet: it must not decide what kind of object this is.
  const holder: JsonObject = Object.fromEntries(Object.entries(isObject(current) ? current : {}).filter(([name]) => !(typing !== undefined && name === typing)));
  const { alternatives } = kindsOf(navigator, reachAt(services, analysis, objectPath, cursor.valueAt))(holder);
  const room = Math.max(...alternatives.map((a) => Math.min(...a.map((l) => l.schema.maxProperties ?? Number.POSITIVE_INFINITY))));
  if (alternatives.length === 0 || Object.keys(holder).length >= room) return [];
  const items: CompletionItem[] = [];
  for (const offer of propertyOffers(navigator, alternatives)) {
    const { name } = offer;
    if (Object.prototype.hasOwnProperty.call(holder, name)) continue;
    const expanded = navigator.expand(offer.schemas, undefined);
    const info = describe(expanded);
    if (info.deprecated) continue;
    if (offer.values) info.values = offer.values;
    const value = name === 'body' && isRequestPath(objectPath) ? bodyText(services, analysis, options) : skeleton(expanded, options.snippets, offer.values?.map((v) => v.value));
    // A value to pick from a list opens that list, unless the snippet already offers the choice.
    const listed = (info.values.length > 1 || (name === 'model' && info.types.includes('string'))) && !value.includes('${1|');
    items.push({
      command: listed ? SUGGEST : undefined,
      label: name,
      kind: CompletionItemKind.Property,
      detail: typeLabel(info.types),
      documentation: { kind: MarkupKind.Markdown, value: markdown(undefined, info) },
      filterText: `"${name}"`,
      // The tag comes first: it decides which other properties fit.
      sortText: `${offer.tag ? '0' : offer.required ? '1' : '2'}${name}`,
      insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: TextEdit.replace(range, `${options.snippets ? snippetLiteral(JSON.stringify(name)) : JSON.stringify(name)}: ${value}`),
    });
  }
  return items;
}

function valueItems(services: SchemaServices, analysis: DocumentAnalysis, cursor: Cursor, path: JsonPath, range: Range, options: CompletionOptions): CompletionItem[] {
  const last = path[path.length - 1];
  const parentPath = path.slice(0, -1);
  // The value being replaced must not pick the parent's branch: `"role": "user"` still offers every role.
  const valueAt = (p: JsonPath): JsonValue | undefined => {
    const v = cursor.valueAt(p);
    if (!samePath(p, parentPath) || !isObject(v) || typeof last !== 'string' || !(last in v)) return v;
    const { [last]: _replaced, ...rest } = v;
    return rest;
  };
  const located = schemasAt(services, analysis, parentPath, valueAt);
  const direct = located.length === 0 ? [] : childSchemas(services, located, last);
  if (direct.length === 0) return [];
  const expanded = services.navigator.expand(direct, undefined);
  const info = describe(expanded);
  const items: CompletionItem[] = [];
  const accepts = (value: JsonValue) => direct.every((d) => services.matches(d, value));
  const fitsKind = typeof last === 'string' ? kindCheck(services, reachAt(services, analysis, parentPath, valueAt), last, valueAt(parentPath)) : accepts;
  info.values.forEach(({ value, description }, i) => {
    if (!fitsKind(value)) return;
    items.push({
      label: JSON.stringify(value),
      kind: CompletionItemKind.EnumMember,
      sortText: valueSortText(last, value, i),
      documentation: description ? { kind: MarkupKind.Markdown, value: description } : undefined,
      textEdit: TextEdit.replace(range, JSON.stringify(value)),
    });
  });
  if (info.types.includes('boolean') && info.values.length === 0) {
    for (const value of [true, false]) items.push({ label: String(value), kind: CompletionItemKind.Value, textEdit: TextEdit.replace(range, String(value)) });
  }
  if (last === 'model' && path.length === 1) items.push(...modelItems(analysis, range, accepts));
  if (last === 'model' && path[0] === 'requests' && path[2] === 'body' && path.length === 4) {
    // A job runs one model: inside a body, any other would only earn a warning.
    const jobModel = analysis.job.model;
    items.push(...(jobModel === undefined ? modelItems(analysis, range, accepts) : accepts(jobModel) ? [jobModelItem(analysis, jobModel, range)] : []));
  }
  if (items.length === 0 && info.defaultValue !== undefined && accepts(info.defaultValue)) {
    items.push({ label: JSON.stringify(info.defaultValue), kind: CompletionItemKind.Value, detail: 'default', textEdit: TextEdit.replace(range, JSON.stringify(info.defaultValue)) });
  }
  if (items.length === 0 && isRequestPath(path)) {
    items.push(requestItem(services, analysis, range, options));
  } else if (items.length === 0 && info.types.includes('object')) {
    objectShapes(services, direct, path, options.snippets).forEach((shape, i) => {
      items.push({
        label: shape.label,
        sortText: String(i).padStart(4, '0'),
        kind: CompletionItemKind.Struct,
        documentation: { kind: MarkupKind.Markdown, value: shape.documentation ?? info.description ?? '' },
        insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: TextEdit.replace(range, shape.text),
      });
    });
  } else if (items.length === 0 && info.types.includes('array')) {
    items.push({
      label: '[]',
      kind: CompletionItemKind.Struct,
      documentation: info.description ? { kind: MarkupKind.Markdown, value: info.description } : undefined,
      insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: TextEdit.replace(range, skeleton(expanded, options.snippets)),
    });
  }
  return items;
}

/**
 * Whether a value for property `last` leaves its object a kind that takes it, along with what the
 * object already holds. Each kind is asked on its own: a conversation entry's `role` may be `user`
 * because one kind allows it, though another kind allows only `assistant`.
 */
function kindCheck(services: SchemaServices, direct: Located[], last: string, rest: JsonValue | undefined): (value: JsonValue) => boolean {
  const { navigator } = services;
  const kinds = kindsOf(navigator, direct);
  return (value) => {
    const { alternatives, known } = kinds({ ...(isObject(rest) ? rest : {}), [last]: value });
    const holder = { ...known, [last]: value };
    return alternatives.some((a) => navigator.admits(a, holder) && childSchemas(services, a, last).every((d) => services.matches(d, value)));
  };
}

function isRequestPath(path: JsonPath): boolean {
  return path.length === 2 && path[0] === 'requests' && typeof path[1] === 'number';
}

/** A request's body with what the endpoint requires (one user message for chat). */
function bodyText(services: SchemaServices, analysis: DocumentAnalysis, options: CompletionOptions): string {
  const { bodyUri } = analysis.job;
  const body = bodyUri ? bodyRoot(services, bodyUri) : undefined;
  return filledText(requestValue(services, body, '').body, options.snippets);
}

const SUGGEST: Command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** A new request: an unused custom_id and a body with what the endpoint requires, the cursor in its first text. */
function requestItem(services: SchemaServices, analysis: DocumentAnalysis, range: Range, options: CompletionOptions): CompletionItem {
  const { bodyUri } = analysis.job;
  const spans = analysis.requestSpans?.();
  const used = new Set(spans?.requests.map((r) => r.customId));
  let n = (spans?.requests.length ?? 0) + 1;
  while (used.has(`request-${n}`)) n++;
  const value = requestValue(services, bodyUri ? bodyRoot(services, bodyUri) : undefined, `request-${n}`);
  return {
    label: '{ custom_id, body }',
    kind: CompletionItemKind.Struct,
    detail: `request-${n}`,
    documentation: { kind: MarkupKind.Markdown, value: 'A request: a `custom_id` to match its result, and a `body` for the endpoint.' },
    insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: TextEdit.replace(range, filledText(value, options.snippets)),
  };
}

function modelItems(analysis: DocumentAnalysis, range: Range, accepts: (v: JsonValue) => boolean): CompletionItem[] {
  const { endpoint } = analysis.job;
  return analysis.models.models.filter((m) => accepts(m.id)).map((m) => {
    const facts = modelItemFacts(analysis.models, m, endpoint);
    return {
      label: m.id,
      kind: CompletionItemKind.Value,
      detail: facts.detail,
      documentation: { kind: MarkupKind.Markdown, value: facts.documentation },
      sortText: `${facts.rank}${m.id}`,
      filterText: JSON.stringify(m.id),
      textEdit: TextEdit.replace(range, JSON.stringify(m.id)),
    };
  });
}

function jobModelItem(analysis: DocumentAnalysis, id: string, range: Range): CompletionItem {
  const known = analysis.models.models.find((m) => m.id === id);
  return {
    label: id,
    kind: CompletionItemKind.Value,
    detail: "the job's model",
    documentation: known ? { kind: MarkupKind.Markdown, value: modelItemFacts(analysis.models, known, analysis.job.endpoint).documentation } : undefined,
    filterText: JSON.stringify(id),
    textEdit: TextEdit.replace(range, JSON.stringify(id)),
  };
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}
