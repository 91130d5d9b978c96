// The Mistral API as the extension and the CLI use it, over the SDK's standalone functions
// (MistralCore + funcs/*) so only the operations used end up in the bundles.
//
// Retries are this client's own loop (the SDK's are off), so each wait is announced (`onRetry`) and
// cancellable, and a retry is decided from what happened on the wire (transport's `Exchange`):
// - reads (get/list job, file info, file content, models), cancel and uploads retry on 429 and 5xx,
//   honouring Retry-After, and on dropped connections and timeouts. An upload is not idempotent, but a
//   duplicate only leaves an unused file behind, and the content-hash cache reuses one upload next time;
// - job creation retries only while no attempt can have been carried out: after a 429 or a refused
//   connection. Anything else after the request went out may have created the job, and is said so;
// - a refused connection is retried twice at most, a timeout once: a server that is down or stuck
//   rarely recovers within the minute the retries may take.
import { MistralCore } from '@mistralai/mistralai/core.js';
import { batchJobsCancel } from '@mistralai/mistralai/funcs/batchJobsCancel.js';
import { batchJobsCreate } from '@mistralai/mistralai/funcs/batchJobsCreate.js';
import { batchJobsGet } from '@mistralai/mistralai/funcs/batchJobsGet.js';
import { batchJobsList } from '@mistralai/mistralai/funcs/batchJobsList.js';
import { filesDownload } from '@mistralai/mistralai/funcs/filesDownload.js';
import { filesRetrieve } from '@mistralai/mistralai/funcs/filesRetrieve.js';
import { filesUpload } from '@mistralai/mistralai/funcs/filesUpload.js';
import { modelsList } from '@mistralai/mistralai/funcs/modelsList.js';
import { HTTPClient } from '@mistralai/mistralai/lib/http.js';
import type { RetryConfig } from '@mistralai/mistralai/lib/retries.js';
import type * as components from '@mistralai/mistralai/models/components/index.js';
import { checkBaseUrl, DEFAULT_BASE_URL } from './baseUrl';
import { ApiError, DEFAULT_HINTS, ErrorHints, redactApiError, toApiError } from './errors';
import { sleep } from '../time';
import { DirectAnswer, DirectCall, guardStream, postDirect } from './direct';
import type { UploadBody } from './streamUpload';
import { createFetcher, Exchange, FetcherOptions, isSetupFailure } from './transport';

export type BatchJob = components.BatchJob;
export type BatchJobStatus = components.BatchJobStatus;
/** The SDK's (camelCase) create request; `toCreateRequest` in core/submit builds it from a batch file. */
export type CreateBatchJobRequest = components.CreateBatchJobRequest;
export type RemoteFile = components.GetFileResponse;
export type UploadedFile = components.CreateFileResponse;
export type ModelCard = components.BaseModelCard | components.FTModelCard;

export interface RetryOptions {
  /** Give up retrying after this long; default 60 s. */
  maxElapsedMs?: number;
  /** First wait when the server gives no Retry-After; default 500 ms. */
  initialIntervalMs?: number;
  /** Longest single wait, also capping Retry-After; default 30 s. */
  maxIntervalMs?: number;
}

export interface ApiClientOptions {
  /** Default https://api.mistral.ai; must be https unless loopback. */
  baseUrl?: string;
  /** The key, or a function that fetches it when needed (e.g. from VS Code's SecretStorage). */
  apiKey: string | (() => Promise<string>);
  /** Deadline for each attempt of a call, from sending to the answer's last byte; default 30 s. */
  timeoutMs?: number;
  /** File uploads and downloads: the deadline per attempt (default 30 min); `timeoutMs` is then the idle limit. */
  transferTimeoutMs?: number;
  retry?: RetryOptions;
  /** Told before each wait for a retry, unless the call gives its own. */
  onRetry?: (retry: RetryNotice) => void;
  /** How the host names its settings in messages; defaults name the VS Code settings and commands. */
  hints?: Partial<ErrorHints>;
  /** Where the base URL was configured, for messages; default "mistralBatch.baseUrl". */
  baseUrlSetting?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  onRetry?: (retry: RetryNotice) => void;
}

/** A failed attempt that will be tried again after `waitMs`. */
export interface RetryNotice {
  operation: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  waitMs: number;
  /** The failure, as a message. */
  reason: string;
  /** The failure in a word or two: "HTTP 429", "ECONNREFUSED", "timeout". */
  cause: string;
}

/** "Could not list batch jobs (HTTP 503); trying again in 2 s (attempt 2)." */
export function describeRetry(r: RetryNotice): string {
  const wait = r.waitMs < 1000 ? `${Math.round(r.waitMs)} ms` : `${Math.round(r.waitMs / 1000)} s`;
  return `Could not ${r.operation} (${r.cause}); trying again in ${wait} (attempt ${r.attempt + 1}).`;
}

export interface UploadOptions extends CallOptions {
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

export interface ListJobsQuery {
  /** 0-based. */
  page?: number;
  pageSize?: number;
  status?: BatchJobStatus[];
  model?: string;
  createdAfter?: Date;
}

/** What the submission core, the jobs view and the CLI need from the API. */
export interface BatchApi {
  readonly baseUrl: string;
  listJobs(query?: ListJobsQuery, options?: CallOptions): Promise<{ jobs: BatchJob[]; total: number }>;
  getJob(jobId: string, options?: CallOptions): Promise<BatchJob>;
  /**
   * Never retried where the job might exist; a failure's `mayHaveSucceeded` says when it might
   * (an interruption included: cancelling does not wait for the answer).
   */
  createJob(request: CreateBatchJobRequest, options?: CallOptions): Promise<BatchJob>;
  cancelJob(jobId: string, options?: CallOptions): Promise<BatchJob>;
  /** `content` as a Blob is read as it is sent: a file-backed one (`fs.openAsBlob`) is never held in memory. */
  uploadFile(file: { fileName: string; content: Uint8Array | Blob }, options?: UploadOptions): Promise<UploadedFile>;
  /** The file's record, or undefined when it does not exist (any more). */
  getFile(fileId: string, options?: CallOptions): Promise<RemoteFile | undefined>;
  downloadFile(fileId: string, options?: CallOptions): Promise<ReadableStream<Uint8Array>>;
  listModels(options?: CallOptions): Promise<ModelCard[]>;
}

/** Ordinary synchronous calls, for trying one request of a batch (core/try). */
export interface DirectApi {
  readonly baseUrl: string;
  send(call: DirectCall, options?: CallOptions): Promise<DirectAnswer>;
}

type SdkResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

// The SDK logs full requests, Authorization header included, to the console when MISTRAL_DEBUG is set
// and no logger is given: a silent logger keeps the key out of every log.
const SILENT = { log(): void {}, group(): void {}, groupEnd(): void {} };

type CallKind = 'read' | 'transfer' | 'create';

const REFUSED_RETRIES = 2;
// A server that let a whole deadline pass twice is not waited on a third time.
const TIMEOUT_RETRIES = 1;

export class MistralBatchApi implements BatchApi, DirectApi {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly transferTimeoutMs: number;
  private readonly hints: ErrorHints;
  private readonly backoff: { initialMs: number; maxMs: number; maxElapsedMs: number };
  private readonly onRetry: ((retry: RetryNotice) => void) | undefined;
  private readonly getKey: () => Promise<string>;
  private readonly secrets: string[] = [];

  /** Throws an ApiError of kind "config" for an unusable base URL. */
  constructor(opts: ApiClientOptions) {
    this.hints = { ...DEFAULT_HINTS, ...opts.hints };
    try {
      this.baseUrl = checkBaseUrl(opts.baseUrl ?? DEFAULT_BASE_URL, opts.baseUrlSetting ?? 'mistralBatch.baseUrl');
    } catch (err) {
      // A key pasted into the base URL would be quoted back in the message.
      throw typeof opts.apiKey === 'string' && err instanceof ApiError ? redactApiError(err, [opts.apiKey]) : err;
    }
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.transferTimeoutMs = opts.transferTimeoutMs ?? 30 * 60_000;
    this.backoff = {
      initialMs: opts.retry?.initialIntervalMs ?? 500,
      maxMs: opts.retry?.maxIntervalMs ?? 30_000,
      maxElapsedMs: opts.retry?.maxElapsedMs ?? 60_000,
    };
    this.onRetry = opts.onRetry;
    const source = opts.apiKey;
    this.getKey = async () => {
      const key = typeof source === 'string' ? source : await source();
      // Remembered only to blank it out of anything quoted from the server.
      if (key && !this.secrets.includes(key)) this.secrets.push(key);
      return key;
    };
  }

  private newCore(fetcher: FetcherOptions): MistralCore {
    return new MistralCore({
      serverURL: this.baseUrl,
      apiKey: this.getKey,
      httpClient: new HTTPClient({ fetcher: createFetcher(fetcher) }),
      // Its request logging reads whole bodies (an upload's included): only on when MISTRAL_DEBUG asks.
      debugLogger: process.env.MISTRAL_DEBUG ? SILENT : undefined,
    });
  }

  /** The wait before the next attempt, or undefined when the failure is final. */
  private retryDelay(err: ApiError, kind: CallKind, attempt: number, exchange: Exchange, elapsedMs: number): number | undefined {
    const refused = err.kind === 'network' && !isSetupFailure(err.details.code);
    if (refused && attempt > REFUSED_RETRIES) return undefined;
    if (err.kind === 'timeout' && attempt > TIMEOUT_RETRIES) return undefined;
    const retryable = kind === 'create'
      ? !exchange.mayHaveActed && (err.kind === 'rate-limited' || refused)
      : refused || ['connection-lost', 'timeout', 'rate-limited', 'server'].includes(err.kind);
    if (!retryable) return undefined;
    const backoff = this.backoff.initialMs * 1.5 ** (attempt - 1);
    const wait = Math.min(this.backoff.maxMs, exchange.retryAfterMs ?? backoff);
    return elapsedMs + wait > this.backoff.maxElapsedMs ? undefined : wait;
  }

  /**
   * One API call: attempts, each under its deadline, and the waits between them. The SDK applies its
   * own whole-call timeout unless a signal is given; ours are per attempt (see transport), so a
   * signal is always passed.
   */
  private async call<T>(
    operation: string,
    kind: CallKind,
    run: (core: MistralCore, signal: AbortSignal) => Promise<SdkResult<T>>,
    options: CallOptions & { upload?: UploadBody; onUploadProgress?: (sentBytes: number, totalBytes: number) => void } = {},
  ): Promise<T> {
    const exchange: Exchange = { mayHaveActed: false };
    const ctx = { operation, baseUrl: this.baseUrl, hints: this.hints, timeoutMs: this.timeoutMs, nonIdempotent: kind === 'create', exchange, secrets: this.secrets };
    const { signal } = options;
    const fetcher: FetcherOptions = kind === 'transfer'
      ? { deadlineMs: this.transferTimeoutMs, idleMs: this.timeoutMs, exchange, upload: options.upload, onUploadProgress: options.onUploadProgress }
      : { deadlineMs: this.timeoutMs, exchange };
    const cancelled = (): ApiError => toApiError(Object.assign(new Error('cancelled'), { name: 'AbortError' }), ctx);
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw cancelled();
      let error: ApiError;
      try {
        const result = await run(this.newCore(fetcher), signal ?? new AbortController().signal);
        if (result.ok) return result.value;
        error = toApiError(result.error, ctx);
      } catch (err) {
        error = toApiError(err, ctx);
      }
      const wait = signal?.aborted ? undefined : this.retryDelay(error, kind, attempt, exchange, Date.now() - started);
      if (wait === undefined) throw error;
      const cause = error.status !== undefined ? `HTTP ${error.status}` : error.details.code ?? error.kind;
      (options.onRetry ?? this.onRetry)?.({ operation, attempt, waitMs: wait, reason: error.message, cause });
      exchange.retryAfterMs = undefined;
      await sleep(wait, signal).catch(() => undefined);
    }
  }

  private static readonly NO_RETRY = { retries: { strategy: 'none' } as RetryConfig };

  async listJobs(query: ListJobsQuery = {}, options: CallOptions = {}): Promise<{ jobs: BatchJob[]; total: number }> {
    const page = await this.call('list batch jobs', 'read', (core, signal) =>
      batchJobsList(core, {
        page: query.page,
        pageSize: query.pageSize,
        status: query.status,
        model: query.model,
        createdAfter: query.createdAfter,
        orderBy: '-created',
      }, { ...MistralBatchApi.NO_RETRY, signal }), options);
    return { jobs: page.data ?? [], total: page.total };
  }

  getJob(jobId: string, options: CallOptions = {}): Promise<BatchJob> {
    return this.call(`get batch job ${jobId}`, 'read', (core, signal) => batchJobsGet(core, { jobId }, { ...MistralBatchApi.NO_RETRY, signal }), options);
  }

  createJob(request: CreateBatchJobRequest, options: CallOptions = {}): Promise<BatchJob> {
    return this.call('create the batch job', 'create', (core, signal) => batchJobsCreate(core, request, { ...MistralBatchApi.NO_RETRY, signal }), options);
  }

  cancelJob(jobId: string, options: CallOptions = {}): Promise<BatchJob> {
    return this.call(`cancel batch job ${jobId}`, 'read', (core, signal) => batchJobsCancel(core, { jobId }, { ...MistralBatchApi.NO_RETRY, signal }), options);
  }

  uploadFile(file: { fileName: string; content: Uint8Array | Blob }, options: UploadOptions = {}): Promise<UploadedFile> {
    const content = file.content instanceof Blob ? file.content : new Blob([file.content]);
    // The transport sends the content itself, from disk; the SDK's copy of the body is never read.
    const upload: UploadBody = { fileName: file.fileName, content, fields: { purpose: 'batch' } };
    return this.call(`upload ${file.fileName}`, 'transfer', (core, signal) =>
      filesUpload(core, { file: { fileName: file.fileName, content }, purpose: 'batch' }, { ...MistralBatchApi.NO_RETRY, signal }),
    { ...options, upload, onUploadProgress: options.onProgress });
  }

  async getFile(fileId: string, options: CallOptions = {}): Promise<RemoteFile | undefined> {
    try {
      const file = await this.call(`look up file ${fileId}`, 'read', (core, signal) => filesRetrieve(core, { fileId }, { ...MistralBatchApi.NO_RETRY, signal }), options);
      return file.deleted ? undefined : file;
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  async downloadFile(fileId: string, options: CallOptions = {}): Promise<ReadableStream<Uint8Array>> {
    const operation = `download file ${fileId}`;
    const stream = await this.call(operation, 'transfer', (core, signal) => filesDownload(core, { fileId }, { ...MistralBatchApi.NO_RETRY, signal }), options);
    // The body is read after the call returns: its failures (a stall, a cut) are said like the call's.
    const ctx = { operation, baseUrl: this.baseUrl, hints: this.hints, timeoutMs: this.timeoutMs, nonIdempotent: false, secrets: this.secrets };
    const reader = stream.getReader();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (err) {
          controller.error(toApiError(err, ctx));
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
  }

  /**
   * Retried like a read: a repeat costs at most one more request and creates nothing, while a
   * passing 429 or 5xx would otherwise fail the user's try.
   */
  async send(call: DirectCall, options: CallOptions = {}): Promise<DirectAnswer> {
    const operation = `call ${call.path}`;
    // Aborted also when a streamed answer stalls, which closes the connection.
    const stall = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stall.signal]) : stall.signal;
    // A streamed answer may run long: it gets the transfer deadline, with the stall guard below.
    const answer = await this.call(operation, call.stream ? 'transfer' : 'read', (core, s) => postDirect(core, call, { ...MistralBatchApi.NO_RETRY, retryCodes: [], signal: s }), { ...options, signal });
    if (answer.kind === 'json') return answer;
    const ctx = { operation, baseUrl: this.baseUrl, hints: this.hints, timeoutMs: this.timeoutMs, nonIdempotent: false, secrets: this.secrets };
    return { kind: 'stream', events: guardStream(answer.events, this.timeoutMs, () => stall.abort(), (err) => toApiError(signal.aborted && !stall.signal.aborted ? new DOMException('cancelled', 'AbortError') : err, ctx)) };
  }

  async listModels(options: CallOptions = {}): Promise<ModelCard[]> {
    const list = await this.call('list models', 'read', (core, signal) => modelsList(core, {}, { ...MistralBatchApi.NO_RETRY, signal }), options);
    return (list.data ?? []).filter((m): m is ModelCard => !('isUnknown' in m));
  }
}
