// Parsing a piece of JSON text: the native parser when the text is valid, jsonc-parser's
// error-tolerant tree (for positions and syntax errors) only when it is needed.
import { Node, ParseError, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import { Locator, locate, locateInText } from '../json/locate';
import { JsonValue } from '../schema/types';
import { Finding } from './findings';

export const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

export interface Parsed {
  value: JsonValue | undefined;
  syntax: Finding[];
  /**
   * Finds the span of a path: over the text itself when it is valid JSON, else in jsonc-parser's
   * tree (built at most once); undefined when the text is nested too deeply to place anything.
   */
  locator(): Locator | undefined;
}

/** Deeper nesting than this is reported, not parsed: the tree parser recurses per level. */
export const MAX_NESTING = 1000;

/** jsonc-parser's tree, or undefined where the nesting is too deep to build it safely. */
export function safeParseTree(text: string, errors: ParseError[] = []): Node | undefined {
  return nestingBeyond(text, MAX_NESTING) >= 0 ? undefined : parseTree(text, errors, PARSE_OPTIONS);
}

export function parseJson(text: string): Parsed {
  try {
    // The native parser is iterative and fast; most texts are valid.
    const value = JSON.parse(text) as JsonValue;
    return { value, syntax: [], locator: () => (path, on) => locateInText(text, path, on) };
  } catch {
    const tooDeep = nestingBeyond(text, MAX_NESTING);
    if (tooDeep >= 0) {
      return {
        value: undefined,
        syntax: [{ start: tooDeep, end: tooDeep + 1, severity: 'error', code: 'too-deep', message: `nesting is deeper than ${MAX_NESTING} levels here; a batch file never needs that many, so this part is not checked` }],
        locator: () => undefined,
      };
    }
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, PARSE_OPTIONS);
    return {
      value: tree ? (getNodeValue(tree) as JsonValue) : undefined,
      syntax: syntaxFindings(errors, text),
      locator: () => (tree ? (path, on) => locate(tree, path, on) : undefined),
    };
  }
}

/** What a second value after the first one is told (`{…} {…}`), so a .jsonl check can say it its way. */
export const SECOND_VALUE_MESSAGE = 'only one JSON value is allowed; remove what follows it';

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character here; a JSON value, `,`, `:` or a closing bracket was expected',
  InvalidNumberFormat: 'this number is not valid JSON',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected here',
  ColonExpected: 'a `:` was expected after the property name',
  CommaExpected: 'a `,` was expected between these items',
  CloseBraceExpected: 'a closing `}` was expected',
  CloseBracketExpected: 'a closing `]` was expected',
  EndOfFileExpected: SECOND_VALUE_MESSAGE,
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'this string is not closed; add the closing `"` on the same line',
  UnexpectedEndOfNumber: 'this number is cut short',
  InvalidUnicode: 'invalid `\\u` escape: four hexadecimal digits were expected',
  InvalidEscapeCharacter: 'invalid escape sequence in this string',
  InvalidCharacter: 'control characters must be escaped inside strings',
};

/**
 * The parser's recovery tends to report one slip several times (`,}` gives two errors on the `}`,
 * `01` three): an error that starts inside or right at the end of the one before is left out.
 */
function syntaxFindings(errors: ParseError[], text: string): Finding[] {
  const out: Finding[] = [];
  for (const e of errors) {
    const f = syntaxFinding(e, text);
    const last = out[out.length - 1];
    if (last && f.start <= last.end) continue;
    out.push(f);
  }
  return out;
}

function syntaxFinding(e: ParseError, text: string): Finding {
  const code = printParseErrorCode(e.error);
  const end = e.length > 0 ? e.offset + e.length : Math.min(e.offset + 1, text.length);
  const finding: Finding = { start: e.offset, end: Math.max(end, e.offset), severity: 'error', message: SYNTAX_MESSAGES[code] ?? code, code: 'syntax' };
  // A comma right before a closing bracket is the most common slip: say so, on the comma.
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && /^\s*[}\]]/.test(text.slice(e.offset, e.offset + 256))) {
    const comma = text.slice(0, e.offset).trimEnd().length - 1;
    if (comma >= 0 && text[comma] === ',') {
      return { ...finding, start: comma, end: comma + 1, message: 'trailing comma: JSON does not allow a `,` before a closing bracket; remove it' };
    }
  }
  // `01`: the parser reads a 0, then stumbles on the digit after it.
  const zero = /-?0$/.exec(text.slice(Math.max(0, e.offset - 2), e.offset));
  if (zero && /[0-9]/.test(text[e.offset] ?? '') && !/[0-9.eE]/.test(text[e.offset - zero[0].length - 1] ?? '')) {
    const start = e.offset - zero[0].length;
    const literal = /^-?[0-9][0-9.eE+-]*/.exec(text.slice(start, start + 64))?.[0] ?? '';
    const meant = Number(literal);
    const fix = Number.isFinite(meant) ? `: write \`${meant}\`` : '';
    return { ...finding, start, end: start + literal.length, message: `a JSON number cannot start with 0 followed by digits${fix}` };
  }
  return finding;
}

/** The offset where nesting first exceeds `limit`, or -1. Strings are skipped so brackets in them do not count. */
function nestingBeyond(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */ || c === 10 /* line feed ends a broken string */) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return -1;
}
