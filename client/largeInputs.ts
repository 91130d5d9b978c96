// A .jsonl file over VS Code's sync limit opens with no document for extensions (microsoft/vscode
// issue 111849), so it gets no problems as it is edited. While such a file is the active tab, a status
// bar item says so and runs "Check Batch Input File" on it.
import * as vscode from 'vscode';
import { CHECK_INPUT_COMMAND, activeInput } from './commands/checkInput';

/** VS Code hands extensions no file larger than this. */
const SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

export function registerLargeInputs(): { disposables: vscode.Disposable[]; offered: () => string | undefined; onDidChange: vscode.Event<void> } {
  const changed = new vscode.EventEmitter<void>();
  const item = vscode.window.createStatusBarItem('mistralBatch.largeInput', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Mistral Batch: Large Input';
  item.text = '$(checklist) Check Batch Input';
  item.tooltip = 'This file is over 50 MB, which VS Code does not hand to extensions, so it is not checked as you edit it. Click to check it from disk ("Mistral: Check Batch Input File").';
  let offered: string | undefined;
  let asked = 0;

  const update = async () => {
    const ask = ++asked;
    const uri = activeInput();
    const synced = uri !== undefined && vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
    const size = uri && !synced && !/\.(results|errors)\.jsonl$/i.test(uri.path) ? await vscode.workspace.fs.stat(uri).then((s) => s.size, () => 0) : 0;
    if (ask !== asked) return;
    const next = size > SYNC_LIMIT_BYTES ? uri : undefined;
    if (next?.toString() === offered) return;
    offered = next?.toString();
    if (next) {
      item.command = { title: 'Check Batch Input File', command: CHECK_INPUT_COMMAND, arguments: [next] };
      item.show();
    } else item.hide();
    changed.fire();
  };
  void update();

  const disposables = [
    item,
    changed,
    vscode.window.tabGroups.onDidChangeTabs(() => void update()),
    vscode.window.tabGroups.onDidChangeTabGroups(() => void update()),
    vscode.workspace.onDidOpenTextDocument(() => void update()),
  ];
  return { disposables, offered: () => offered, onDidChange: changed.event };
}
