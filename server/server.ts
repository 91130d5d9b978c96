// The language server: capabilities, handler registration, settings and publishing.
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CancellationToken, CodeActionKind, CodeLens, CodeLensRefreshRequest, Connection, DidChangeConfigurationNotification, InitializeResult, MessageType, ShowMessageNotification, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import {
  BatchTemplatesRequest, CheckFileRequest, CheckInputFileRequest, CodeLensesOnLinesRequest, ModelCatalogueNotification, TryTargetRequest,
} from '../core/protocol';
import { DEFAULT_SERVER_SETTINGS, SERVER_SETTING_SECTIONS, ServerSettings, SETTINGS_SECTION } from '../core/settings';
import { formActions } from './jsonl/actions';
import { nodeFiles } from './jsonl/namers';
import { registerInputs, workspaceFolders } from './jsonl/wiring';
import { DiskChecks, ProblemPage } from './jsonl/diskCheck';
import { readText } from '../core/submit/readText';
import { BatchAnalysis } from './analysis/analysis';
import { shownFindings, toDiagnostics } from './analysis/check';
import { missingInputFindings } from './analysis/inputs';
import { checkInputLines } from './analysis/preflight';
import { checkRequest } from './analysis/requestCheck';
import { Documents } from './documents';
import { adaptCompletion, clientProfile, ClientProfile } from './features/clientQuirks';
import { codeLenses, Lines, onLines, resolveTryLens, tryArgs, tryLensUri } from './features/codeLens';
import { complete } from './features/completion';
import { SchemaServices } from './features/context';
import { hover } from './features/hover';
import { quickFixes } from './features/quickFix';
import { registerStructure } from './features/structure';
import { measureAhead } from './features/requestLayout';
import { batchTemplates } from './features/templates';
import { describeError, runSafe } from './runner';
import { batchSchemas } from './schema/load';
import { schemaServices } from './schema/services';
import { BatchDocument } from './text/document';
import { ResultsFeature } from './results/feature';
import { jobTotalsStub, resolveJobTotals, totalsLensUri } from './models/codeLens';
import { modelHover } from './models/hover';
import { tokenCounter } from './models/tokenCounter';
import { startingCatalogue } from './models/source';
import { modelContext } from './models/checks';

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
  let catalogue = startingCatalogue(process.env);
  const tokens = tokenCounter(log);
  connection.onExit(() => tokens.dispose());
  const documents = new Documents(() => getServices().schemas, [inputs], (uri, reason) => {
    // Nothing in LSP asks a client for a document's text: only reopening (or a whole-text change) restores it.
    log.error(`lost track of ${uri}: ${reason}; its problems are cleared until it is reopened`);
    const message = `Mistral Batch: the language server lost track of ${uri} (${reason}). Close and reopen the file to check it again.`;
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }, () => catalogue);
  const structure = registerStructure(connection, documents, log, folderOf, (uri) => published(uri));

  let snippets = false;
  /** Asks the editor for every lens again; undefined when the client cannot be asked. */
  let refreshCodeLenses: (() => void) | undefined;
  let pullConfiguration = false;
  let registerConfiguration = false;
  let profile: ClientProfile = { choiceSnippets: true };
  let initialSettings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  const settings = new Map<string, Promise<ServerSettings>>();
  const pending = new Map<string, NodeJS.Immediate>();
  // The whole-file answers (outline, folding, lenses) wait for the latest publish: answered first,
  // their megabytes would reach the editor before the document's problems.
  const publishing = new Map<string, Promise<void>>();
  const published = (uri: string): Promise<void> => publishing.get(uri) ?? Promise.resolve();

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

  const disk = new DiskChecks({
    connection, schemas: () => getServices().schemas, inputs, catalogue: () => catalogue, log,
    maxProblems: async (uri) => (await settingsFor(uri)).maxProblems,
    openCounts: (uri) => {
      const entry = documents.get(uri);
      return entry && { lines: entry.doc.lineCount, ...entry.analysis.counts() };
    },
  });

  const results: ResultsFeature = new ResultsFeature({
    connection, documents, schemas: () => getServices().schemas, settingsFor, republish: (uri) => publish(uri), namings: (uri) => inputs.batchFilesOf(uri), log,
  });

  const publish = (uri: string) => {
    // Several changes in a row publish once, with the latest state.
    if (pending.has(uri)) return;
    let done!: () => void;
    const sent = new Promise<void>((resolve) => (done = resolve));
    publishing.set(uri, sent);
    pending.set(uri, setImmediate(() => {
      pending.delete(uri);
      const joined = documents.get(uri);
      const joinFindings = results.diagnostics(uri, () => publish(uri));
      void Promise.all([settingsFor(uri), (joinFindings ?? Promise.resolve([])).catch((e: unknown) => (log.error(`joining results failed: ${describeError(e)}`), []))]).then(([s, outcomes]) => {
        const entry = documents.get(uri);
        if (!entry || entry !== joined) return;
        try {
          const { page } = shownFindings(entry.analysis, s.maxProblems, folderOf(uri));
          const diagnostics = [...toDiagnostics(page, entry.doc, s.maxProblems), ...outcomes];
          void connection.sendDiagnostics({ uri, version: entry.doc.version, diagnostics });
        } catch (e) {
          log.error(`checking ${uri} failed: ${describeError(e)}`);
        }
      }).finally(() => {
        if (publishing.get(uri) === sent) publishing.delete(uri);
        done();
      });
    }));
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    snippets = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    refreshCodeLenses = caps.workspace?.codeLens?.refreshSupport === true ? () => void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined) : undefined;
    pullConfiguration = caps.workspace?.configuration === true;
    registerConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    profile = clientProfile(params);
    initialSettings = readSettings(params.initializationOptions, DEFAULT_SERVER_SETTINGS);
    inputs.setFolders(workspaceFolders(params));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: ['"', ':'] },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.RefactorInline] },
        codeLensProvider: { resolveProvider: true },
        ...results.initialize(params),
        ...structure.initialize(caps),
      },
      serverInfo: { name: 'mistral-batch-language-server' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration && registerConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SERVER_SETTING_SECTIONS });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    for (const uri of documents.uris()) publish(uri);
    // Hints and outcome lenses follow resultHints, and an editor asks for them again only when told.
    results.refreshHintsShown();
    refreshCodeLenses?.();
  });

  connection.onDidOpenTextDocument(({ textDocument: t }) => {
    if (results.owns(t.uri)) return results.resultsDocs.didOpen(t.uri, t.version, t.text);
    guard(log, 'open', () => documents.didOpen(t.uri, t.version, t.text, t.languageId));
    guard(log, 'open', () => inputs.changed(t.uri));
    disk.opened(t.uri);
    publish(t.uri);
  });

  connection.onDidChangeTextDocument(({ textDocument: t, contentChanges }) => {
    if (results.owns(t.uri)) return results.resultsDocs.didChange(t.uri, t.version, contentChanges);
    guard(log, 'change', () => documents.didChange(t.uri, t.version, contentChanges));
    guard(log, 'change', () => inputs.changed(t.uri));
    publish(t.uri);
  });

  connection.onDidCloseTextDocument(({ textDocument: t }) => {
    if (results.owns(t.uri)) return results.resultsDocs.didClose(t.uri);
    documents.didClose(t.uri);
    settings.delete(t.uri);
    void connection.sendDiagnostics({ uri: t.uri, diagnostics: [] });
  });

  connection.onCompletion((params, token) =>
    runSafe(log, 'completion', token, [], () => {
      const entry = documents.get(params.textDocument.uri);
      if (!entry) return [];
      const offset = entry.doc.offsetAt(params.position);
      return adaptCompletion(complete(getServices(), entry.analysis, entry.doc, offset, { snippets }), entry.doc, offset, profile);
    }),
  );

  connection.onHover(async (params, token) => {
    const entry = documents.get(params.textDocument.uri);
    const batch = documents.batch(params.textDocument.uri);
    // On a custom_id whose job's results are beside the file, the outcome is the answer.
    const outcome = entry && (await results.hover(params.textDocument.uri, params.position).catch((e: unknown) => {
      log.error(`hover on a result failed: ${describeError(e)}`);
      return null;
    }));
    return outcome ?? runSafe(log, 'hover', token, null, () => {
      if (!entry) return null;
      const offset = entry.doc.offsetAt(params.position);
      const base = hover(getServices(), entry.analysis, entry.doc, offset);
      return batch ? modelHover(batch.analysis, batch.doc, offset, base, tokens.count).catch((e: unknown) => (log.error(`hover on a model or request failed: ${describeError(e)}`), base)) : base;
    });
  });

  connection.onNotification(ModelCatalogueNotification, (params) => {
    catalogue = params.catalogue;
    guard(log, 'model catalogue', () => documents.setCatalogue(catalogue));
    for (const uri of documents.uris()) publish(uri);
  });

  connection.onCodeAction((params, token) => runSafe(log, 'code action', token, [], () => {
    const entry = documents.get(params.textDocument.uri);
    const batch = documents.batch(params.textDocument.uri);
    return [...quickFixes(params, batch && { services: getServices(), analysis: batch.analysis, doc: batch.doc }), ...(entry ? formActions(entry, params.range, nodeFiles, openText) : [])];
  }));

  connection.onRequest(BatchTemplatesRequest, () => ({ templates: batchTemplates(getServices(), true) }));

  const lensesOf = async (uri: string, token: CancellationToken, lines?: Lines) => {
    await published(uri);
    const batch = lines ? undefined : documents.batch(uri);
    if (batch) await measureAhead(batch, false, token);
    const on = (lenses: CodeLens[]) => (lines ? lenses.filter((l) => onLines(l.range.start.line, lines)) : lenses);
    const lenses = runSafe(log, 'code lens', token, [], () => {
      const entry = documents.batch(uri);
      if (!entry) return [];
      const totals = jobTotalsStub(entry.analysis, entry.doc);
      return [...on(totals ? [totals] : []), ...codeLenses(entry, lines)];
    });
    // Outcomes of the results join, for a client without inlay hints.
    const outcomes = await results.codeLenses(uri).catch((e: unknown) => (log.error(`outcome lenses failed: ${describeError(e)}`), []));
    return Array.isArray(lenses) ? [...lenses, ...on(outcomes)] : lenses;
  };
  connection.onCodeLens((params, token) => lensesOf(params.textDocument.uri, token));
  connection.onRequest(CodeLensesOnLinesRequest, ({ textDocument, lines }, token) => lensesOf(textDocument.uri, token, lines));

  connection.onRequest(TryTargetRequest, ({ uri, position }, token) => runSafe(log, 'try target', token, null, () => {
    const entry = documents.batch(uri);
    return (entry && tryArgs(entry, entry.analysis.requestAt(entry.doc.offsetAt(position)))) ?? null;
  }));

  connection.onCodeLensResolve(async (lens, token) => {
    const tryUri = tryLensUri(lens);
    if (tryUri !== undefined) {
      const entry = documents.batch(tryUri);
      return entry ? resolveTryLens(lens, entry) : lens;
    }
    const uri = totalsLensUri(lens);
    const entry = uri === undefined ? undefined : documents.batch(uri);
    if (!entry) return lens;
    return resolveJobTotals(entry.analysis, lens, token, tokens.count, refreshCodeLenses).catch((e: unknown) => {
      log.error(`counting tokens failed: ${describeError(e)}`);
      return lens;
    });
  });

  connection.onRequest(CheckFileRequest, async ({ uri, text, request }) => {
    const open = documents.batch(uri);
    // The open document's analysis is reused only when it is of the very text asked about.
    const reusable = open && (text === undefined || open.doc.getText() === text) ? open : undefined;
    const doc = reusable?.doc ?? new BatchDocument(uri, 0, text ?? (await readText(fileURLToPath(uri))));
    const analysis = reusable?.analysis ?? new BatchAnalysis(getServices().schemas, doc, catalogue);
    if (request !== undefined) return checkRequest(analysis, doc, request);
    const counts = analysis.counts();
    const folder = folderOf(uri);
    if (folder === undefined) return counts;
    const missing = missingInputFindings(analysis.localInputs(), folder).length;
    // The lines of local .jsonl inputs too, as `mistral-batch submit` checks them; their problems are
    // published for each input, as "Check Batch Input File" does, so the Problems view shows them.
    const max = (await settingsFor(uri)).maxProblems;
    const pages = new Map<string, ProblemPage>();
    const pageOf = (path: string): ProblemPage => {
      const page = pages.get(path) ?? new ProblemPage(pathToFileURL(path).href, max);
      pages.set(path, page);
      return page;
    };
    const job = { ...analysis.job, localInputs: analysis.localInputs().map((i) => i.written), modelContext: modelContext(catalogue, analysis.job.model) };
    const checked = await checkInputLines(getServices().schemas, fileURLToPath(uri), job, (_input, found, path) => pageOf(path).add(found), { onThreadFailure: (why) => log.error(why) });
    // Too many requests in all is said first on the first input, where the Problems view shows it.
    const first = checked.inputs[0];
    if (checked.tooMany && first) pageOf(first.path).addFirst({ line: 0, start: 0, end: 0, severity: 'error', code: 'too-many-requests', message: checked.tooMany });
    const lines = { errors: 0, warnings: 0 };
    for (const { path } of checked.inputs) {
      const page = pageOf(path);
      lines.errors += page.errors;
      lines.warnings += page.warnings;
      disk.publish(page);
    }
    const inputs = checked.inputs.flatMap(({ path, identity }) => (identity ? [{ path, identity }] : []));
    return { errors: counts.errors + missing + lines.errors, warnings: counts.warnings + lines.warnings, inputs };
  });

  connection.onRequest(CheckInputFileRequest, (params, token) => disk.check(params, token));

  results.register();
  // One handler: JSON-RPC keeps only the last one registered. The client watches batch files (which
  // may name inputs anew) and results files.
  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) inputs.changed(change.uri);
    results.filesChanged(changes);
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
    resultHints: typeof source.resultHints === 'boolean' ? source.resultHints : fallback.resultHints,
  };
}
