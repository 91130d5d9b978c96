// Trying one request of a batch as an ordinary call, shared by the editor and the CLI (no vscode here).
export { TRY_ENDPOINTS, tryEndpoint } from './endpoints';
export type { AnswerKind, TryEndpoint } from './endpoints';
export { answerFacts, rawJson, renderAnswer } from './render';
export { contentText, tryRequest } from './run';
export type { TryAnswer, TryOptions } from './run';
export { batchTarget, jsonlTarget, pathInBatchFile, TryError, withJobModel } from './target';
export type { TryJob, TryTarget } from './target';
export { checkAndTry } from './flow';
export type { CheckAndTryOptions, RequestChecker } from './flow';
