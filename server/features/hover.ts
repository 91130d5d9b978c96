// Hover: what a key or value means, its type, allowed values, default and limits, at any depth.
import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { findNodeAtOffset, getNodePath, getNodeValue } from 'jsonc-parser';
import { DocumentAnalysis } from '../kinds/kind';
import { PositionMap } from '../text/document';
import { Located } from '../schema/navigate';
import { isObject } from '../schema/node';
import { JsonObject, JsonPath, JsonValue } from '../schema/types';
import { SchemaServices, cursorAt, reachAt, schemasAt } from './context';
import { describe, markdown } from './describe';
import { kindsOf, propertyOffers } from './variants';
import { inputFileHover } from './inputHover';

export function hover(services: SchemaServices, analysis: DocumentAnalysis, doc: PositionMap, offset: number): Hover | null {
  const cursor = cursorAt(analysis, offset);
  if (!cursor.tree) return null;
  const node = findNodeAtOffset(cursor.tree, cursor.offset, false);
  if (!node || node.type === 'object' || node.type === 'array') return null;
  const property = node.parent?.type === 'property' ? node.parent : undefined;
  const onKey = property !== undefined && property.children?.[0] === node;
  const valueNode = onKey ? property?.children?.[1] : node;
  const relative = valueNode ? getNodePath(valueNode) : [...getNodePath(node.parent ?? node), String(node.value)];
  const path: JsonPath = [...cursor.piece.prefix, ...relative];
  const last = path[path.length - 1];
  const start = cursor.piece.toDocument(node.offset);
  const end = cursor.piece.toDocument(node.offset + node.length);
  const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
  const input = onKey || !valueNode ? undefined : inputFileHover(path, getNodeValue(valueNode) as JsonValue, doc.uri);
  if (input) return { contents: { kind: MarkupKind.Markdown, value: input }, range };
  // An object whose kind is invalid (a message with role `usr`) picks no branch: its keys are read in all of them.
  let located = schemasAt(services, analysis, path, cursor.valueAt);
  if (located.length === 0 && typeof last === 'string') located = inAnyKind(services, analysis, path.slice(0, -1), cursor.valueAt, last);
  const info = describe(located);
  if (!info.description && info.values.length === 0 && info.limits.length === 0 && info.types.length === 0) {
    if (!onKey || typeof last !== 'string') return null;
    const expected = knownKeys(services, analysis, path.slice(0, -1), cursor.valueAt, last);
    return expected.length === 0 ? null : { contents: { kind: MarkupKind.Markdown, value: unknownKey(last, expected) }, range };
  }
  const title = typeof last === 'string' ? last : `item ${last}`;
  const focus = onKey || !valueNode ? undefined : (getNodeValue(valueNode) as JsonValue);
  return { contents: { kind: MarkupKind.Markdown, value: markdown(title, info, focus) }, range };
}

/** The schemas of property `name` in every kind of the object at `objectPath`. */
function inAnyKind(services: SchemaServices, analysis: DocumentAnalysis, objectPath: JsonPath, valueAt: (p: JsonPath) => JsonValue | undefined, name: string): Located[] {
  const out: Located[] = [];
  for (const { schema, base } of services.navigator.everywhere(reachAt(services, analysis, objectPath, valueAt))) {
    const sub = schema.properties?.[name];
    if (typeof sub === 'object') out.push({ schema: sub, base });
  }
  return out;
}

/** The keys the object at `objectPath` takes, for the kind it is (or any kind, when that is not decided). */
function knownKeys(services: SchemaServices, analysis: DocumentAnalysis, objectPath: JsonPath, valueAt: (p: JsonPath) => JsonValue | undefined, unknown: string): string[] {
  const current = valueAt(objectPath);
  const holder: JsonObject = Object.fromEntries(Object.entries(isObject(current) ? current : {}).filter(([name]) => name !== unknown));
  const { alternatives } = kindsOf(services.navigator, reachAt(services, analysis, objectPath, valueAt))(holder);
  return propertyOffers(services.navigator, alternatives).map((o) => o.name).filter((name) => name !== unknown);
}

function unknownKey(name: string, expected: string[]): string {
  const shown = expected.slice(0, 40).map((k) => `\`${k}\``);
  if (expected.length > 40) shown.push(`…and ${expected.length - 40} more`);
  return `**${name}** is not a property of this object.\n\nExpected here: ${shown.join(', ')}`;
}
