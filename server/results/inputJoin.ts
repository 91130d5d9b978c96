// The lines of an open .jsonl input as requests the join can read: one request a line, its custom_id
// as the line engine found it, and a hash of the line to compare with what was submitted.
import { lineHash } from '../../core/results';
import type { RequestRef } from '../analysis/analysis';
import { JsonlAnalysis } from '../jsonl/analysis';
import { lineContent } from '../jsonl/line';
import { BatchDocument } from '../text/document';
import type { JoinableRequests } from './batchJoin';

export class InputRequests implements JoinableRequests {
  constructor(private readonly doc: BatchDocument, private readonly analysis: JsonlAnalysis) {}

  requestCount(): number {
    return this.doc.lineCount;
  }

  requestId(i: number): string | undefined {
    return this.analysis.lineRequest(i)?.customId;
  }

  requestAt(offset: number): number {
    return this.doc.lineAt(offset);
  }

  /** The line is hashed when asked, so only the lines a hint or hover compares are. */
  requestRef(i: number): RequestRef {
    const start = this.doc.lineStart(i);
    const next = i + 1 < this.doc.lineCount ? this.doc.lineStart(i + 1) : this.doc.length;
    const text = lineContent(this.doc.slice(start, next));
    const id = this.analysis.lineRequest(i);
    return {
      customId: id?.customId,
      idSpan: id && { start: start + id.idStart, end: start + id.idEnd },
      span: { start, end: start + text.length },
      get hash() {
        return id && lineHash(text);
      },
    };
  }
}
