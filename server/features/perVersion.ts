// Whole-file answers kept for the document version they were made for. An editor asks the same
// version again and again (outline, breadcrumbs and sticky scroll each ask for symbols after an
// edit), and at 10,000 requests each answer costs tens of milliseconds, queued before the next one.
import type { BatchDocument } from '../text/document';

/** `compute` memoised per document, for as long as its version stays the same. Callers must not change the value. */
export function perVersion<E extends { doc: BatchDocument }, T>(compute: (entry: E) => T): (entry: E) => T {
  const kept = new WeakMap<BatchDocument, { version: number; value: T }>();
  return (entry) => {
    const hit = kept.get(entry.doc);
    if (hit && hit.version === entry.doc.version) return hit.value;
    const value = compute(entry);
    kept.set(entry.doc, { version: entry.doc.version, value });
    return value;
  };
}
