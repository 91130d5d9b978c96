// Quick fixes where the fix is certain: a likely typo (the diagnostic carries the replacement),
// edits the analysis worked out (remove a property that may only have its default, add a
// custom_id), and a required property added with a skeleton that fits its schema.
import { CodeActionParams } from 'vscode-languageserver-protocol';
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { findNodeAtLocation } from 'jsonc-parser';
import { DIAGNOSTIC_SOURCE, FixData } from '../analysis/check';
import { BatchAnalysis } from '../analysis/analysis';
import { addProperty } from '../analysis/fixes';
import { PositionMap } from '../text/document';
import { SchemaServices, cursorAt, schemasAt } from './context';
import { requiredValueText } from './skeletons';

export interface FixContext {
  services: SchemaServices;
  analysis: BatchAnalysis;
  doc: PositionMap;
}

export function quickFixes(params: CodeActionParams, context?: FixContext): CodeAction[] {
  const actions: CodeAction[] = [];
  const uri = params.textDocument.uri;
  for (const diagnostic of params.context.diagnostics) {
    const data = dataOf(diagnostic);
    if (!data) continue;
    const action = (title: string, edits: TextEdit[]): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: edits } },
    });
    if (typeof data.replacement === 'string') actions.push(action(`Change to ${data.replacement}`, [{ range: diagnostic.range, newText: data.replacement }]));
    if (data.fix) actions.push(action(data.fix.title, data.fix.edits));
    if (data.missing && context) {
      const edits = addMissing(context, diagnostic, data.missing.name, data.missing.path);
      if (edits) actions.push(action(`Add ${JSON.stringify(data.missing.name)}`, edits));
    }
  }
  return actions;
}

/** Adds the missing property as the first of its object, with a value that fits its schema. */
function addMissing({ services, analysis, doc }: FixContext, diagnostic: Diagnostic, name: string, path: (string | number)[]): TextEdit[] | undefined {
  const cursor = cursorAt(analysis, doc.offsetAt(diagnostic.range.start));
  const { prefix } = cursor.piece;
  if (!cursor.tree || path.length < prefix.length || prefix.some((step, i) => path[i] !== step)) return undefined;
  const object = findNodeAtLocation(cursor.tree, path.slice(prefix.length));
  if (object?.type !== 'object') return undefined;
  // The child's own path: a request's `body` then starts from the endpoint's body schema.
  const child = schemasAt(services, analysis, [...path, name], cursor.valueAt);
  if (child.length === 0) return undefined;
  const fix = addProperty(cursor.piece.text, object.offset, name, requiredValueText(services, child, [...path, name]), '');
  return fix.edits.map((e) => ({
    range: { start: doc.positionAt(cursor.piece.toDocument(e.start)), end: doc.positionAt(cursor.piece.toDocument(e.end)) },
    newText: e.newText,
  }));
}

function dataOf(d: Diagnostic): FixData | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE || typeof d.data !== 'object' || d.data === null) return undefined;
  return d.data as FixData;
}
