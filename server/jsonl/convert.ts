// Between the two forms of a job's requests: inline `requests` and the lines of a .jsonl input.
// Each request's text is kept as written; only the line breaks between its tokens go, since a
// line holds one request (JSON strings hold no raw line break, so none is inside a string).

/** One line per request, in order, each ending with a line feed. */
export function requestLines(requests: readonly string[]): string {
  return requests.map((r) => `${oneLine(r)}\n`).join('');
}

/** A request's text on one line: its line breaks, with the indentation around them, become one space. */
export function oneLine(request: string): string {
  return /[\r\n]/.test(request) ? request.replace(/[ \t]*(\r\n|\r|\n)[ \t]*/g, ' ') : request;
}

/** The requests of a .jsonl text: its non-blank lines, as written (without a byte order mark). */
export function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
}

/** The `requests` property holding `lines` as items, indented under a key indented by `indent`. */
export function requestsProperty(lines: readonly string[], indent: string, eol: string): string {
  const inner = `${indent}  `;
  return `"requests": [${eol}${lines.map((l) => `${inner}${l.trim()}`).join(`,${eol}`)}${eol}${indent}]`;
}
