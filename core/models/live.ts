// The account's model list: fetched from GET /v1/models through the API client, cached per base URL
// for a day, and laid over the bundled snapshot. Any failure falls back (cache, then bundled) with a
// note: the catalogue only sharpens checks, it never stops one.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchApi, ModelCard } from '../api';
import { writeFileAtomic } from '../submit/atomic';
import { Capability, Catalogue, ModelInfo, bundledCatalogue, mergeCatalogue } from './catalogue';

export const CATALOGUE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

const SDK_CAPABILITY: Readonly<Record<string, Capability>> = {
  completionChat: 'completion_chat', functionCalling: 'function_calling', reasoning: 'reasoning',
  completionFim: 'completion_fim', fineTuning: 'fine_tuning', vision: 'vision', ocr: 'ocr',
  classification: 'classification', moderation: 'moderation', audio: 'audio', audioTranscription: 'audio_transcription',
};

/** The SDK's cards (camelCase) as catalogue entries. */
export function fromCards(cards: readonly ModelCard[]): ModelInfo[] {
  return cards.map((card) => {
    const caps = card.capabilities as unknown as Record<string, unknown>;
    return {
      id: card.id,
      aliases: card.aliases ?? [],
      description: card.description ?? '',
      maxContextLength: card.maxContextLength,
      capabilities: Object.entries(SDK_CAPABILITY).filter(([k]) => caps[k] === true).map(([, c]) => c),
      ...(card.deprecation ? { deprecation: card.deprecation.toISOString() } : {}),
      ...(card.deprecationReplacementModel ? { replacement: card.deprecationReplacementModel } : {}),
      fineTuned: card.type === 'fine-tuned',
    };
  });
}

interface CacheFile {
  baseUrl: string;
  fetchedAt: number;
  models: ModelInfo[];
}

/** Base URLs as written (`https://api.mistral.ai/`) and as the client normalises them name one cache. */
function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).origin;
  } catch {
    return baseUrl;
  }
}

/** One file per base URL: another server's models must not leak into this one's checks. */
export function catalogueCacheFile(dir: string, baseUrl: string): string {
  return join(dir, 'models', `${createHash('sha256').update(originOf(baseUrl)).digest('hex').slice(0, 16)}.json`);
}

function parseCache(text: string, baseUrl: string): CacheFile | undefined {
  const data = JSON.parse(text) as Partial<CacheFile>;
  if (data.baseUrl !== originOf(baseUrl) || typeof data.fetchedAt !== 'number' || !Array.isArray(data.models)) return undefined;
  return data as CacheFile;
}

/** The cached catalogue for a base URL, however old, or undefined (a standalone server reads it at start). */
export function readCachedCatalogue(dir: string, baseUrl: string): Catalogue | undefined {
  try {
    const cache = parseCache(readFileSync(catalogueCacheFile(dir, baseUrl), 'utf8'), baseUrl);
    return cache && mergeCatalogue(bundledCatalogue(), cache.models, 'cache', cache.fetchedAt);
  } catch {
    return undefined;
  }
}

export interface LoadCatalogueOptions {
  baseUrl: string;
  cacheDir: string;
  /** The API client, or undefined without a key: then only the cache or the bundled list is used. */
  api: BatchApi | undefined;
  /** Fetch even when the cache is fresh ("Mistral: Refresh Models"). */
  refresh?: boolean;
  now?: () => number;
  signal?: AbortSignal;
}

export interface LoadedCatalogue {
  catalogue: Catalogue;
  /** Why the account's list is not the one used (a failed fetch), for a log or stderr; never an error. */
  note?: string;
}

export async function loadCatalogue(opts: LoadCatalogueOptions): Promise<LoadedCatalogue> {
  const now = opts.now ?? Date.now;
  const file = catalogueCacheFile(opts.cacheDir, opts.baseUrl);
  const cached = await readFile(file, 'utf8').then((t) => parseCache(t, opts.baseUrl), () => undefined).catch(() => undefined);
  const fromCache = cached && mergeCatalogue(bundledCatalogue(), cached.models, 'cache', cached.fetchedAt);
  const fresh = cached !== undefined && now() - cached.fetchedAt < CATALOGUE_MAX_AGE_MS && cached.fetchedAt <= now();
  if (fromCache && fresh && !opts.refresh) return { catalogue: fromCache };
  if (!opts.api) return { catalogue: fromCache ?? bundledCatalogue() };
  try {
    const models = fromCards(await opts.api.listModels({ signal: opts.signal }));
    const fetchedAt = now();
    const record: CacheFile = { baseUrl: originOf(opts.baseUrl), fetchedAt, models };
    const note = await writeFileAtomic(file, JSON.stringify(record)).then(() => undefined, (e: unknown) => `the model list could not be cached: ${e instanceof Error ? e.message : String(e)}`);
    return { catalogue: mergeCatalogue(bundledCatalogue(), models, 'live', fetchedAt), note };
  } catch (e) {
    const fallback = fromCache ? 'the cached list' : 'the bundled list';
    return { catalogue: fromCache ?? bundledCatalogue(), note: `the account's models could not be listed (${e instanceof Error ? e.message : String(e)}); using ${fallback}` };
  }
}
