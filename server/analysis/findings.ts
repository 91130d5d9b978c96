// What the analysis reports: problems located by text offsets, independent of LSP and of URIs.
import { JsonPath, Severity } from '../schema/types';

export interface RelatedFinding {
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  start: number;
  end: number;
  /** 'information' says what is ignored rather than wrong (OpenAI's line keys in a .jsonl input). */
  severity: Severity | 'information';
  message: string;
  /** The schema keyword or batch rule behind the problem, shown as the diagnostic's code. */
  code: string;
  related?: RelatedFinding[];
  /** What the underlined text was probably meant to be, offered as a quick fix. */
  suggestion?: string;
  /** A fix that is certain, as edits of the text (offsets like the finding's). */
  fix?: FindingFix;
  /** A required property that is missing, and the path of its object: the quick fix adds it. */
  missing?: { name: string; path: JsonPath };
}

export interface FindingFix {
  title: string;
  edits: { start: number; end: number; newText: string }[];
}

/** Moves a finding located inside a piece of text to the offsets of the whole document. */
export function shiftFinding(f: Finding, delta: number): Finding {
  if (delta === 0) return f;
  return {
    ...f,
    start: f.start + delta,
    end: f.end + delta,
    related: f.related?.map((r) => ({ ...r, start: r.start + delta, end: r.end + delta })),
    fix: f.fix && { ...f.fix, edits: f.fix.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) },
  };
}

export function byPosition(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.start - b.start || a.end - b.end;
}
