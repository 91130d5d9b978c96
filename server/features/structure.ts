// What VS Code's JSON mode gives a .json file, served for batch files so every editor gets it:
// outline, folding, selection ranges, formatting and links. Wired here so server.ts stays small.
import { CancellationToken, ClientCapabilities, Connection, ServerCapabilities } from 'vscode-languageserver/node';
import { Documents, OpenDocument } from '../documents';
import { Logger, runSafe } from '../runner';
import type { BatchEntry } from './codeLens';
import { formatText } from './formatting';
import { documentLinks } from './links';
import { documentSymbols } from './outline';
import { perVersion } from './perVersion';
import { foldingRanges, selectionRanges } from './ranges';
import { measureAhead } from './requestLayout';

export interface Structure {
  /** The capabilities to announce, given the client's (read at initialize). */
  initialize(client: ClientCapabilities): ServerCapabilities;
}

/** `published(uri)`: settles once the document's pending diagnostics are sent, which the whole-file answers wait for. */
export function registerStructure(
  connection: Connection, documents: Documents, log: Logger, folderOf: (uri: string) => string | undefined, published: (uri: string) => Promise<void>,
): Structure {
  let foldingLimit: number | undefined;
  // Batch files only, but the outline: a .jsonl input holds one request per line, which formatting
  // would not respect; its kind has an outline of its own (a line per request).
  const entryOf = (uri: string) => documents.batch(uri);
  const symbols = perVersion(({ analysis, doc }: BatchEntry) => documentSymbols(analysis, doc));
  const ownSymbols = perVersion(({ analysis }: OpenDocument) => analysis.outline?.() ?? []);
  const folding = perVersion(({ analysis, doc }: BatchEntry) => foldingRanges(analysis, doc, foldingLimit));
  const ahead = async (uri: string, folds: boolean, token: CancellationToken) => {
    const entry = entryOf(uri);
    if (entry) await measureAhead(entry, folds, token);
  };
  connection.onDocumentSymbol(async (params, token) => {
    await published(params.textDocument.uri);
    await ahead(params.textDocument.uri, false, token);
    return runSafe(log, 'document symbols', token, [], () => {
      const entry = entryOf(params.textDocument.uri);
      if (entry) return symbols(entry);
      const other = documents.get(params.textDocument.uri);
      return other ? ownSymbols(other) : [];
    });
  });
  connection.onFoldingRanges(async (params, token) => {
    await published(params.textDocument.uri);
    await ahead(params.textDocument.uri, true, token);
    return runSafe(log, 'folding ranges', token, [], () => {
      const entry = entryOf(params.textDocument.uri);
      return entry ? folding(entry) : [];
    });
  });
  connection.onSelectionRanges((params, token) =>
    runSafe(log, 'selection ranges', token, [], () => {
      const entry = entryOf(params.textDocument.uri);
      return entry ? selectionRanges(entry.analysis, entry.doc, params.positions) : [];
    }),
  );
  connection.onDocumentFormatting((params, token) =>
    runSafe(log, 'formatting', token, [], () => {
      const entry = entryOf(params.textDocument.uri);
      return entry ? formatText(entry.doc, params.options) : [];
    }),
  );
  connection.onDocumentRangeFormatting((params, token) =>
    runSafe(log, 'range formatting', token, [], () => {
      const entry = entryOf(params.textDocument.uri);
      return entry ? formatText(entry.doc, params.options, params.range) : [];
    }),
  );
  connection.onDocumentLinks((params, token) =>
    runSafe(log, 'document links', token, [], () => {
      const entry = entryOf(params.textDocument.uri);
      return entry ? documentLinks(entry.analysis, entry.doc, folderOf(params.textDocument.uri)) : [];
    }),
  );
  return {
    initialize(client) {
      foldingLimit = client.textDocument?.foldingRange?.rangeLimit;
      return {
        documentSymbolProvider: { label: 'Batch job' },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        documentLinkProvider: { resolveProvider: false },
      };
    },
  };
}
