// "Mistral: Set API Key" and "Mistral: Clear API Key".
import * as vscode from 'vscode';
import { ApiKeys } from '../secrets';

export function registerApiKeyCommands(keys: ApiKeys): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mistralBatch.setApiKey', () => keys.set()),
    vscode.commands.registerCommand('mistralBatch.clearApiKey', () => keys.clear()),
  ];
}
