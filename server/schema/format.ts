// `format` is an annotation in draft 2020-12. The product asserts only `uuid` (file ids must be UUIDs);
// every other format name stays an annotation so that schemas behave the same here as in VS Code.

interface FormatRule {
  test(s: string): boolean;
  /** What the value must be, for "`x` must be a UUID". */
  noun: string;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The regular expression behind the asserted `uuid` format, for tests that must agree with it. */
export const UUID_PATTERN: RegExp = UUID;

const RULES: Record<string, FormatRule> = {
  uuid: { test: (s) => s.length === 36 && UUID.test(s), noun: 'a UUID' },
};

/** The rule for an asserted format, or undefined when the format is only an annotation. */
export function formatRule(name: string): FormatRule | undefined {
  return Object.prototype.hasOwnProperty.call(RULES, name) ? RULES[name] : undefined;
}
