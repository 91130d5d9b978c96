// Holds schema documents by URI and resolves `$ref` targets among them (draft 2020-12 rules).
// Documents are indexed once on `add`, so resolving a reference at compile time is a map lookup.
import type { Schema, SchemaObject } from './types';

/** Where a reference landed: the subschema and the base URI its own relative references resolve against. */
export interface ResolvedSchema {
  schema: Schema;
  base: string;
  /** The absolute URI that was looked up, fragment included. */
  uri: string;
}

/** A `$ref` (or a compile entry URI) that names nothing registered. */
export class SchemaRefError extends Error {
  constructor(readonly ref: string, readonly base: string, detail: string) {
    super(`cannot resolve reference "${ref}" from ${base || '(no base)'}: ${detail}`);
    this.name = 'SchemaRefError';
  }
}

/** Keywords whose value is one subschema, a map of subschemas, or a list of them. Only these are walked,
 *  so an `$id` inside `enum`, `const` or an unknown keyword is never taken for an identifier. */
const ONE = ['additionalProperties', 'propertyNames', 'items', 'contains', 'not', 'if', 'then', 'else',
  'unevaluatedProperties', 'unevaluatedItems', 'contentSchema'];
const MAP = ['$defs', 'definitions', 'properties', 'patternProperties', 'dependentSchemas'];
const LIST = ['prefixItems', 'allOf', 'anyOf', 'oneOf'];

interface Resource {
  root: SchemaObject | boolean;
  anchors: Map<string, SchemaObject>;
  dynamicAnchors: Map<string, SchemaObject>;
}

export class SchemaRegistry {
  private readonly resources = new Map<string, Resource>();
  private readonly bases = new WeakMap<object, string>();
  private readonly resourceRoots = new WeakMap<object, string>();
  private readonly containers = new WeakMap<object, string>();
  private generation = 0;

  /** Registers a document under an absolute URI and indexes every embedded `$id`, `$anchor` and
   *  `$dynamicAnchor`. Registering again under the same URI replaces the document. */
  add(uri: string, schema: Schema): void {
    const base = stripFragment(resolveUri(uri, ''));
    this.generation++;
    this.resources.set(base, { root: schema, anchors: new Map(), dynamicAnchors: new Map() });
    if (typeof schema === 'object' && schema !== null) this.index(schema, base, base, true);
  }

  has(uri: string): boolean {
    try {
      this.resolve(uri, '');
      return true;
    } catch {
      return false;
    }
  }

  /** Bumped on every `add`; compiled validators remember it to know when their cache went stale. */
  get version(): number {
    return this.generation;
  }

  /** The base URI recorded for a subschema object while indexing, if it was reached by the walk. */
  baseOf(schema: object): string | undefined {
    return this.bases.get(schema);
  }

  /** The resource URI when `schema` is the root of a schema resource (a document or an embedded `$id`). */
  resourceOf(schema: object): string | undefined {
    return this.resourceRoots.get(schema);
  }

  /** The URI of the resource a subschema belongs to (the nearest enclosing `$id`, or its document). */
  containingResource(schema: object): string | undefined {
    return this.containers.get(schema);
  }

  /** Whether the resource declares any `$dynamicAnchor`; only such resources matter to `$dynamicRef`. */
  hasDynamicAnchors(resourceUri: string): boolean {
    return (this.resources.get(resourceUri)?.dynamicAnchors.size ?? 0) > 0;
  }

  /** The subschema carrying `$dynamicAnchor: name` in the resource `resourceUri`, if any. */
  dynamicAnchor(resourceUri: string, name: string): SchemaObject | undefined {
    return this.resources.get(resourceUri)?.dynamicAnchors.get(name);
  }

  /** Resolves `ref` against `base`: a JSON pointer fragment, an anchor, or a whole registered resource. */
  resolve(ref: string, base: string): ResolvedSchema {
    let uri: string;
    try {
      uri = resolveUri(ref, base);
    } catch {
      throw new SchemaRefError(ref, base, 'not a valid URI reference');
    }
    const hash = uri.indexOf('#');
    const resourceUri = hash < 0 ? uri : uri.slice(0, hash);
    const fragment = hash < 0 ? '' : decodeFragment(uri.slice(hash + 1));
    const resource = this.resources.get(resourceUri);
    if (!resource) throw new SchemaRefError(ref, base, `nothing is registered as ${resourceUri}`);
    if (fragment === '') return { schema: resource.root, base: resourceUri, uri };
    if (fragment.startsWith('/')) return { ...this.pointer(resource.root, resourceUri, fragment, ref, base), uri };
    const anchored = resource.anchors.get(fragment);
    if (!anchored) throw new SchemaRefError(ref, base, `no anchor "${fragment}" in ${resourceUri}`);
    return { schema: anchored, base: this.bases.get(anchored) ?? resourceUri, uri };
  }

  private pointer(root: Schema, rootBase: string, pointer: string, ref: string, base: string): { schema: Schema; base: string } {
    let node: unknown = root;
    let nodeBase = rootBase;
    for (const raw of pointer.slice(1).split('/')) {
      const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(token) && Number(token) < node.length) {
        node = node[Number(token)];
      } else if (typeof node === 'object' && node !== null && !Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, token)) {
        node = (node as Record<string, unknown>)[token];
      } else {
        throw new SchemaRefError(ref, base, `the pointer ${pointer} leads nowhere in ${rootBase}`);
      }
      // A pointer may pass through an embedded resource; refs below it resolve against that resource.
      if (typeof node === 'object' && node !== null) nodeBase = this.bases.get(node) ?? nodeBase;
    }
    if (typeof node !== 'boolean' && (typeof node !== 'object' || node === null || Array.isArray(node))) {
      throw new SchemaRefError(ref, base, `the pointer ${pointer} does not lead to a subschema`);
    }
    return { schema: node as Schema, base: nodeBase };
  }

  private index(schema: SchemaObject, inherited: string, resourceUri: string, isRoot = false): void {
    let base = inherited;
    let resource = resourceUri;
    const id = schema.$id;
    if (typeof id === 'string' && !id.startsWith('#')) {
      try {
        base = stripFragment(resolveUri(id, inherited));
        // A document whose $id differs from its retrieval URI is one resource known by both names.
        const document = isRoot ? this.resources.get(resourceUri) : undefined;
        this.resources.set(base, document?.root === schema ? document : { root: schema, anchors: new Map(), dynamicAnchors: new Map() });
        resource = base;
        isRoot = true;
      } catch {
        // An $id that cannot be resolved (relative against a URN, say) is ignored rather than fatal.
      }
    }
    if (isRoot) this.resourceRoots.set(schema, resource);
    this.containers.set(schema, resource);
    this.bases.set(schema, base);
    const entry = this.resources.get(resource);
    const anchor = schema.$anchor;
    if (entry && typeof anchor === 'string') entry.anchors.set(anchor, schema);
    const dynamic = (schema as { $dynamicAnchor?: unknown }).$dynamicAnchor;
    if (entry && typeof dynamic === 'string') {
      // A $dynamicAnchor is also an ordinary anchor for plain $ref.
      if (!entry.anchors.has(dynamic)) entry.anchors.set(dynamic, schema);
      entry.dynamicAnchors.set(dynamic, schema);
    }
    const record = schema as Record<string, unknown>;
    for (const key of ONE) this.visit(record[key], base, resource);
    for (const key of LIST) {
      const list = record[key];
      if (Array.isArray(list)) for (const item of list) this.visit(item, base, resource);
    }
    for (const key of MAP) {
      const map = record[key];
      if (typeof map === 'object' && map !== null && !Array.isArray(map)) {
        for (const item of Object.values(map)) this.visit(item, base, resource);
      }
    }
  }

  private visit(value: unknown, base: string, resource: string): void {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) this.index(value as SchemaObject, base, resource);
  }
}

/** Resolves a URI reference against a base (RFC 3986 via WHATWG URL, which also normalises case and dots). */
export function resolveUri(ref: string, base: string): string {
  if (base === '') return new URL(ref).href;
  try {
    return new URL(ref, base).href;
  } catch {
    // Opaque bases (urn:, tag:) only take fragment-only references.
    if (ref.startsWith('#')) return stripFragment(base) + ref;
    return new URL(ref).href;
  }
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
