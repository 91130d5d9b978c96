// Activation: wiring only. Each concern lives in its own module.
import * as vscode from 'vscode';
import { registerServerCommands } from './commands/server';
import { Ctx } from './ctx';
import { createLog } from './log';
import { registerLanguageStatus } from './status';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = createLog();
  const ctx = new Ctx(context, log);
  context.subscriptions.push(log.channel, ctx, registerLanguageStatus(ctx), ...registerServerCommands(ctx));
  try {
    await ctx.start();
  } catch (e) {
    log.error(`The Mistral Batch language server did not start: ${String(e)}`);
  }
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop the client.
}
