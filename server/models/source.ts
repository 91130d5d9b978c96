// The catalogue a server starts with: the cache file of MISTRAL_BASE_URL (or the default API) when
// one exists, so a standalone LSP user gets the account's models from the last CLI or editor fetch;
// else the bundled snapshot. The extension then sends its own (ModelCatalogueNotification).
import { DEFAULT_BASE_URL } from '../../core/api/baseUrl';
import { cacheDir } from '../../core/cacheDir';
import { Catalogue, bundledCatalogue } from '../../core/models/catalogue';
import { readCachedCatalogue } from '../../core/models/live';

export function startingCatalogue(env: NodeJS.ProcessEnv): Catalogue {
  return readCachedCatalogue(cacheDir(env), env.MISTRAL_BASE_URL || DEFAULT_BASE_URL) ?? bundledCatalogue();
}
