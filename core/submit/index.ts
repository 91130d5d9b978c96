// Submission and job following, shared by the VS Code command, the jobs view and the CLI (no vscode here).
export { batchBaseName, localInputs, locateJsonPath, resultPathsFor, resultPathsIn } from './batchFile';
export type { BatchFileJson, LocalInput, TextRange } from './batchFile';
export {
  describeProgress, downloadJobFiles, followJob, isTerminalStatus, isTransientError, nextPollDelay, sleep, TERMINAL_STATUSES,
} from './follow';
export type { FollowOptions, SavedJobFiles } from './follow';
export { findLatestSubmission, findPreviousSubmission, findSubmissionForJob, findUncertainAttempt, hasSubmissionOf, JsonFileStore, sha256Hex, StoreDamagedError } from './store';
export { jobsCreatedSince } from './journal';
export { moveAside, safeSegment, saveKeepingEarlier } from './outputs';
export type { SavedFile } from './outputs';
export type { Fingerprint, KeyValueStore, SubmissionRecord, UncertainAttempt, UploadCache, UploadRecord } from './store';
export { describeReadError, readText } from './readText';
export { fingerprintBatchFile, submitBatchFile, SubmitError } from './submit';
export type { BatchChecker, CheckSummary, SubmitErrorKind, SubmitOptions, SubmitProgress, SubmitResult } from './submit';
