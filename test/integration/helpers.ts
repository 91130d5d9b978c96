// Shared helpers for the integration suite. Everything waits on VS Code events or on a condition
// checked when something changes; nothing sleeps for a fixed time.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'mistral-batch-tools.mistral-batch';
export const LANGUAGE_ID = 'mistral-batch';

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code (is the publisher or name in package.json different?)`);
  return ext;
}

/** The extension's own package.json, read from disk where the extension host loaded it. */
export function manifest(): {
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    menus?: Record<string, { command?: string; submenu?: string }[]>;
    keybindings?: { command: string }[];
    views?: Record<string, { id: string }[]>;
  };
} {
  return JSON.parse(fs.readFileSync(path.join(extension().extensionPath, 'package.json'), 'utf8'));
}

/** The test workspace: a fresh copy of test/fixtures/e2e-workspace made by the launcher. */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open: the launcher must open a copy of test/fixtures/e2e-workspace');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Resolves once `check()` returns a value other than undefined, re-checking whenever `events` fire.
 * Rejects after `timeoutMs` with `describe()` in the message, to show what was there instead.
 */
export function waitFor<T>(
  what: string,
  check: () => T | undefined,
  events: vscode.Event<unknown>[],
  { timeoutMs = 30_000, describe }: { timeoutMs?: number; describe?: () => string } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const done = (fn: () => void): void => {
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      fn();
    };
    const attempt = (): void => {
      let value: T | undefined;
      try {
        value = check();
      } catch (err) {
        done(() => reject(err));
        return;
      }
      if (value !== undefined) done(() => resolve(value as T));
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${describe ? `; found: ${describe()}` : ''}`))),
      timeoutMs,
    );
    for (const event of events) subs.push(event(attempt));
    attempt();
  });
}

/**
 * Resolves once the extension is active. Activation has no event in the API; the extension host
 * activates in response to the document events, so those are what is waited on, with a short
 * re-check tick as a safety net for activation finishing between two events.
 */
export async function waitForActivation(timeoutMs = 30_000): Promise<vscode.Extension<unknown>> {
  const ext = extension();
  const tick = new vscode.EventEmitter<void>();
  const interval = setInterval(() => tick.fire(), 100);
  try {
    await waitFor('the extension to activate', () => (ext.isActive ? true : undefined), [tick.event, vscode.workspace.onDidOpenTextDocument], {
      timeoutMs,
      describe: () => `isActive=${ext.isActive}`,
    });
  } finally {
    clearInterval(interval);
    tick.dispose();
  }
  return ext;
}

export function formatDiagnostics(diags: readonly vscode.Diagnostic[]): string {
  if (diags.length === 0) return '(no diagnostics)';
  return diags
    .map((d) => `line ${d.range.start.line + 1}: ${vscode.DiagnosticSeverity[d.severity]}: ${d.message}`)
    .join('; ');
}

/**
 * Runs `action` and resolves with the document's diagnostics once a diagnostics change for it
 * satisfies `accept`. Subscribes before acting, so a publication cannot be missed.
 */
export async function diagnosticsAfter(
  uri: vscode.Uri,
  action: () => Thenable<unknown> | void,
  accept: (diags: vscode.Diagnostic[]) => boolean,
  what: string,
  { timeoutMs = 30_000, fresh = true }: { timeoutMs?: number; fresh?: boolean } = {},
): Promise<vscode.Diagnostic[]> {
  // fresh: only a publication that came after `action` counts. Without it, diagnostics already
  // there are accepted too (for a predicate that stale diagnostics cannot satisfy by accident).
  let changed = !fresh;
  const sub = vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === uri.toString())) changed = true;
  });
  try {
    const waiting = waitFor(
      what,
      () => {
        const diags = vscode.languages.getDiagnostics(uri);
        return changed && accept(diags) ? diags : undefined;
      },
      [vscode.languages.onDidChangeDiagnostics],
      { timeoutMs, describe: () => formatDiagnostics(vscode.languages.getDiagnostics(uri)) },
    );
    await action();
    return await waiting;
  } finally {
    sub.dispose();
  }
}

/** The 0-based line of the first line containing `needle` (after `after`, when given). */
export function lineOf(doc: vscode.TextDocument, needle: string, after = -1): number {
  for (let i = after + 1; i < doc.lineCount; i++) {
    if (doc.lineAt(i).text.includes(needle)) return i;
  }
  assert.fail(`${path.basename(doc.uri.fsPath)} has no line containing ${JSON.stringify(needle)} (fixture changed?)`);
}

/** The position just after the first occurrence of `needle` (plus `delta` characters). */
export function positionAfter(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `${path.basename(doc.uri.fsPath)} does not contain ${JSON.stringify(needle)} (fixture changed?)`);
  return doc.positionAt(offset + needle.length + delta);
}

/** A completion item's label as plain text, without the quotes a JSON completion may carry. */
export function labelText(item: vscode.CompletionItem): string {
  const label = typeof item.label === 'string' ? item.label : item.label.label;
  return label.replace(/^"|"$/g, '');
}

/** Hover contents flattened to text. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))
    .join('\n');
}
