// The Mistral API as the extension and the CLI use it, over the SDK's standalone functions
// (MistralCore + funcs/*) so only the operations used end up in the bundles.
//
// Retries (the SDK's are off by default):
// - reads (get/list job, file info, file content, models) and cancel are idempotent: they retry on 429
//   and 5xx, honouring Retry-After (the SDK's loop reads it), and on network errors and timeouts;
// - uploads retry the same way. An upload is not idempotent, but a duplicate only leaves an unused file
//   behind: it starts no job and costs nothing, and the content-hash cache reuses one upload next time.
//   Failing a large upload on a passing hiccup would cost the user more;
// - job creation retries only where the job was certainly not created: on 429 and on failures to
//   connect (connection refused, unknown host). A dropped connection, a timeout or a 5xx after the
//   request went out may have created the job, so they are reported as such and never retried.
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
import { createFetcher, FetcherOptions } from './transport';

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
  /** Idle time allowed per attempt (no bytes sent and no answer yet); default 30 s. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** How the host names its settings in messages; defaults name the VS Code settings and commands. */
  hints?: Partial<ErrorHints>;
  /** Where the base URL was configured, for messages; default "mistralBatch.baseUrl". */
  baseUrlSetting?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
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
  /** Never retried where the job might exist; a failure's `mayHaveSucceeded` says when it might. */
  createJob(request: CreateBatchJobRequest): Promise<BatchJob>;
  cancelJob(jobId: string, options?: CallOptions): Promise<BatchJob>;
  /** `content` as a Blob is read as it is sent: a file-backed one (`fs.openAsBlob`) is never held in memory. */
  uploadFile(file: { fileName: string; content: Uint8Array | Blob }, options?: UploadOptions): Promise<UploadedFile>;
  /** The file's record, or undefined when it does not exist (any more). */
  getFile(fileId: string, options?: CallOptions): Promise<RemoteFile | undefined>;
  downloadFile(fileId: string, options?: CallOptions): Promise<ReadableStream<Uint8Array>>;
  listModels(options?: CallOptions): Promise<ModelCard[]>;
}

type SdkResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

// The SDK logs full requests, Authorization header included, to the console when MISTRAL_DEBUG is set
// and no logger is given: a silent logger keeps the key out of every log.
const SILENT = { log(): void {}, group(): void {}, groupEnd(): void {} };

export class MistralBatchApi implements BatchApi {
  readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly hints: ErrorHints;
  private readonly backoff: { initialInterval: number; maxInterval: number; exponent: number; maxElapsedTime: number };
  private readonly getKey: () => Promise<string>;
  private readonly secrets: string[] = [];
  private readonly core: MistralCore;
  private readonly createCore: MistralCore;

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
    this.backoff = {
      initialInterval: opts.retry?.initialIntervalMs ?? 500,
      maxInterval: opts.retry?.maxIntervalMs ?? 30_000,
      exponent: 1.5,
      maxElapsedTime: opts.retry?.maxElapsedMs ?? 60_000,
    };
    const source = opts.apiKey;
    this.getKey = async () => {
      const key = typeof source === 'string' ? source : await source();
      // Remembered only to blank it out of anything quoted from the server.
      if (key && !this.secrets.includes(key)) this.secrets.push(key);
      return key;
    };
    this.core = this.newCore({ timeoutMs: this.timeoutMs });
    this.createCore = this.newCore({ timeoutMs: this.timeoutMs, onlyRetryUnsent: true });
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

  private retries(connectionErrors: boolean): RetryConfig {
    return { strategy: 'backoff', backoff: this.backoff, retryConnectionErrors: connectionErrors };
  }

  /**
   * The SDK applies its own whole-call timeout unless a signal is given; ours is per attempt (see
   * transport), so a signal is always passed.
   */
  private async call<T>(operation: string, nonIdempotent: boolean, run: (signal: AbortSignal) => Promise<SdkResult<T>>, signal?: AbortSignal): Promise<T> {
    const ctx = { operation, baseUrl: this.baseUrl, hints: this.hints, timeoutMs: this.timeoutMs, nonIdempotent, secrets: this.secrets };
    if (signal?.aborted) throw new ApiError('cancelled', `Cancelled before trying to ${operation}.`);
    let result: SdkResult<T>;
    try {
      result = await run(signal ?? new AbortController().signal);
    } catch (err) {
      throw toApiError(err, ctx);
    }
    if (!result.ok) throw toApiError(result.error, ctx);
    return result.value;
  }

  private idempotent(signal: AbortSignal): { retries: RetryConfig; retryCodes: string[]; signal: AbortSignal } {
    return { retries: this.retries(true), retryCodes: ['429', '5XX'], signal };
  }

  async listJobs(query: ListJobsQuery = {}, options: CallOptions = {}): Promise<{ jobs: BatchJob[]; total: number }> {
    const page = await this.call('list batch jobs', false, (signal) =>
      batchJobsList(this.core, {
        page: query.page,
        pageSize: query.pageSize,
        status: query.status,
        model: query.model,
        createdAfter: query.createdAfter,
        orderBy: '-created',
      }, this.idempotent(signal)), options.signal);
    return { jobs: page.data ?? [], total: page.total };
  }

  getJob(jobId: string, options: CallOptions = {}): Promise<BatchJob> {
    return this.call(`get batch job ${jobId}`, false, (signal) => batchJobsGet(this.core, { jobId }, this.idempotent(signal)), options.signal);
  }

  createJob(request: CreateBatchJobRequest): Promise<BatchJob> {
    // No signal: aborting half-way would leave the user not knowing whether the job exists.
    return this.call('create the batch job', true, (signal) =>
      batchJobsCreate(this.createCore, request, { retries: this.retries(true), retryCodes: ['429'], signal }));
  }

  cancelJob(jobId: string, options: CallOptions = {}): Promise<BatchJob> {
    return this.call(`cancel batch job ${jobId}`, false, (signal) => batchJobsCancel(this.core, { jobId }, this.idempotent(signal)), options.signal);
  }

  uploadFile(file: { fileName: string; content: Uint8Array | Blob }, options: UploadOptions = {}): Promise<UploadedFile> {
    const content = file.content instanceof Blob ? file.content : new Blob([file.content]);
    // The transport sends the content itself, from disk; the SDK's copy of the body is never read.
    const upload = { fileName: file.fileName, content, fields: { purpose: 'batch' as const } };
    const core = this.newCore({ timeoutMs: this.timeoutMs, upload, onUploadProgress: options.onProgress });
    return this.call(`upload ${file.fileName}`, false, (signal) =>
      filesUpload(core, { file: { fileName: file.fileName, content }, purpose: upload.fields.purpose }, this.idempotent(signal)), options.signal);
  }

  async getFile(fileId: string, options: CallOptions = {}): Promise<RemoteFile | undefined> {
    try {
      const file = await this.call(`look up file ${fileId}`, false, (signal) => filesRetrieve(this.core, { fileId }, this.idempotent(signal)), options.signal);
      return file.deleted ? undefined : file;
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'not-found') return undefined;
      throw err;
    }
  }

  downloadFile(fileId: string, options: CallOptions = {}): Promise<ReadableStream<Uint8Array>> {
    return this.call(`download file ${fileId}`, false, (signal) => filesDownload(this.core, { fileId }, this.idempotent(signal)), options.signal);
  }

  async listModels(options: CallOptions = {}): Promise<ModelCard[]> {
    const list = await this.call('list models', false, (signal) => modelsList(this.core, {}, this.idempotent(signal)), options.signal);
    return (list.data ?? []).filter((m): m is ModelCard => !('isUnknown' in m));
  }
}
