// The API client shared by the extension, the jobs view and the CLI.
export { checkBaseUrl, DEFAULT_BASE_URL, isLoopbackHost } from './baseUrl';
export { describeRetry, MistralBatchApi } from './client';
export type {
  ApiClientOptions, BatchApi, DirectApi, BatchJob, BatchJobStatus, CallOptions, CreateBatchJobRequest, ListJobsQuery,
  ModelCard, RemoteFile, RetryNotice, RetryOptions, UploadedFile, UploadOptions,
} from './client';
export { ApiError, DEFAULT_HINTS, describeProblems, redactSecrets } from './errors';
export type { ApiErrorKind, ErrorHints, ValidationProblem } from './errors';
export type { DirectAnswer, DirectCall } from './direct';
