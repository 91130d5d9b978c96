// The JSON data model and the JSON Schema (draft 2020-12) shapes the engine understands.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A location inside a JSON value: property names and array indices from the root. */
export type JsonPath = (string | number)[];

export type Schema = boolean | SchemaObject;

export interface SchemaObject {
  $schema?: string;
  $id?: string;
  $ref?: string;
  $anchor?: string;
  $defs?: Record<string, Schema>;
  $comment?: string;
  title?: string;
  description?: string;
  /** Markdown description, preferred over `description` for hover (VS Code's convention). */
  markdownDescription?: string;
  /** Per-value descriptions for `enum`, in the same order (VS Code's convention). */
  enumDescriptions?: string[];
  default?: JsonValue;
  examples?: JsonValue[];
  deprecated?: boolean;
  type?: SchemaType | SchemaType[];
  enum?: JsonValue[];
  const?: JsonValue;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  patternProperties?: Record<string, Schema>;
  propertyNames?: Schema;
  minProperties?: number;
  maxProperties?: number;
  dependentRequired?: Record<string, string[]>;
  dependentSchemas?: Record<string, Schema>;
  items?: Schema;
  prefixItems?: Schema[];
  contains?: Schema;
  minContains?: number;
  maxContains?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  not?: Schema;
  if?: Schema;
  then?: Schema;
  else?: Schema;
  unevaluatedProperties?: Schema;
  unevaluatedItems?: Schema;
  $dynamicRef?: string;
  $dynamicAnchor?: string;
  /** Replaces the detailed problems of this subschema with one author-written message (VS Code's convention). */
  errorMessage?: string;
  /** Replaces the message of a failed `pattern` (VS Code's convention). */
  patternErrorMessage?: string;
  /** Markdown per-value descriptions for `enum`, in the same order (VS Code's convention). */
  markdownEnumDescriptions?: string[];
}

export type SchemaType = 'null' | 'boolean' | 'object' | 'array' | 'number' | 'integer' | 'string';

export type Severity = 'error' | 'warning';

/** One problem found in a JSON value, located by path; positions are resolved later. */
export interface Problem {
  path: JsonPath;
  /** `key` marks the property name itself (an unknown property), `value` its value. */
  on: 'key' | 'value';
  message: string;
  severity: Severity;
  /** The schema keyword that failed (`type`, `enum`, `required`, ...), or a rule name for batch rules. */
  keyword: string;
  /** A likely intended value for what is underlined (a property name or a value), for a quick fix. */
  suggestion?: string;
  /** For `required`: the property that is missing. */
  missing?: string;
  /** The one value allowed is the default: leaving the property out means the same (a quick fix removes it). */
  removable?: boolean;
}
