// Submission and job following, shared by the VS Code command, the jobs view and the CLI (no vscode here).
export { writeStreamAtomic } from './atomic';
export { batchBaseName, localInputs, locateJsonPath, resultPathsFor, resultPathsIn } from './batchFile';
export type { BatchFileJson, LocalInput, TextRange } from './batchFile';
export {
  describeProgress, downloadJobFiles, followJob, isTerminalStatus, isTransientError, nextPollDelay, sleep, TERMINAL_STATUSES,
} from './follow';
export type { FollowOptions } from './follow';
export { findPreviousSubmission, findSubmissionForJob, findUncertainAttempt, hasSubmissionOf, JsonFileStore, sha256Hex } from './store';
export type { Fingerprint, KeyValueStore, SubmissionRecord, UncertainAttempt, UploadCache, UploadRecord } from './store';
export { describeReadError, readText } from './readText';
export { fingerprintBatchFile, submitBatchFile, SubmitError } from './submit';
export type { BatchChecker, CheckSummary, SubmitErrorKind, SubmitOptions, SubmitProgress, SubmitResult } from './submit';
