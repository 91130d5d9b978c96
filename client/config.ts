// Typed access to the extension's settings; package.json declares them, this module reads them.
import * as vscode from 'vscode';

export const SECTION = 'mistralBatch';

/** Settings that only take effect when the language server is restarted. */
export const RESTART_KEYS: readonly string[] = [];

export class Config {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  get maxProblems(): number {
    return this.raw.get<number>('maxProblems', 1000);
  }
}
