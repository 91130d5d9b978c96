// Where the CLI keeps its upload and submission records. They describe the account on the server, not
// the project, so they live in the user's cache folder rather than in the work tree: nothing to ignore
// in git or to commit by accident, and one record serves every checkout. Losing it (e.g. on a fresh CI
// runner) costs re-uploads and forgets earlier submissions and uncertain attempts, so a repeat of the
// same content is no longer caught. MISTRAL_BATCH_CACHE_DIR overrides the folder (keep it between CI runs).
import { join } from 'node:path';
import { cacheDir } from '../core/cacheDir';

export { cacheDir };

export function stateFile(env: NodeJS.ProcessEnv): string {
  return join(cacheDir(env), 'state.json');
}
