// Turns a problem's JSON path into the text range to underline, using a jsonc-parser tree.
import { Node, findNodeAtLocation } from 'jsonc-parser';
import { JsonPath } from '../schema/types';
import { Span } from './segment';

/**
 * The range for a problem at `path`. `on: 'key'` underlines the property name. For an object or
 * array value the property name is underlined too (when there is one), so a long container is not
 * painted from top to bottom; an unnamed container gets its opening bracket.
 */
export function locate(root: Node, path: JsonPath, on: 'key' | 'value'): Span {
  let node = findNodeAtLocation(root, path);
  if (!node) {
    // The path may run past what a broken document holds: fall back to the deepest ancestor found.
    for (let depth = path.length - 1; depth >= 0 && !node; depth--) node = findNodeAtLocation(root, path.slice(0, depth));
    if (!node) return { start: root.offset, end: root.offset + 1 };
    return spanOfValue(node);
  }
  const property = node.parent?.type === 'property' ? node.parent : undefined;
  const key = property?.children?.[0];
  if (key && (on === 'key' || node.type === 'object' || node.type === 'array')) {
    return { start: key.offset, end: key.offset + key.length };
  }
  return spanOfValue(node);
}

function spanOfValue(node: Node): Span {
  if (node.type === 'object' || node.type === 'array') return { start: node.offset, end: node.offset + 1 };
  return { start: node.offset, end: node.offset + node.length };
}
