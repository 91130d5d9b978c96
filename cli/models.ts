// The catalogue `validate` checks against: the account's models when MISTRAL_API_KEY is set (cached a
// day per base URL in the user's cache folder), else the cache or the bundled snapshot. `--offline`
// never touches the network. Whatever goes wrong is a note on stderr: checking goes on.
import { ApiError, DEFAULT_BASE_URL, MistralBatchApi } from '../core/api';
import { cacheDir } from '../core/cacheDir';
import { Catalogue, bundledCatalogue } from '../core/models/catalogue';
import { loadCatalogue, readCachedCatalogue } from '../core/models/live';
import type { Io } from './io';

export interface CatalogueArgs {
  offline: boolean;
  baseUrl?: string;
}

export async function cliCatalogue(args: CatalogueArgs, io: Io): Promise<Catalogue> {
  const baseUrl = args.baseUrl ?? (io.env.MISTRAL_BASE_URL || DEFAULT_BASE_URL);
  const dir = cacheDir(io.env);
  const key = io.env.MISTRAL_API_KEY?.trim();
  if (args.offline || !key) return readCachedCatalogue(dir, baseUrl) ?? bundledCatalogue();
  let api: MistralBatchApi;
  try {
    const where = args.baseUrl !== undefined ? '--base-url' : io.env.MISTRAL_BASE_URL ? 'MISTRAL_BASE_URL' : '--base-url';
    // A check must not wait a minute on an unreachable server: a short budget, then the fallback.
    api = new MistralBatchApi({ baseUrl, apiKey: key, timeoutMs: 10_000, retry: { maxElapsedMs: 5_000 }, baseUrlSetting: where,
      hints: { baseUrl: `check ${where}`, apiKey: 'set a valid key in the MISTRAL_API_KEY environment variable', timeout: 'use --offline' } });
  } catch (e) {
    io.err(`mistral-batch: note: the account's models were not listed (${e instanceof ApiError ? e.message : String(e)}); checking against the bundled list`);
    return bundledCatalogue();
  }
  const { catalogue, note } = await loadCatalogue({ baseUrl: api.baseUrl, cacheDir: dir, api, signal: io.signal });
  if (note) io.err(`mistral-batch: note: ${note}`);
  return catalogue;
}
