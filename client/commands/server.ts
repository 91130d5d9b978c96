// Commands about the language server itself.
import * as vscode from 'vscode';
import { Ctx } from '../ctx';

export function registerServerCommands(ctx: Ctx): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('mistralBatch.restartServer', async () => {
      try {
        await ctx.restart();
        ctx.log.info('Language server restarted.');
      } catch (e) {
        ctx.log.error(`Restarting the language server failed: ${String(e)}`);
        void vscode.window.showErrorMessage('Mistral Batch: the language server could not be restarted. See the output for details.');
      }
    }),
    vscode.commands.registerCommand('mistralBatch.showOutput', () => ctx.log.channel.show()),
  ];
}
