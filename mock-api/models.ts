// The mock's GET /v1/models answer, in the API's shapes (BaseModelCard, FTModelCard): varied
// capabilities, a text-only chat model, a deprecated model with its replacement, and one fine-tune
// of the account, so the live catalogue and its checks can be tried with `npm start`.
type Capability = 'completion_chat' | 'function_calling' | 'completion_fim' | 'vision' | 'ocr' | 'classification' | 'moderation' | 'audio' | 'audio_transcription';

const ALL: readonly Capability[] = ['completion_chat', 'function_calling', 'completion_fim', 'vision', 'ocr', 'classification', 'moderation', 'audio', 'audio_transcription'];

interface MockModel {
  id: string;
  context: number;
  capabilities: Capability[];
  aliases?: string[];
  deprecation?: string;
  replacement?: string;
  fineTune?: { root: string; job: string };
}

export const MOCK_FINE_TUNE = 'ft:open-mistral-nemo:5e0a2f1c:support-tickets:7f3a2c1d';
export const MOCK_DEPRECATED = 'open-mistral-7b';

const MODELS: MockModel[] = [
  { id: 'mistral-small-latest', context: 131072, capabilities: ['completion_chat', 'function_calling', 'vision'], aliases: ['mistral-small-2506'] },
  { id: 'mistral-medium-latest', context: 131072, capabilities: ['completion_chat', 'function_calling', 'vision'] },
  { id: 'mistral-large-latest', context: 131072, capabilities: ['completion_chat', 'function_calling'] },
  { id: 'ministral-8b-latest', context: 131072, capabilities: ['completion_chat', 'function_calling'] },
  { id: 'codestral-latest', context: 256000, capabilities: ['completion_chat', 'function_calling', 'completion_fim'] },
  { id: 'mistral-embed', context: 8192, capabilities: [] },
  { id: 'mistral-moderation-latest', context: 8192, capabilities: ['moderation', 'classification'] },
  { id: 'mistral-ocr-latest', context: 16384, capabilities: ['ocr'] },
  { id: 'voxtral-mini-latest', context: 32768, capabilities: ['completion_chat', 'audio', 'audio_transcription'] },
  { id: MOCK_DEPRECATED, context: 32768, capabilities: ['completion_chat'], deprecation: '2025-03-30T12:00:00Z', replacement: 'ministral-8b-latest' },
  { id: MOCK_FINE_TUNE, context: 131072, capabilities: ['completion_chat', 'function_calling'], fineTune: { root: 'open-mistral-nemo', job: '3b5c8a51-8f0e-4c1a-9d7b-2a6e4f1c9b20' } },
];

export function modelList(): unknown {
  return {
    object: 'list',
    data: MODELS.map((m) => ({
      id: m.id,
      object: 'model',
      created: 1_700_000_000,
      owned_by: m.fineTune ? 'mock-organization' : 'mistralai',
      capabilities: Object.fromEntries(ALL.map((c) => [c, m.capabilities.includes(c)])),
      name: m.id,
      description: m.fineTune ? null : `Mock ${m.id}`,
      max_context_length: m.context,
      aliases: m.aliases ?? [],
      deprecation: m.deprecation ?? null,
      deprecation_replacement_model: m.replacement ?? null,
      default_model_temperature: 0.3,
      ...(m.fineTune ? { type: 'fine-tuned', job: m.fineTune.job, root: m.fineTune.root, archived: false } : { type: 'base' }),
    })),
  };
}
