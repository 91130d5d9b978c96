// Parsing a piece of JSON text: the native parser when the text is valid, jsonc-parser's
// error-tolerant tree (for positions and syntax errors) only when it is needed.
import { Node, ParseError, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';
import { JsonValue } from '../schema/types';
import { Finding } from './findings';

export const PARSE_OPTIONS = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

export interface Parsed {
  value: JsonValue | undefined;
  syntax: Finding[];
  /** The tree, built at most once and only when a position is asked for. */
  tree(): Node | undefined;
}

/** Deeper nesting than this is reported, not parsed: the tree parser recurses per level. */
export const MAX_NESTING = 1000;

/** jsonc-parser's tree, or undefined where the nesting is too deep to build it safely. */
export function safeParseTree(text: string, errors: ParseError[] = []): Node | undefined {
  return nestingBeyond(text, MAX_NESTING) >= 0 ? undefined : parseTree(text, errors, PARSE_OPTIONS);
}

export function parseJson(text: string): Parsed {
  let cached: Node | undefined;
  let built = false;
  const tree = (): Node | undefined => {
    if (!built) {
      cached = safeParseTree(text);
      built = true;
    }
    return cached;
  };
  try {
    // The native parser is iterative and fast; most texts are valid.
    return { value: JSON.parse(text) as JsonValue, syntax: [], tree };
  } catch {
    const tooDeep = nestingBeyond(text, MAX_NESTING);
    if (tooDeep >= 0) {
      return {
        value: undefined,
        syntax: [{ start: tooDeep, end: tooDeep + 1, severity: 'error', code: 'too-deep', message: `nesting is deeper than ${MAX_NESTING} levels here; a batch file never needs that many, so this part is not checked` }],
        tree: () => undefined,
      };
    }
    const errors: ParseError[] = [];
    cached = parseTree(text, errors, PARSE_OPTIONS);
    built = true;
    return {
      value: cached ? (getNodeValue(cached) as JsonValue) : undefined,
      syntax: errors.map((e) => syntaxFinding(e, text)),
      tree,
    };
  }
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character here; a JSON value, `,`, `:` or a closing bracket was expected',
  InvalidNumberFormat: 'this number is not valid JSON',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected here',
  ColonExpected: 'a `:` was expected after the property name',
  CommaExpected: 'a `,` was expected between these items',
  CloseBraceExpected: 'a closing `}` was expected',
  CloseBracketExpected: 'a closing `]` was expected',
  EndOfFileExpected: 'only one JSON value is allowed; remove what follows it',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'this string is not closed; add the closing `"` on the same line',
  UnexpectedEndOfNumber: 'this number is cut short',
  InvalidUnicode: 'invalid `\\u` escape: four hexadecimal digits were expected',
  InvalidEscapeCharacter: 'invalid escape sequence in this string',
  InvalidCharacter: 'control characters must be escaped inside strings',
};

function syntaxFinding(e: ParseError, text: string): Finding {
  const code = printParseErrorCode(e.error);
  let message = SYNTAX_MESSAGES[code] ?? code;
  // A comma right before a closing bracket is the most common slip; say so plainly.
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && /^\s*[}\]]/.test(text.slice(e.offset))) {
    const before = text.slice(0, e.offset).trimEnd();
    if (before.endsWith(',')) message = 'trailing comma: JSON does not allow a `,` before a closing bracket';
  }
  const end = e.length > 0 ? e.offset + e.length : Math.min(e.offset + 1, text.length);
  return { start: e.offset, end: Math.max(end, e.offset), severity: 'error', message, code: 'syntax' };
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
