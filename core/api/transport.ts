// The fetch the SDK calls through. It adds what the SDK's own fetch lacks:
// - a deadline on the whole exchange, from sending to the last byte of the answer (headers and body),
//   and for file transfers also an idle limit (no byte either way), so a stalled or trickling server
//   never hangs a call;
// - uploads sent from disk in bounded memory, with byte progress (streamUpload.ts);
// - redirects followed only when harmless: never for a request with a body, never to another origin
//   or from https to http;
// - a record of the exchange (`Exchange`): whether any attempt may have reached the server and been
//   acted on, and the last Retry-After, which the client's retry loop and job creation rely on.

import { sendUpload, UploadBody } from './streamUpload';

/** A failure after the request may have reached the server: a timeout, or a connection that broke. */
export class AmbiguousNetworkError extends Error {
  override readonly name = 'AmbiguousNetworkError';
  // Not called `code`, so the error mapping tells it from a failure to connect.
  constructor(readonly reason: 'timeout' | 'connection', readonly sysCode: string | undefined) {
    super(reason === 'timeout' ? 'no answer in time' : `connection lost${sysCode ? ` (${sysCode})` : ''}`);
  }
}

/**
 * The connection could not be set up and trying again will not change that: the TLS handshake failed
 * (https to a plain-http server, a certificate that does not verify) or fetch refuses the port. The
 * request was never sent, and the client's retry loop does not try again.
 */
export class ConnectionSetupError extends Error {
  override readonly name = 'ConnectionSetupError';
  constructor(readonly sysCode: string) {
    super(`the connection could not be set up (${sysCode})`);
  }
}

/** The server answered with a redirect that is not safe to follow. URLs are shown without query. */
export class RedirectRefusedError extends Error {
  override readonly name = 'RedirectRefusedError';
  constructor(readonly from: string, readonly to: string, readonly why: 'body' | 'origin' | 'insecure' | 'too-many') {
    super(`redirect from ${from} to ${to} refused (${why})`);
  }
}

// Errors raised while opening the connection: no byte of the request can have reached the server.
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'UND_ERR_CONNECT_TIMEOUT']);
// These TLS failures happen only in the handshake, before any byte of the HTTP request is written.
// (A bare EPROTO is left out: it can also break a reused connection after the request went out.)
const SETUP_FAILURES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** A system code of a connection that could not be set up (ConnectionSetupError), which retrying will not change. */
export function isSetupFailure(code: string | undefined): boolean {
  return code !== undefined && (SETUP_FAILURES.has(code) || code === BAD_PORT);
}

const BAD_PORT = 'port refused by fetch';

/** The reason a connection could never be set up, or undefined when it might have been. */
function setupFailure(err: unknown): string | undefined {
  const code = systemCodeOf(err);
  if (code !== undefined) return SETUP_FAILURES.has(code) ? code : undefined;
  // fetch refuses some ports (e.g. 1, 25) outright, with no code, before connecting.
  const cause = (err as { cause?: { message?: unknown } } | undefined)?.cause;
  return cause?.message === 'bad port' ? BAD_PORT : undefined;
}

/** The first system error code (ECONNREFUSED, UND_ERR_SOCKET, ...) in an error's cause chain. */
export function systemCodeOf(err: unknown): string | undefined {
  let e = err;
  for (let depth = 0; depth < 10 && typeof e === 'object' && e !== null; depth++) {
    const rec = e as { code?: unknown; sysCode?: unknown; errors?: unknown; cause?: unknown };
    if (typeof rec.sysCode === 'string') return rec.sysCode;
    if (typeof rec.code === 'string') return rec.code;
    // Connecting to a name with several addresses fails with an AggregateError of per-address errors.
    if (Array.isArray(rec.errors) && rec.errors.length > 0) return systemCodeOf(rec.errors[0]);
    e = rec.cause;
  }
  return undefined;
}

export function neverReachedServer(err: unknown): boolean {
  const code = systemCodeOf(err);
  return code !== undefined && NEVER_SENT.has(code);
}

/** What happened on the wire during one API call, over all its attempts. */
export interface Exchange {
  /** Some attempt may have been carried out by the server (sent, and not answered with a 4xx). */
  mayHaveActed: boolean;
  /** The last answer's Retry-After, in milliseconds. */
  retryAfterMs?: number;
}

export type Fetcher = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface FetcherOptions {
  /** Deadline for one attempt, from sending to the answer's last byte. */
  deadlineMs: number;
  /** For file transfers: an attempt also fails after this long without a byte either way. */
  idleMs?: number;
  exchange?: Exchange;
  /** Sent instead of the SDK's request body, from disk (see streamUpload.ts). */
  upload?: UploadBody;
  /** Bytes of the upload's body sent so far, out of its whole size. */
  onUploadProgress?: (sentBytes: number, totalBytes: number) => void;
}

const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A URL as it may be shown: no user info, query or fragment. */
export function shownUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export function createFetcher(opts: FetcherOptions): Fetcher {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const limit = new AbortController();
    const fail = (message: string): void => limit.abort(new DOMException(message, 'TimeoutError'));
    const deadline = setTimeout(() => fail('no complete answer in time'), opts.deadlineMs);
    let idle: NodeJS.Timeout | undefined;
    const touch = (): void => {
      if (opts.idleMs === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(() => fail('no progress in time'), opts.idleMs);
    };
    const stop = (): void => {
      clearTimeout(deadline);
      clearTimeout(idle);
    };
    touch();
    const signal = AbortSignal.any([request.signal, limit.signal]);
    const hasBody = request.body !== null;
    let sent = false;
    try {
      let response: Response;
      let url = new URL(request.url);
      sent = true;
      if (opts.upload) {
        const report = opts.onUploadProgress;
        response = await sendUpload(request, opts.upload, signal, (done, total) => {
          touch();
          report?.(done, total);
        });
      } else {
        response = await fetch(request, { signal, redirect: 'manual' });
      }
      for (let hops = 0; REDIRECT_STATUSES.has(response.status); hops++) {
        const location = response.headers.get('location');
        if (location === null) break;
        const to = new URL(location, url);
        await response.body?.cancel().catch(() => undefined);
        // A redirect may be a server's way of saying "done, look there": for calls that must not run
        // twice, it proves nothing either way.
        if (opts.exchange) opts.exchange.mayHaveActed = true;
        if (to.protocol !== url.protocol && url.protocol === 'https:') throw new RedirectRefusedError(shownUrl(url), shownUrl(to), 'insecure');
        if (to.origin !== url.origin) throw new RedirectRefusedError(shownUrl(url), shownUrl(to), 'origin');
        if (hasBody) throw new RedirectRefusedError(shownUrl(url), shownUrl(to), 'body');
        if (hops >= MAX_REDIRECTS) throw new RedirectRefusedError(shownUrl(url), shownUrl(to), 'too-many');
        url = to;
        response = await fetch(to, { method: request.method, headers: request.headers, signal, redirect: 'manual' });
      }
      touch();
      if (opts.exchange) {
        // A 4xx says the request was not carried out; anything else may have been.
        if (response.status < 400 || response.status >= 500) opts.exchange.mayHaveActed = true;
        opts.exchange.retryAfterMs = retryAfterMs(response.headers.get('retry-after'));
      }
      const translate = (err: unknown): unknown => {
        if (request.signal.aborted) return err;
        return new AmbiguousNetworkError(limit.signal.aborted ? 'timeout' : 'connection', systemCodeOf(err));
      };
      return guardBody(response, touch, stop, translate);
    } catch (err) {
      stop();
      const setup = request.signal.aborted ? undefined : setupFailure(err);
      if (setup) throw new ConnectionSetupError(setup);
      if (err instanceof RedirectRefusedError) throw err;
      const unsent = !sent || neverReachedServer(err);
      if (opts.exchange && !unsent) opts.exchange.mayHaveActed = true;
      if (!request.signal.aborted && !unsent) {
        throw new AmbiguousNetworkError(limit.signal.aborted ? 'timeout' : 'connection', systemCodeOf(err));
      }
      throw err;
    }
  };
}

/**
 * The same response, with its body passed through so that the deadline keeps running until the last
 * byte is read (or the reader gives up), and each chunk counts as progress.
 */
function guardBody(response: Response, touch: () => void, stop: () => void, translate: (err: unknown) => unknown): Response {
  if (!response.body) {
    stop();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          stop();
          controller.close();
          return;
        }
        touch();
        controller.enqueue(value);
      } catch (err) {
        stop();
        controller.error(translate(err));
      }
    },
    cancel(reason) {
      stop();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
