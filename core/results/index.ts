// Reading a job's results and errors files and joining them onto requests; shared by the server,
// the CLI and the extension (no vscode here).
export { requestIdsOf, summarizeBatchFile } from './batchSummary';
export { nodeFiles } from './files';
export type { ResultFiles } from './files';
export { hintLabel, joinResults, requestHash, requestHashes, requestState } from './join';
export type { Submitted } from './join';
export { LineHasher, LineHashes, lineHash, MAX_LINE_HASHES } from './lineHashes';
export { outcomeOf } from './outcome';
export type { Outcome, Usage } from './outcome';
export { ResultIndex } from './resultIndex';
export type { ResultPaths } from './resultIndex';
export { RetryError, writeRetry } from './retry';
export { summarize, summaryLines } from './summary';
export type { ResultSummary } from './summary';
