// Text edits for the quick fixes that are certain: removing a property with its comma, adding one
// to an object. Offsets are those of the text given (one request, or the whole document).
import { skipSpace } from '../json/segment';
import { Span } from '../json/segment';
import { FindingFix } from './findings';

/** Removes the property whose key and value are at these spans, and the comma that separated it. */
export function removeProperty(text: string, key: Span, value: Span, name: string): FindingFix {
  const valueEnd = value.end;
  const after = skipSpace(text, valueEnd);
  let start = key.start;
  let end = valueEnd;
  if (text.charCodeAt(after) === 44 /* , */) {
    end = skipSpace(text, after + 1);
  } else {
    // The last property: the comma before it goes, and the space between.
    let before = key.start - 1;
    while (before >= 0 && /\s/.test(text[before])) before--;
    if (text.charCodeAt(before) === 44) start = before;
  }
  return { title: `Remove ${JSON.stringify(name)}`, edits: [{ start, end, newText: '' }] };
}

/** Adds `"name": valueText` as the object's first property; `open` is the offset of its `{`. */
export function addProperty(text: string, open: number, name: string, valueText: string, title: string): FindingFix {
  const next = skipSpace(text, open + 1);
  const empty = text.charCodeAt(next) === 125 /* } */;
  const entry = `${JSON.stringify(name)}: ${valueText}`;
  return { title, edits: [{ start: open + 1, end: open + 1, newText: empty ? ` ${entry} ` : ` ${entry},` }] };
}
