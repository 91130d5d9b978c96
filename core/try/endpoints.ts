// The endpoints a request can be tried against, and how each is called and read. Keys are the
// batch job's `endpoint` values.

export type AnswerKind = 'chat' | 'fim' | 'embeddings' | 'ocr' | 'moderation' | 'classification' | 'conversation' | 'transcription';

export interface TryEndpoint {
  kind: AnswerKind;
  /** Streamed (server-sent events) so the answer shows as it is written. */
  stream?: boolean;
  /** A multipart form instead of JSON. */
  form?: boolean;
}

export const TRY_ENDPOINTS: Readonly<Record<string, TryEndpoint>> = {
  '/v1/chat/completions': { kind: 'chat', stream: true },
  '/v1/fim/completions': { kind: 'fim' },
  '/v1/embeddings': { kind: 'embeddings' },
  '/v1/ocr': { kind: 'ocr' },
  '/v1/moderations': { kind: 'moderation' },
  '/v1/chat/moderations': { kind: 'moderation' },
  '/v1/classifications': { kind: 'classification' },
  '/v1/chat/classifications': { kind: 'classification' },
  '/v1/conversations': { kind: 'conversation' },
  '/v1/audio/transcriptions': { kind: 'transcription', form: true },
};

export function tryEndpoint(endpoint: string | undefined): TryEndpoint | undefined {
  return endpoint !== undefined && Object.hasOwn(TRY_ENDPOINTS, endpoint) ? TRY_ENDPOINTS[endpoint] : undefined;
}
