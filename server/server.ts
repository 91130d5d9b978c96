// The language server: capabilities, handler registration, settings and publishing.
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeActionKind, Connection, DidChangeConfigurationNotification, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { CheckFileRequest, DEFAULT_SERVER_SETTINGS, SETTINGS_SECTION, ServerSettings } from '../core/protocol';
import { formActions } from './jsonl/actions';
import { nodeFiles } from './jsonl/namers';
import { registerInputs, workspaceFolders } from './jsonl/wiring';
import { readText } from '../core/submit/readText';
import { BatchAnalysis } from './analysis/analysis';
import { shownFindings, toDiagnostics } from './analysis/check';
import { missingInputFindings } from './analysis/inputs';
import { Documents } from './documents';
import { complete } from './features/completion';
import { SchemaServices } from './features/context';
import { hover } from './features/hover';
import { quickFixes } from './features/quickFix';
import { describeError, runSafe } from './runner';
import { batchSchemas } from './schema/load';
import { schemaServices } from './schema/services';

export function startServer(connection: Connection): void {
  const log = {
    error: (m: string) => connection.console.error(m),
    info: (m: string) => connection.console.info(m),
  };
  // Schemas are loaded on first use, not at start-up.
  let services: SchemaServices | undefined;
  const getServices = () => (services ??= schemaServices(batchSchemas()));
  const openText = (path: string) => documents.get(pathToFileURL(path).href)?.analysis.getText();
  const inputs = registerInputs(connection, () => getServices().schemas, openText, (uri) => publish(uri));
  const documents = new Documents(() => getServices().schemas, [inputs]);

  let snippets = false;
  let pullConfiguration = false;
  let initialSettings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  const settings = new Map<string, Promise<ServerSettings>>();
  const pending = new Map<string, NodeJS.Immediate>();

  const settingsFor = (uri: string): Promise<ServerSettings> => {
    if (!pullConfiguration) return Promise.resolve(initialSettings);
    let s = settings.get(uri);
    if (!s) {
      s = connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then((raw: unknown) => readSettings(raw, initialSettings), () => initialSettings);
      settings.set(uri, s);
    }
    return s;
  };

  const publish = (uri: string) => {
    // Several changes in a row publish once, with the latest state.
    if (pending.has(uri)) return;
    pending.set(uri, setImmediate(() => {
      pending.delete(uri);
      void settingsFor(uri).then((s) => {
        const entry = documents.get(uri);
        if (!entry) return;
        try {
          const { page } = shownFindings(entry.analysis, s.maxProblems, folderOf(uri));
          const diagnostics = toDiagnostics(page, entry.doc, s.maxProblems);
          void connection.sendDiagnostics({ uri, version: entry.doc.version, diagnostics });
        } catch (e) {
          log.error(`checking ${uri} failed: ${describeError(e)}`);
        }
      });
    }));
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    snippets = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    pullConfiguration = caps.workspace?.configuration === true;
    initialSettings = readSettings(params.initializationOptions, DEFAULT_SERVER_SETTINGS);
    inputs.setFolders(workspaceFolders(params));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['"', ':'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.RefactorInline] },
      },
      serverInfo: { name: 'mistral-batch-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    for (const uri of documents.uris()) publish(uri);
  });

  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    guard(log, 'open', () => documents.didOpen(t.uri, t.version, t.text, t.languageId));
    guard(log, 'open', () => inputs.changed(t.uri));
    publish(t.uri);
  });

  connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
    guard(log, 'change', () => documents.didChange(t.uri, t.version, contentChanges));
    guard(log, 'change', () => inputs.changed(t.uri));
    publish(t.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument: t }) => {
    documents.didClose(t.uri);
    settings.delete(t.uri);
    void connection.sendDiagnostics({ uri: t.uri, diagnostics: [] });
  });

  connection.onCompletion((params, token) =>
    runSafe(log, 'completion', token, [], () => {
      const entry = documents.get(params.textDocument.uri);
      if (!entry) return [];
      return complete(getServices(), entry.analysis, entry.doc, entry.doc.offsetAt(params.position), { snippets });
    }),
  );

  connection.onHover((params, token) =>
    runSafe(log, 'hover', token, null, () => {
      const entry = documents.get(params.textDocument.uri);
      if (!entry) return null;
      return hover(getServices(), entry.analysis, entry.doc, entry.doc.offsetAt(params.position));
    }),
  );

  connection.onCodeAction((params, token) => runSafe(log, 'code action', token, [], () => {
    const entry = documents.get(params.textDocument.uri);
    return [...quickFixes(params), ...(entry ? formActions(entry, params.range, nodeFiles, openText) : [])];
  }));

  connection.onRequest(CheckFileRequest, async ({ uri, text }) => {
    const open = documents.get(uri);
    // The open document's analysis is reused only when it is of the very text asked about.
    const reusable = open && (text === undefined || open.doc.getText() === text) ? open.analysis : undefined;
    const analysis = reusable ?? new BatchAnalysis(getServices().schemas, text ?? (await readText(fileURLToPath(uri))));
    const counts = analysis.counts();
    const folder = folderOf(uri);
    const missing = folder === undefined ? 0 : missingInputFindings(analysis.localInputs(), folder).length;
    return { ...counts, errors: counts.errors + missing };
  });

  connection.listen();
}

/** The folder of a document on disk, where its local inputs are looked for; undefined for other schemes. */
function folderOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? dirname(fileURLToPath(uri)) : undefined;
  } catch {
    return undefined;
  }
}

function guard(log: { error(m: string): void }, what: string, work: () => unknown): void {
  try {
    work();
  } catch (e) {
    log.error(`${what} failed: ${describeError(e)}`);
  }
}

function readSettings(raw: unknown, fallback: ServerSettings): ServerSettings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const max = source.maxProblems;
  return {
    maxProblems: typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : fallback.maxProblems,
  };
}
