// The fetch the SDK calls through. It adds what the SDK's own fetch lacks:
// - a timeout per attempt that counts idle time (no bytes sent, no answer yet), not the whole call,
//   so a large upload on a slow link is not cut off while it makes progress;
// - uploads sent from disk in bounded memory, with byte progress (streamUpload.ts);
// - for calls that must not run twice (job creation), it turns every network failure that might have
//   happened after the request reached the server into an AmbiguousNetworkError, which the SDK's retry
//   loop does not retry. Only failures that happen before a connection exists stay retryable.

import { sendUpload, UploadBody } from './streamUpload';

/** A failure after which the server may or may not have acted on the request. */
export class AmbiguousNetworkError extends Error {
  override readonly name = 'AmbiguousNetworkError';
  // Deliberately not called `code`: the SDK retries any error with code ECONNRESET.
  constructor(readonly reason: 'timeout' | 'connection', readonly sysCode: string | undefined) {
    super(reason === 'timeout' ? 'no answer in time' : `connection lost${sysCode ? ` (${sysCode})` : ''}`);
  }
}

/**
 * The connection could not be set up and trying again will not change that: the TLS handshake failed
 * (https to a plain-http server, a certificate that does not verify) or fetch refuses the port. The
 * request was never sent. Not a TypeError and without `code`, so the SDK's retry loop lets it through.
 */
export class ConnectionSetupError extends Error {
  override readonly name = 'ConnectionSetupError';
  constructor(readonly sysCode: string) {
    super(`the connection could not be set up (${sysCode})`);
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

/** The reason a connection could never be set up, or undefined when it might have been. */
function setupFailure(err: unknown): string | undefined {
  const code = systemCodeOf(err);
  if (code !== undefined) return SETUP_FAILURES.has(code) ? code : undefined;
  // fetch refuses some ports (e.g. 1, 25) outright, with no code, before connecting.
  const cause = (err as { cause?: { message?: unknown } } | undefined)?.cause;
  return cause?.message === 'bad port' ? 'port refused by fetch' : undefined;
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

export type Fetcher = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface FetcherOptions {
  timeoutMs: number;
  /** For non-idempotent calls: only failures that prove nothing was sent stay retryable. */
  onlyRetryUnsent?: boolean;
  /** Sent instead of the SDK's request body, from disk (see streamUpload.ts). */
  upload?: UploadBody;
  /** Bytes of the upload's body sent so far, out of its whole size. */
  onUploadProgress?: (sentBytes: number, totalBytes: number) => void;
}

export function createFetcher(opts: FetcherOptions): Fetcher {
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const idle = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const touch = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => idle.abort(new DOMException('no answer in time', 'TimeoutError')), opts.timeoutMs);
    };
    touch();
    const signal = AbortSignal.any([request.signal, idle.signal]);
    try {
      if (opts.upload) {
        const report = opts.onUploadProgress;
        return await sendUpload(request, opts.upload, signal, (sent, total) => {
          touch();
          report?.(sent, total);
        });
      }
      return await fetch(request, { signal });
    } catch (err) {
      const setup = request.signal.aborted ? undefined : setupFailure(err);
      if (setup) throw new ConnectionSetupError(setup);
      if (opts.onlyRetryUnsent && !request.signal.aborted && !neverReachedServer(err)) {
        throw new AmbiguousNetworkError(idle.signal.aborted ? 'timeout' : 'connection', systemCodeOf(err));
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
}
