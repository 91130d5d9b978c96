// An ordinary (non-batch) call to one API endpoint with a body sent exactly as written, through the
// SDK's core: its request builder, key, hooks, retry loop and error types. The SDK's typed functions
// take camelCase requests and drop keys they do not know, so a batch body cannot pass through them
// unchanged; this is the same sequence they run, with the body left alone.
import type { MistralCore } from '@mistralai/mistralai/core.js';
import * as M from '@mistralai/mistralai/lib/matchers.js';
import { EventStream } from '@mistralai/mistralai/lib/event-streams.js';
import type { RequestOptions } from '@mistralai/mistralai/lib/sdks.js';
import { extractSecurity, resolveGlobalSecurity } from '@mistralai/mistralai/lib/security.js';
import * as errors from '@mistralai/mistralai/models/errors/index.js';

export interface DirectCall {
  /** e.g. "/v1/embeddings". */
  path: string;
  body: Record<string, unknown>;
  /** Sent as multipart/form-data fields (audio transcriptions) instead of JSON. */
  form?: boolean;
  /** Read the answer as server-sent events. */
  stream?: boolean;
}

export type DirectAnswer =
  | { kind: 'json'; json: unknown }
  /** The `data` of each event, parsed; the stream ends at `[DONE]`. */
  | { kind: 'stream'; events: AsyncIterable<unknown> };

type Result<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function postDirect(core: MistralCore, call: DirectCall, options: RequestOptions & { retries: NonNullable<RequestOptions['retries']>; retryCodes: string[] }): Promise<Result<DirectAnswer>> {
  const security = resolveGlobalSecurity({ apiKey: await extractSecurity(core._options.apiKey) });
  const context = {
    options: core._options,
    baseURL: core._baseURL ?? '',
    operationID: `try ${call.path}`,
    oAuth2Scopes: null,
    resolvedSecurity: security,
    securitySource: core._options.apiKey,
    retryConfig: options.retries,
    retryCodes: options.retryCodes,
  };
  const headers = new Headers({ Accept: call.stream ? 'text/event-stream' : 'application/json' });
  let body: string | FormData;
  if (call.form) body = toForm(call.body);
  else {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(call.body);
  }
  const created = core._createRequest(context, { security, method: 'POST', path: call.path, headers, body, userAgent: core._options.userAgent }, options);
  if (!created.ok) return created;
  const request = created.value;
  const done = await core._do(request, {
    context,
    isErrorStatusCode: (status) => status >= 400,
    retryConfig: options.retries,
    retryCodes: options.retryCodes,
  });
  if (!done.ok) return done;
  const response = done.value;
  if (response.status >= 200 && response.status < 300) {
    if (call.stream && response.body && (response.headers.get('content-type') ?? '').includes('text/event-stream')) {
      const events = new EventStream<{ data?: unknown }>(response.body, (raw) =>
        raw.data === '[DONE]' ? { done: true, value: undefined } : { done: false, value: { data: raw.data === undefined ? undefined : JSON.parse(raw.data) } });
      return { ok: true, value: { kind: 'stream', events: dataOf(events) } };
    }
    const text = await response.text();
    try {
      return { ok: true, value: { kind: 'json', json: text === '' ? null : JSON.parse(text) } };
    } catch {
      return { ok: false, error: new Error(`the answer of ${call.path} is not JSON: ${text.slice(0, 200)}`) };
    }
  }
  // The SDK's own matchers turn an error status into the error classes the client's messages know.
  const [result] = await M.match<never, unknown>(M.jsonErr(422, errors.HTTPValidationError$inboundSchema), M.fail('4XX'), M.fail('5XX'), M.fail('default'))(response, request);
  return result.ok ? { ok: false, error: new Error(`unexpected answer ${response.status}`) } : result;
}

async function* dataOf(events: EventStream<{ data?: unknown }>): AsyncIterable<unknown> {
  for await (const event of events) if (event.data !== undefined) yield event.data;
}

/** Form fields as the transcription endpoint reads them: lists repeated, objects as JSON. */
function toForm(body: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return form;
}

/**
 * A streamed answer under the same idle deadline as a request: no event for `idleMs` calls `stop`
 * (which aborts the request) and fails with a TimeoutError. Failures leave as `mapError` makes them.
 */
export async function* guardStream<T>(events: AsyncIterable<T>, idleMs: number, stop: () => void, mapError: (err: unknown) => Error): AsyncIterable<T> {
  const it = events[Symbol.asyncIterator]();
  let stalled = false;
  for (;;) {
    const timer = setTimeout(() => {
      stalled = true;
      stop();
    }, idleMs);
    let next: IteratorResult<T>;
    try {
      next = await it.next();
    } catch (err) {
      throw mapError(stalled ? new DOMException('no more of the answer in time', 'TimeoutError') : err);
    } finally {
      clearTimeout(timer);
    }
    if (next.done) return;
    yield next.value;
  }
}
