// Diagnostic codes: short, stable, readable names (not schema keywords), each explained in the
// README's "Problem codes" section, which the diagnostic links to.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const BY_KEYWORD: Record<string, string> = {
  additionalProperties: 'unknown-property',
  unevaluatedProperties: 'unknown-property',
  required: 'missing-property',
  dependentRequired: 'missing-property',
  enum: 'invalid-value',
  const: 'invalid-value',
  type: 'wrong-type',
  minimum: 'out-of-range',
  maximum: 'out-of-range',
  exclusiveMinimum: 'out-of-range',
  exclusiveMaximum: 'out-of-range',
  multipleOf: 'out-of-range',
  minLength: 'invalid-text',
  maxLength: 'invalid-text',
  pattern: 'invalid-text',
  format: 'invalid-text',
  minItems: 'list-size',
  maxItems: 'list-size',
  items: 'list-size',
  uniqueItems: 'invalid-list',
  contains: 'invalid-list',
  prefixItems: 'invalid-list',
  unevaluatedItems: 'list-size',
  minProperties: 'invalid-object',
  maxProperties: 'invalid-object',
  propertyNames: 'invalid-key',
  anyOf: 'no-matching-form',
  oneOf: 'no-matching-form',
  allOf: 'no-matching-form',
  not: 'no-matching-form',
};

/** The readable code for a finding's keyword or rule name; rule names are readable already. */
export function diagnosticCode(keyword: string): string {
  return BY_KEYWORD[keyword] ?? keyword;
}

/**
 * Where a code is explained: the README shipped beside the bundles (dist/ is one level down). A
 * file link, since the extension has no web home; the anchor names the code.
 */
export function codeHref(code: string): string {
  return `${pathToFileURL(resolve(__dirname, '..', 'README.md')).href}#${code}`;
}
