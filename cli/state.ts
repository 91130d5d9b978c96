// Where the CLI keeps its upload and submission records. They describe the account on the server, not
// the project, so they live in the user's cache folder rather than in the work tree: nothing to ignore
// in git or to commit by accident, and one record serves every checkout. Losing it (e.g. on a fresh CI
// runner) costs re-uploads and forgets earlier submissions and uncertain attempts, so a repeat of the
// same content is no longer caught. MISTRAL_BATCH_CACHE_DIR overrides the folder (keep it between CI runs).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.MISTRAL_BATCH_CACHE_DIR) return env.MISTRAL_BATCH_CACHE_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'mistral-batch', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'mistral-batch');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mistral-batch');
}

export function stateFile(env: NodeJS.ProcessEnv): string {
  return join(cacheDir(env), 'state.json');
}
