// Completion: property names not yet present, value skeletons that fit their type, enum values
// with their descriptions, and the model catalogue ranked for the job's endpoint. In an object
// whose kind a property chooses, only what the possible kinds accept (see variants.ts).
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Range, TextEdit } from 'vscode-languageserver-types';
import { Node, findNodeAtOffset, getLocation } from 'jsonc-parser';
import catalogue from '../../schemas/models.json';
import { DocumentAnalysis } from '../kinds/kind';
import { PositionMap } from '../text/document';
import { isObject } from '../schema/node';
import { Located } from '../schema/navigate';
import { JsonObject, JsonPath, JsonValue } from '../schema/types';
import { Cursor, SchemaServices, cursorAt, reachAt, schemasAt } from './context';
import { describe, markdown, typeLabel } from './describe';
import { childSchemas, objectShapes, skeleton, snippetLiteral } from './skeletons';
import { kindsOf, propertyOffers } from './variants';

export interface CompletionOptions {
  snippets: boolean;
}

interface CatalogueModel {
  id: string;
  description: string;
  endpoints: string[];
}

const MODELS: CatalogueModel[] = (catalogue as { models: CatalogueModel[] }).models;

export function complete(services: SchemaServices, analysis: DocumentAnalysis, doc: PositionMap, offset: number, options: CompletionOptions): CompletionItem[] {
  const cursor = cursorAt(analysis, offset);
  const location = getLocation(cursor.piece.text, cursor.offset);
  const path: JsonPath = [...cursor.piece.prefix, ...location.path];
  const node = cursor.tree ? findNodeAtOffset(cursor.tree, cursor.offset, true) : undefined;
  const rangeOf = (n: Node | undefined): Range => {
    const start = n ? cursor.piece.toDocument(n.offset) : offset;
    const end = n ? cursor.piece.toDocument(n.offset + n.length) : offset;
    return { start: doc.positionAt(start), end: doc.positionAt(end) };
  };
  if (location.isAtPropertyKey) {
    const keyNode = node && node.type === 'string' && node.parent?.type === 'property' && node.parent.children?.[0] === node ? node : undefined;
    const range = keyNode && !isClosedString(cursor.piece.text, keyNode) ? openKeyRange(cursor, keyNode, doc) : rangeOf(keyNode);
    const items = propertyItems(services, analysis, cursor, path.slice(0, -1), range, keyNode, options);
    return punctuate(items, doc, analysis, keyNode ? 'key-with-value' : 'key');
  }
  if (node?.type === 'property') {
    // Right after `"name":`, before any value: offer values, replacing a bare word being typed (`t` for true).
    if (node.colonOffset === undefined || cursor.offset <= node.colonOffset) return [];
    const typed = /[\w.+-]*$/.exec(cursor.piece.text.slice(node.colonOffset + 1, cursor.offset))?.[0].length ?? 0;
    const range = { start: doc.positionAt(offset - typed), end: doc.positionAt(offset) };
    return punctuate(valueItems(services, analysis, cursor, path, range, options), doc, analysis, 'value');
  }
  const valueNode = node && node.type !== 'object' && node.type !== 'array' ? node : undefined;
  if (valueNode && valueNode.parent?.type === 'property' && valueNode.parent.children?.[0] === valueNode) return [];
  return punctuate(valueItems(services, analysis, cursor, path, rangeOf(valueNode), options), doc, analysis, 'value');
}

function isClosedString(text: string, n: Node): boolean {
  return n.length >= 2 && text.charCodeAt(n.offset + n.length - 1) === 34 /* " */;
}

/**
 * A key still being typed has no closing quote, so the parser runs it to the end of the line:
 * replace only the name's characters, not the brackets after it.
 */
function openKeyRange(cursor: Cursor, keyNode: Node, doc: PositionMap): Range {
  const rest = /^[\w$.-]*/.exec(cursor.piece.text.slice(cursor.offset))?.[0].length ?? 0;
  return { start: doc.positionAt(cursor.piece.toDocument(keyNode.offset)), end: doc.positionAt(cursor.piece.toDocument(cursor.offset + rest)) };
}

/**
 * Adds the commas the insertion needs between its neighbours, and inserts only the name when an
 * existing key already has its `:` and value.
 */
function punctuate(items: CompletionItem[], doc: PositionMap, analysis: DocumentAnalysis, where: 'key' | 'key-with-value' | 'value'): CompletionItem[] {
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit)) continue;
    const start = doc.offsetAt(edit.range.start);
    const end = doc.offsetAt(edit.range.end);
    const before = neighbour(analysis.textAround(Math.max(0, start - NEIGHBOURHOOD), start), -1);
    const after = neighbour(analysis.textAround(end, end + NEIGHBOURHOOD), 1);
    if (where === 'key-with-value' && after === ':') {
      edit.newText = JSON.stringify(item.label);
      item.insertTextFormat = InsertTextFormat.PlainText;
      continue;
    }
    if (before !== undefined && /["}\]\w]/.test(before) && where !== 'key-with-value') edit.newText = `, ${edit.newText}`;
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
  typing: Node | undefined,
  options: CompletionOptions,
): CompletionItem[] {
  const { navigator } = services;
  const current = cursor.valueAt(objectPath);
  // The key being typed is not in the object yet: it must not decide what kind of object this is.
  const holder: JsonObject = Object.fromEntries(Object.entries(isObject(current) ? current : {}).filter(([name]) => !(typing && name === typing.value)));
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
    const value = skeleton(expanded, options.snippets, offer.values?.map((v) => v.value));
    items.push({
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
  for (const { value, description } of info.values) {
    if (!fitsKind(value)) continue;
    items.push({
      label: JSON.stringify(value),
      kind: CompletionItemKind.EnumMember,
      documentation: description ? { kind: MarkupKind.Markdown, value: description } : undefined,
      textEdit: TextEdit.replace(range, JSON.stringify(value)),
    });
  }
  if (info.types.includes('boolean') && info.values.length === 0) {
    for (const value of [true, false]) items.push({ label: String(value), kind: CompletionItemKind.Value, textEdit: TextEdit.replace(range, String(value)) });
  }
  if (last === 'model' && path.length === 1) items.push(...modelItems(analysis, range, accepts));
  if (last === 'model' && path[0] === 'requests' && path[2] === 'body' && path.length === 4) {
    // A job runs one model: inside a body, any other would only earn a warning.
    const jobModel = analysis.job.model;
    items.push(...(jobModel === undefined ? modelItems(analysis, range, accepts) : accepts(jobModel) ? [jobModelItem(jobModel, range)] : []));
  }
  if (items.length === 0 && info.defaultValue !== undefined && accepts(info.defaultValue)) {
    items.push({ label: JSON.stringify(info.defaultValue), kind: CompletionItemKind.Value, detail: 'default', textEdit: TextEdit.replace(range, JSON.stringify(info.defaultValue)) });
  }
  if (items.length === 0 && info.types.includes('object')) {
    for (const shape of objectShapes(services, direct, path, options.snippets)) {
      items.push({
        label: shape.label,
        kind: CompletionItemKind.Struct,
        documentation: { kind: MarkupKind.Markdown, value: shape.documentation ?? info.description ?? '' },
        insertTextFormat: options.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: TextEdit.replace(range, shape.text),
      });
    }
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

function modelItems(analysis: DocumentAnalysis, range: Range, accepts: (v: JsonValue) => boolean): CompletionItem[] {
  const { endpoint } = analysis.job;
  return MODELS.filter((m) => accepts(m.id)).map((m) => {
    const fits = endpoint !== undefined && m.endpoints.includes(endpoint);
    return {
      label: m.id,
      kind: CompletionItemKind.Value,
      detail: fits ? `fits ${endpoint}` : m.endpoints.join(', '),
      documentation: { kind: MarkupKind.Markdown, value: m.description },
      sortText: `${fits || endpoint === undefined ? '0' : '1'}${m.id}`,
      filterText: JSON.stringify(m.id),
      textEdit: TextEdit.replace(range, JSON.stringify(m.id)),
    };
  });
}

function jobModelItem(id: string, range: Range): CompletionItem {
  const known = MODELS.find((m) => m.id === id);
  return {
    label: id,
    kind: CompletionItemKind.Value,
    detail: "the job's model",
    documentation: known ? { kind: MarkupKind.Markdown, value: known.description } : undefined,
    filterText: JSON.stringify(id),
    textEdit: TextEdit.replace(range, JSON.stringify(id)),
  };
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i]);
}
