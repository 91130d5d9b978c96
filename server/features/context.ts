// What completion and hover share: the piece of text around the cursor, its tree, the path of
// the cursor in the document, and the schemas in force there.
import { Node, findNodeAtLocation, getNodeValue } from 'jsonc-parser';
import { Piece } from '../analysis/analysis';
import { DocumentAnalysis } from '../kinds/kind';
import { safeParseTree } from '../analysis/parse';
import { BATCH_SCHEMA_URI, BatchSchemas } from '../schema/load';
import { Located, SchemaNavigator } from '../schema/navigate';
import { JsonPath, JsonValue } from '../schema/types';

export interface SchemaServices {
  schemas: BatchSchemas;
  navigator: SchemaNavigator;
  /** True when `value` satisfies `schema` (resolved against `base`). */
  matches(schema: Located, value: JsonValue): boolean;
}

export interface Cursor {
  piece: Piece;
  tree: Node | undefined;
  /** The cursor's offset inside the piece. */
  offset: number;
  /** The document value at a document path, when the piece holds it. */
  valueAt(path: JsonPath): JsonValue | undefined;
}

export function cursorAt(analysis: DocumentAnalysis, offset: number): Cursor {
  const piece = analysis.pieceAt(offset);
  const tree = safeParseTree(piece.text);
  const valueAt = (path: JsonPath): JsonValue | undefined => {
    if (!tree || path.length < piece.prefix.length) return undefined;
    for (let i = 0; i < piece.prefix.length; i++) if (path[i] !== piece.prefix[i]) return undefined;
    const node = findNodeAtLocation(tree, path.slice(piece.prefix.length));
    return node ? (getNodeValue(node) as JsonValue) : undefined;
  };
  return { piece, tree, offset: piece.toPiece(offset), valueAt };
}

/** The schemas for a document path. Request bodies start from the endpoint's body schema. */
export function schemasAt(services: SchemaServices, analysis: DocumentAnalysis, path: JsonPath, valueAt: (p: JsonPath) => JsonValue | undefined): Located[] {
  const start = rootOf(services, analysis, path, valueAt);
  return start ? services.navigator.at(start.root, start.path, start.valueAt) : [];
}

/**
 * The schemas a document path leads to, before their branches are chosen: for completion to
 * choose them itself, against a value that is not in the document yet.
 */
export function reachAt(services: SchemaServices, analysis: DocumentAnalysis, path: JsonPath, valueAt: (p: JsonPath) => JsonValue | undefined): Located[] {
  const start = rootOf(services, analysis, path, valueAt);
  return start ? services.navigator.reach(start.root, start.path, start.valueAt) : [];
}

interface Start {
  root: Located;
  path: JsonPath;
  valueAt: (p: JsonPath) => JsonValue | undefined;
}

function rootOf(services: SchemaServices, analysis: DocumentAnalysis, path: JsonPath, valueAt: (p: JsonPath) => JsonValue | undefined): Start | undefined {
  const { batch } = services.schemas;
  const { bodyUri } = analysis.job;
  if (bodyUri && path.length >= 3 && path[0] === 'requests' && typeof path[1] === 'number' && path[2] === 'body') {
    const root = bodyRoot(services, bodyUri);
    if (!root) return undefined;
    const bodyPath = path.slice(0, 3);
    return { root, path: path.slice(3), valueAt: (p) => valueAt([...bodyPath, ...p]) };
  }
  return { root: { schema: batch, base: BATCH_SCHEMA_URI }, path, valueAt };
}

/** The schema of a request body for an endpoint's body schema URI. */
export function bodyRoot(services: SchemaServices, bodyUri: string): Located | undefined {
  const target = services.schemas.registry.resolve(bodyUri, '');
  return typeof target.schema === 'object' ? { schema: target.schema, base: target.base } : undefined;
}
