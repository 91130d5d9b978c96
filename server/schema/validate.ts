// The engine's public face: compile a registered schema once, then validate many values with it.
import { Compiler, type CompileOptions } from './compile';
import { problem, subject } from './messages';
import type { Node } from './node';
import type { SchemaRegistry } from './registry';
import type { JsonPath, JsonValue, Problem, Schema } from './types';

export type { CompileOptions } from './compile';
export { SchemaRegistry, SchemaRefError } from './registry';

export interface Validator {
  /** Every problem of `value`, located by path; `path` prefixes them (for a value inside a larger document). */
  validate(value: JsonValue, path?: JsonPath): Problem[];
  /** The yes/no answer alone: stops at the first failure and builds no messages. */
  isValid(value: JsonValue): boolean;
}

interface CompilerCache {
  version: number;
  byOptions: Map<boolean, Compiler>;
}

// One compiler per registry and options, so every validator over the same documents shares compiled
// subschemas. A registry that changed since (a document added or replaced) gets a fresh compiler.
const compilers = new WeakMap<SchemaRegistry, CompilerCache>();

function compilerFor(registry: SchemaRegistry, assertFormats: boolean): Compiler {
  let cache = compilers.get(registry);
  if (!cache || cache.version !== registry.version) {
    cache = { version: registry.version, byOptions: new Map() };
    compilers.set(registry, cache);
  }
  let compiler = cache.byOptions.get(assertFormats);
  if (!compiler) {
    compiler = new Compiler(registry, assertFormats);
    cache.byOptions.set(assertFormats, compiler);
  }
  return compiler;
}

/**
 * Compiles the schema at `uri` (a registered document, optionally with a `#fragment`).
 * Throws SchemaRefError when `uri` names nothing registered; a `$ref` inside that cannot be resolved
 * becomes a problem when a value reaches it. Compile again after adding documents to the registry.
 */
export function compile(registry: SchemaRegistry, uri: string, options: CompileOptions = {}): Validator {
  const compiler = compilerFor(registry, options.assertFormats ?? true);
  const found = registry.resolve(uri, '');
  const root = compiler.sub(found.schema, found.base);
  const resource = typeof found.schema === 'object' ? registry.containingResource(found.schema) : undefined;
  // Starting inside a resource that has $dynamicAnchors must still put that resource on the dynamic scope.
  const entry = resource !== undefined && registry.hasDynamicAnchors(resource) && registry.resourceOf(found.schema as object) !== resource
    ? compiler.sub({ $ref: found.uri }, found.base)
    : root;
  return makeValidator(entry);
}

const bySchema = new WeakMap<SchemaRegistry, WeakMap<object, { version: number; validator: Validator }>>();

/**
 * A validator for a subschema object already in hand (completion and hover walk schemas themselves);
 * `base` resolves its relative `$ref`s when the registry did not index it. Cached per object.
 */
export function validatorFor(registry: SchemaRegistry, schema: Schema, base: string, options: CompileOptions = {}): Validator {
  const assertFormats = options.assertFormats ?? true;
  if (typeof schema !== 'object' || schema === null) return makeValidator(compilerFor(registry, assertFormats).sub(schema, base));
  let cache = bySchema.get(registry);
  if (!cache) bySchema.set(registry, (cache = new WeakMap()));
  const hit = assertFormats ? cache.get(schema) : undefined;
  if (hit && hit.version === registry.version) return hit.validator;
  const validator = makeValidator(compilerFor(registry, assertFormats).sub(schema, registry.baseOf(schema) ?? base));
  if (assertFormats) cache.set(schema, { version: registry.version, validator });
  return validator;
}

function makeValidator(entry: Node): Validator {
  return {
    validate: (value, path = []) => validateWith(entry, value, path),
    isValid: (value) => {
      try {
        return entry.valid(value, 0);
      } catch (e) {
        if (e instanceof RangeError) return false;
        throw e;
      }
    },
  };
}

function validateWith(root: Node, value: JsonValue, path: JsonPath): Problem[] {
  try {
    const valid = root.valid(value, 0);
    if (valid && !root.mayWarn()) return [];
    const out: Problem[] = [];
    root.errors(value, path, 0, out, false);
    if (!valid && !out.some((p) => p.severity === 'error')) {
      // Should not happen; if wording and checking ever disagree, the user still learns the value is wrong.
      out.push(problem(path, `${subject(path)} is not valid`, 'schema'));
    }
    return dedupe(out);
  } catch (e) {
    // Deep recursion through references alone (no data nesting) ends here instead of crashing the server.
    if (e instanceof RangeError) return [problem(path, `${subject(path)} is nested too deeply to check`, 'depth')];
    throw e;
  }
}

/** allOf branches and repeated $refs can word the same problem twice; users should see it once. */
function dedupe(problems: Problem[]): Problem[] {
  if (problems.length < 2) return problems;
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.on}\u0000${p.path.join('\u0000')}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
