// A finished job's outcome as children of its row in the Jobs view, read from the results beside its
// batch file: counts by status, tokens, requests with no result, and each group of failures
// (clicking a group opens the batch file at its first request).
import * as vscode from 'vscode';
import { ResultSummary, summarizeBatchFile } from '../../core/results';

export type OutcomeNode = { readonly kind: 'outcome'; readonly label: string; readonly tooltip?: string; readonly icon: string; readonly batchFile?: string; readonly customId?: string };

const IDS_SHOWN = 5;

/** The rows under a job whose batch file is `batchFile`; none when no results lie beside it. */
export async function outcomeNodes(batchFile: string): Promise<OutcomeNode[]> {
  const summary = await summarizeBatchFile(batchFile).catch(() => undefined);
  return summary ? nodesOf(summary, batchFile) : [];
}

function nodesOf(s: ResultSummary, batchFile: string): OutcomeNode[] {
  const statuses = Object.entries(s.byStatus).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} × ${k}`).join(', ');
  const nodes: OutcomeNode[] = [
    { kind: 'outcome', label: `${s.succeeded} succeeded, ${s.failed} failed`, tooltip: statuses ? `By status code: ${statuses}` : undefined, icon: s.failed > 0 ? 'warning' : 'pass' },
    { kind: 'outcome', label: `${s.promptTokens} prompt + ${s.completionTokens} completion tokens`, icon: 'symbol-number' },
  ];
  const missing = s.missing ?? [];
  if (missing.length > 0) {
    nodes.push({ kind: 'outcome', label: `${missing.length} with no result: ${ids(missing, missing.length)}`, icon: 'circle-slash', batchFile, customId: missing[0] });
  }
  for (const g of s.failures) {
    nodes.push({ kind: 'outcome', label: `${g.count} × ${g.message}`, tooltip: `${g.message}\n\n${ids(g.customIds, g.count)}`, icon: 'error', batchFile, customId: g.customIds[0] });
  }
  return nodes;
}

function ids(list: string[], total: number): string {
  const shown = list.slice(0, IDS_SHOWN).join(', ');
  return total > IDS_SHOWN ? `${shown}, … ${total - IDS_SHOWN} more` : shown;
}

export function outcomeTreeItem(node: OutcomeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label);
  item.iconPath = new vscode.ThemeIcon(node.icon);
  item.tooltip = node.tooltip;
  item.contextValue = 'outcome';
  if (node.batchFile && node.customId !== undefined) {
    item.command = { title: 'Show Request', command: 'mistralBatch.revealRequest', arguments: [vscode.Uri.file(node.batchFile), node.customId] };
  }
  return item;
}

/** Opens a batch file at the request with this custom_id. */
export async function revealRequest(uri: vscode.Uri, customId: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const m = new RegExp(`"custom_id"\\s*:\\s*(${escapeRegExp(JSON.stringify(customId))})`).exec(text);
  const at = m ? doc.positionAt(m.index + m[0].length - m[1].length) : new vscode.Position(0, 0);
  const end = m ? doc.positionAt(m.index + m[0].length) : at;
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, end) });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
