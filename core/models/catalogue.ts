// The model catalogue: what each model id is, how much context it takes and what it can do. The
// bundled snapshot (schemas/models.json) is always there; the account's own list from GET /v1/models,
// when one was fetched, is laid over it (fine-tunes included).
import bundled from '../../schemas/models.json';

/** Capabilities as the API names them in `ModelCapabilities`. */
export type Capability =
  | 'completion_chat' | 'function_calling' | 'reasoning' | 'completion_fim' | 'fine_tuning' | 'vision' | 'ocr'
  | 'classification' | 'moderation' | 'audio' | 'audio_transcription';

export const CAPABILITIES: readonly Capability[] = [
  'completion_chat', 'function_calling', 'reasoning', 'completion_fim', 'fine_tuning', 'vision', 'ocr',
  'classification', 'moderation', 'audio', 'audio_transcription',
];

export interface ModelInfo {
  id: string;
  aliases: string[];
  /** Ours for bundled models; the API's (often empty) for the others. */
  description: string;
  maxContextLength: number;
  capabilities: Capability[];
  /** ISO date-time after which the API stops serving the model. */
  deprecation?: string;
  replacement?: string;
  fineTuned: boolean;
  /** Listed by the account's GET /v1/models (not only by the bundled snapshot). */
  fromAccount?: boolean;
}

export type CatalogueSource = 'bundled' | 'live' | 'cache';

export interface Catalogue {
  /** `bundled` alone, or the account's list (fetched now, or read from the cache) laid over it. */
  source: CatalogueSource;
  /** Milliseconds since the epoch, for `live` and `cache`. */
  fetchedAt?: number;
  models: ModelInfo[];
}

/** The capability each endpoint needs. The API has no capability for embeddings: that check is skipped. */
export const ENDPOINT_CAPABILITY: Readonly<Record<string, Capability>> = {
  '/v1/chat/completions': 'completion_chat',
  '/v1/conversations': 'completion_chat',
  '/v1/fim/completions': 'completion_fim',
  '/v1/ocr': 'ocr',
  '/v1/moderations': 'moderation',
  '/v1/chat/moderations': 'moderation',
  '/v1/classifications': 'classification',
  '/v1/chat/classifications': 'classification',
  '/v1/audio/transcriptions': 'audio_transcription',
};

/** The endpoints a model serves, as far as its capabilities tell. */
export function endpointsOf(model: ModelInfo): string[] {
  const out = Object.entries(ENDPOINT_CAPABILITY).filter(([, c]) => model.capabilities.includes(c)).map(([e]) => e);
  // No capability names embeddings; the API's embedding models carry it in their name.
  if ([model.id, ...model.aliases].some((n) => /(^|[-:])(\w+-)?embed/.test(n))) out.push('/v1/embeddings');
  return out;
}

/** Whether the model can serve the endpoint; undefined when its capabilities cannot tell. */
export function servesEndpoint(model: ModelInfo, endpoint: string): boolean | undefined {
  if (endpoint === '/v1/embeddings') return endpointsOf(model).includes(endpoint) ? true : undefined;
  const needed = ENDPOINT_CAPABILITY[endpoint];
  return needed === undefined ? undefined : model.capabilities.includes(needed);
}

/** The shape of one entry of schemas/models.json: the API's field names, with our description. */
export interface SnapshotModel {
  id: string;
  description: string;
  max_context_length: number;
  capabilities: string[];
  aliases?: string[];
  deprecation?: string | null;
  deprecation_replacement_model?: string | null;
  type?: string;
}

export function fromSnapshot(m: SnapshotModel): ModelInfo {
  return {
    id: m.id,
    aliases: m.aliases ?? [],
    description: m.description,
    maxContextLength: m.max_context_length,
    capabilities: m.capabilities.filter((c): c is Capability => (CAPABILITIES as readonly string[]).includes(c)),
    ...(m.deprecation ? { deprecation: m.deprecation } : {}),
    ...(m.deprecation_replacement_model ? { replacement: m.deprecation_replacement_model } : {}),
    fineTuned: m.type === 'fine-tuned',
  };
}

let bundledModels: ModelInfo[] | undefined;

export function bundledCatalogue(): Catalogue {
  bundledModels ??= (bundled as { models: SnapshotModel[] }).models.map(fromSnapshot);
  return { source: 'bundled', models: bundledModels };
}

/**
 * The account's models over the bundled ones: the account's facts win, our description is kept
 * where the API gives none, and bundled models the account does not list stay (another key may see them).
 */
export function mergeCatalogue(base: Catalogue, live: ModelInfo[], source: 'live' | 'cache', fetchedAt: number): Catalogue {
  const ours = new Map(base.models.map((m) => [m.id, m]));
  const merged = live.map((m) => ({ ...m, description: ours.get(m.id)?.description || m.description, fromAccount: true }));
  const listed = new Set(merged.map((m) => m.id));
  return { source, fetchedAt, models: [...merged, ...base.models.filter((m) => !listed.has(m.id))] };
}

/** A model by id or alias. */
export function findModel(catalogue: Catalogue, id: string): ModelInfo | undefined {
  return catalogue.models.find((m) => m.id === id) ?? catalogue.models.find((m) => m.aliases.includes(id));
}
