// Hover: what a key or value means, its type, allowed values, default and limits, at any depth.
import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { findNodeAtOffset, getNodePath, getNodeValue } from 'jsonc-parser';
import { DocumentAnalysis } from '../kinds/kind';
import { PositionMap } from '../text/document';
import { JsonPath, JsonValue } from '../schema/types';
import { SchemaServices, cursorAt, schemasAt } from './context';
import { describe, markdown } from './describe';

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
  const located = schemasAt(services, analysis, path, cursor.valueAt);
  if (located.length === 0) return null;
  const info = describe(located);
  if (!info.description && info.values.length === 0 && info.limits.length === 0 && info.types.length === 0) return null;
  const last = path[path.length - 1];
  const title = typeof last === 'string' ? last : `item ${last}`;
  const focus = onKey || !valueNode ? undefined : (getNodeValue(valueNode) as JsonValue);
  const start = cursor.piece.toDocument(node.offset);
  const end = cursor.piece.toDocument(node.offset + node.length);
  return {
    contents: { kind: MarkupKind.Markdown, value: markdown(title, info, focus) },
    range: { start: doc.positionAt(start), end: doc.positionAt(end) },
  };
}
