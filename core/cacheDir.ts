// The user's cache folder for this tool: upload and submission records (CLI), the model catalogue
// fetched per base URL (CLI, extension and a standalone language server alike).
// MISTRAL_BATCH_CACHE_DIR overrides it (keep it between CI runs).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.MISTRAL_BATCH_CACHE_DIR) return env.MISTRAL_BATCH_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'mistral-batch', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'mistral-batch');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mistral-batch');
}
