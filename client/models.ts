// Keeps the language server's model catalogue the account's: read from the cache or fetched (with a
// key) when the extension starts, when the key or the base URL changes, when the server restarts, and
// on "Mistral: Refresh Models". Without a key the server keeps what it has (cache or bundled).
import * as vscode from 'vscode';
import type { BatchApi } from '../core/api';
import { cacheDir } from '../core/cacheDir';
import { loadCatalogue } from '../core/models/live';
import { ModelCatalogueNotification } from '../core/protocol';
import { ApiAccess } from './apiAccess';
import { Ctx } from './ctx';
import { Log } from './log';

export function registerModelCatalogue(ctx: Ctx, access: ApiAccess, log: Log): vscode.Disposable[] {
  let wasRunning = false;
  const sync = async (refresh: boolean): Promise<number | undefined> => {
    const baseUrl = access.baseUrl();
    if (!baseUrl || !ctx.running) return undefined;
    let api: BatchApi | undefined;
    try {
      api = await access.client({ interactive: false });
    } catch (e) {
      log.warn(`Models: the API client could not be built: ${String(e)}`);
    }
    const { catalogue, note } = await loadCatalogue({ baseUrl, cacheDir: cacheDir(process.env), api, refresh });
    if (note) log.warn(`Models: ${note}`);
    log.info(`Models: ${catalogue.models.length} known (${catalogue.source}).`);
    await ctx.notify(ModelCatalogueNotification, { catalogue });
    return catalogue.source === 'live' ? catalogue.models.filter((m) => m.fromAccount).length : undefined;
  };
  const quietly = (refresh: boolean) => void sync(refresh).catch((e: unknown) => log.warn(`Models: ${String(e)}`));
  return [
    access.onDidChange(() => quietly(false)),
    ctx.onDidChangeState(() => {
      if (ctx.running && !wasRunning) quietly(false);
      wasRunning = ctx.running;
    }),
    vscode.commands.registerCommand('mistralBatch.refreshModels', async () => {
      const fetched = await sync(true);
      void vscode.window.showInformationMessage(fetched === undefined
        ? 'The account\'s models could not be listed (the output says why); completion and checks use the cached or bundled list.'
        : `Mistral: ${fetched} models listed for this account.`);
    }),
  ];
}
