// One error type for every API failure, with a message that names the cause and the fix.
// Messages are built from our own wording plus short, redacted snippets of the server's answer; the SDK's
// errors are never attached as `cause`, because they hold the Request and with it the Authorization header.
import { MistralError, ResponseValidationError, SDKValidationError } from '@mistralai/mistralai/models/errors/index.js';
import { AmbiguousNetworkError, ConnectionSetupError, Exchange, neverReachedServer, RedirectRefusedError, systemCodeOf } from './transport';

export type ApiErrorKind =
  | 'config' // a setting is wrong (e.g. the base URL); nothing was sent
  | 'network' // the server could not be reached; nothing was sent
  | 'connection-lost' // the connection broke after the request went out
  | 'timeout'
  | 'cancelled'
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'validation' // 422, or the SDK refused the request before sending it
  | 'rate-limited' // 429, still after retrying
  | 'server' // 5xx, still after retrying
  | 'http' // any other status
  | 'bad-response'; // the answer did not parse as the API's

/** One field-level complaint; `path` is the JSON path inside the request body, i.e. inside the batch file. */
export interface ValidationProblem {
  /** As the API gave it, e.g. ["body", "requests", 0, "body"]. */
  loc: Array<string | number>;
  path: Array<string | number>;
  message: string;
}

/** How the host application names the places where the user fixes things. */
export interface ErrorHints {
  baseUrl: string;
  apiKey: string;
  timeout: string;
}

export const DEFAULT_HINTS: ErrorHints = {
  baseUrl: 'check mistralBatch.baseUrl',
  apiKey: 'set a valid key with "Mistral: Set API Key"',
  timeout: 'raise mistralBatch.requestTimeoutSeconds',
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** The system error code of a network failure, e.g. ECONNREFUSED. */
      code?: string;
      problems?: ValidationProblem[];
      /** The request may have been carried out: only ever true for job creation. */
      mayHaveSucceeded?: boolean;
    } = {},
  ) {
    super(message);
  }
  get status(): number | undefined {
    return this.details.status;
  }
  get problems(): ValidationProblem[] {
    return this.details.problems ?? [];
  }
  get mayHaveSucceeded(): boolean {
    return this.details.mayHaveSucceeded ?? false;
  }
}

export interface ErrorContext {
  /** What was being done, as a verb phrase: "create the batch job". */
  operation: string;
  baseUrl: string;
  hints: ErrorHints;
  timeoutMs: number;
  /** Job creation: the message says whether the job may exist, as `exchange` tells. */
  nonIdempotent: boolean;
  /** What happened on the wire, over every attempt of the call. */
  exchange?: Exchange;
  /** Strings to blank out of anything quoted from the server. */
  secrets: string[];
}

const AMBIGUOUS_NOTE = ' The job may have been created anyway: look for it in the jobs list before submitting again.';
const UNSENT_NOTE = ' Nothing reached the server, so no job was created.';
const NOT_CREATED_NOTE = ' The server did not create the job.';
const SDK_TO_API_KEYS: Record<string, string> = { inputFiles: 'input_files', agentId: 'agent_id', timeoutHours: 'timeout_hours', customId: 'custom_id' };

function chain(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && out.length < 10; e = (e as { cause?: unknown }).cause) out.push(e);
  return out;
}

/**
 * `text` with every secret blanked out. Case is ignored: a key pasted into a host name comes back
 * lowercased in URLs and messages.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4) out = out.replace(new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '***');
  }
  return out;
}

function redact(text: string, secrets: string[]): string {
  const out = redactSecrets(text, secrets);
  return out.length > 400 ? `${out.slice(0, 397)}...` : out;
}

/** The same error with every secret blanked out of its message and of the API's field messages. */
export function redactApiError(err: ApiError, secrets: readonly string[]): ApiError {
  const problems = err.details.problems?.map((p) => ({ ...p, message: redactSecrets(p.message, secrets) }));
  return new ApiError(err.kind, redactSecrets(err.message, secrets), { ...err.details, ...(problems ? { problems } : {}) });
}

/** The server's own explanation, from the JSON error shapes the API uses. */
function serverDetail(body: string): string | undefined {
  try {
    const v = JSON.parse(body) as { message?: unknown; detail?: unknown };
    const msg = typeof v.message === 'string' ? v.message : typeof v.detail === 'string' ? v.detail : undefined;
    return msg;
  } catch {
    return body.trim() === '' ? undefined : body.trim();
  }
}

/** Reads 422 details whether at the top level (OpenAPI's HTTPValidationError) or under `message`. */
export function validationProblems(body: string): ValidationProblem[] {
  let items: unknown;
  try {
    const v = JSON.parse(body) as { detail?: unknown; message?: { detail?: unknown } };
    items = Array.isArray(v.detail) ? v.detail : v.message?.detail;
  } catch {
    return [];
  }
  if (!Array.isArray(items)) return [];
  return items.flatMap((item: { loc?: unknown; msg?: unknown }) => {
    if (typeof item !== 'object' || item === null) return [];
    const loc = Array.isArray(item.loc) ? item.loc.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number') : [];
    return [{ loc, path: loc[0] === 'body' ? loc.slice(1) : loc, message: typeof item.msg === 'string' ? item.msg : 'invalid value' }];
  });
}

function zodProblems(err: SDKValidationError): ValidationProblem[] {
  const issues = (err.cause as { issues?: Array<{ path?: unknown[]; message?: string }> } | undefined)?.issues ?? [];
  return issues.map((issue) => {
    const path = (issue.path ?? [])
      .filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
      .map((p) => (typeof p === 'string' ? (SDK_TO_API_KEYS[p] ?? p) : p));
    return { loc: ['body', ...path], path, message: issue.message ?? 'invalid value' };
  });
}

export function describeProblems(problems: ValidationProblem[]): string {
  return problems.map((p) => (p.path.length > 0 ? `${p.path.join('.')}: ${p.message}` : p.message)).join('; ');
}

/** Every ApiError the client throws comes from here, so none can carry a secret. */
export function toApiError(err: unknown, ctx: ErrorContext): ApiError {
  const built = buildApiError(err, ctx);
  return redactApiError(ctx.nonIdempotent ? forCreate(built, ctx.exchange) : built, ctx.secrets);
}

/**
 * For a call that must not run twice, whether it may have been carried out comes from the wire, not
 * from the kind of failure: any attempt sent and not answered with a 4xx (a 2xx that cannot be read,
 * a timeout, a dropped connection, a 5xx, a redirect, an interruption) may have created the job.
 */
function forCreate(err: ApiError, exchange: Exchange | undefined): ApiError {
  const may = exchange?.mayHaveActed ?? true;
  const plain = err.message.replace(AMBIGUOUS_NOTE, '').replace(UNSENT_NOTE, '');
  const note = may ? AMBIGUOUS_NOTE : err.kind === 'network' ? UNSENT_NOTE : NOT_CREATED_NOTE;
  return new ApiError(err.kind, `${plain}${note}`, { ...err.details, mayHaveSucceeded: may });
}

function buildApiError(err: unknown, ctx: ErrorContext): ApiError {
  if (err instanceof ApiError) return err;
  const causes = chain(err);
  const { operation: op, baseUrl } = ctx;

  const redirect = causes.find((c): c is RedirectRefusedError => c instanceof RedirectRefusedError);
  if (redirect) {
    const why = redirect.why === 'body'
      ? 'a request with a body is never sent again elsewhere'
      : redirect.why === 'insecure' ? 'it would leave https for plain http' : redirect.why === 'origin' ? 'it leads to another server' : 'too many redirects';
    return new ApiError('config', `${redirect.from} redirected the request to ${op} to ${redirect.to}, which was not followed (${why}): ${ctx.hints.baseUrl} (give the address the API really answers on).`);
  }
  const invalidResponse = causes.find((c): c is ResponseValidationError => c instanceof ResponseValidationError);
  if (invalidResponse) {
    return new ApiError('bad-response', `${baseUrl} sent an answer the Mistral SDK could not read when trying to ${op} (status ${invalidResponse.statusCode}): is it a Mistral API? ${capital(ctx.hints.baseUrl)}.`, { status: invalidResponse.statusCode });
  }
  const http = causes.find((c): c is MistralError => c instanceof MistralError);
  if (http) return fromStatus(http, ctx);

  const sdkInvalid = causes.find((c): c is SDKValidationError => c instanceof SDKValidationError);
  if (sdkInvalid) {
    const problems = zodProblems(sdkInvalid);
    return new ApiError('validation', `The request to ${op} is invalid, nothing was sent: ${describeProblems(problems) || sdkInvalid.message}.`, { problems });
  }

  const code = systemCodeOf(err);
  const ambiguous = causes.find((c): c is AmbiguousNetworkError => c instanceof AmbiguousNetworkError);
  const names = causes.map((c) => (c as { name?: unknown }).name);
  if (names.includes('RequestAbortedError') || names.includes('AbortError')) {
    return new ApiError('cancelled', `Cancelled while trying to ${op}.`);
  }
  if (ambiguous?.reason === 'timeout' || names.includes('RequestTimeoutError') || names.includes('TimeoutError')) {
    const limit = ctx.timeoutMs < 1000 ? `${ctx.timeoutMs} ms` : `${Math.round(ctx.timeoutMs / 1000)} s`;
    const tail = ctx.nonIdempotent ? AMBIGUOUS_NOTE : ` Try again, or ${ctx.hints.timeout}.`;
    return new ApiError('timeout', `${baseUrl} did not answer completely within ${limit} when trying to ${op}.${tail}`, { code, mayHaveSucceeded: ctx.nonIdempotent });
  }
  const unsentTail = ctx.nonIdempotent ? UNSENT_NOTE : '';
  const setup = causes.find((c): c is ConnectionSetupError => c instanceof ConnectionSetupError);
  if (setup) {
    const tls = setup.sysCode.startsWith('ERR_SSL') || setup.sysCode === 'EPROTO' ? ' (is it a plain-http server, or not the API?)' : '';
    return new ApiError('network', `Could not set up a connection to ${baseUrl} to ${op} (${setup.sysCode})${tls}: ${ctx.hints.baseUrl}.${unsentTail}`, { code: setup.sysCode });
  }
  if (ambiguous || names.includes('ConnectionError') || names.includes('UnexpectedClientError')) {
    // "Lost" needs evidence that the connection existed; without it, the server was not reached.
    const lost = ambiguous !== undefined || (code !== undefined && !neverReachedServer(err));
    if (!lost) {
      return new ApiError('network', `Could not reach ${baseUrl} to ${op}${code ? ` (${code})` : ''}: ${ctx.hints.baseUrl} or your connection.${unsentTail}`, { code });
    }
    const tail = ctx.nonIdempotent ? AMBIGUOUS_NOTE : ' Check your connection and try again.';
    return new ApiError('connection-lost', `The connection to ${baseUrl} was lost while trying to ${op}${code ? ` (${code})` : ''}.${tail}`, { code, mayHaveSucceeded: ctx.nonIdempotent });
  }
  const text = err instanceof Error ? err.message : String(err);
  return new ApiError('http', `Failed to ${op}: ${redact(text, ctx.secrets)}`);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function fromStatus(err: MistralError, ctx: ErrorContext): ApiError {
  const status = err.statusCode;
  const { operation: op, baseUrl } = ctx;
  const said = serverDetail(err.body);
  const detail = said ? `: ${redact(said, ctx.secrets)}` : '';
  if (status === 401) {
    return new ApiError('unauthorized', `The API key was rejected by ${baseUrl} (401 Unauthorized) when trying to ${op}: ${ctx.hints.apiKey}.`, { status });
  }
  if (status === 403) {
    return new ApiError('forbidden', `The API key may not ${op} (403 Forbidden)${detail}. Check the key's workspace and permissions.`, { status });
  }
  if (status === 404) return new ApiError('not-found', `Not found (404) when trying to ${op}${detail}.`, { status });
  if (status === 422) {
    const problems = validationProblems(err.body);
    const listed = problems.length > 0 ? `: ${redact(describeProblems(problems), ctx.secrets)}` : detail;
    return new ApiError('validation', `The API rejected the request to ${op} (422)${listed}. Fix the fields named and try again.`, { status, problems });
  }
  if (status === 429) {
    return new ApiError('rate-limited', `${baseUrl} is rate limiting requests (429) and still was after retrying to ${op}: wait a minute and try again, or check your plan's limits.`, { status });
  }
  if (status >= 500) {
    // Job creation is not retried on 5xx: the server may have failed after storing the job.
    const tail = ctx.nonIdempotent ? AMBIGUOUS_NOTE : " The problem is on the API's side, also after retrying: try again later.";
    return new ApiError('server', `${baseUrl} had a server error (${status}) when trying to ${op}${detail}.${tail}`, { status, mayHaveSucceeded: ctx.nonIdempotent });
  }
  return new ApiError('http', `${baseUrl} refused to ${op} (${status})${detail}.`, { status });
}
