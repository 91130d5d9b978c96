// What the LSP tests of the results join share: the join's diagnostics and its inlay hints as text.
import { Diagnostic, InlayHint } from 'vscode-languageserver-protocol/node';
import { LspClient } from './harness';

export const JOIN = 'mistral-batch results';

/** The next diagnostics that include the join's (the results are read after the document's own are published). */
export async function joinedDiagnostics(client: LspClient, uri: string, first: Promise<Diagnostic[]>, accept: (messages: string[]) => boolean = (m) => m.length > 0): Promise<string[]> {
  for (let d = await first; ; d = await client.diagnostics(uri)) {
    const messages = d.filter((x) => x.source === JOIN).map((x) => x.message);
    if (accept(messages)) return messages;
  }
}

export const fullRange = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };
export const labels = (hints: InlayHint[] | null) => (hints ?? []).map((h) => `${h.position.line}:${String(h.label)}`);
