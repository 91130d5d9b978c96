// Reading a job's results and errors files and joining them onto requests; shared by the server,
// the CLI and the extension (no vscode here).
export { nodeFiles } from './files';
export type { FileStamp, ResultFiles } from './files';
export { hintLabel, joinResults, requestHash, requestHashes, requestState } from './join';
export type { Join, JoinedRequest, RequestState } from './join';
export { ANSWER_LINES, outcomeOf, shortMessage } from './outcome';
export type { Outcome, Usage } from './outcome';
export { ResultIndex } from './resultIndex';
export type { Brief, ResultPaths, ResultSource } from './resultIndex';
export { summarize, summaryLines } from './summary';
export type { FailureGroup, ResultSummary } from './summary';
export { RetryError, writeRetry } from './retry';
export type { RetryResult } from './retry';
export { requestIdsOf, summarizeBatchFile } from './batchSummary';
