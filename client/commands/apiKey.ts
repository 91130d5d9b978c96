// "Mistral: Set API Key" and "Mistral: Clear API Key".
import * as vscode from 'vscode';
import type { ApiAccess } from '../apiAccess';
import { ApiKeys } from '../secrets';

/** With `access`, Set API Key checks the key against the configured API before storing it. */
export function registerApiKeyCommands(keys: ApiKeys, access?: ApiAccess): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mistralBatch.setApiKey', () => keys.set(access ? (key) => access.checkKey(key) : undefined)),
    vscode.commands.registerCommand('mistralBatch.clearApiKey', () => keys.clear()),
  ];
}
