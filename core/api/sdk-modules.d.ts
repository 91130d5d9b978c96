// tsconfig resolves modules the "node" (node10) way, which ignores package.json "exports", so TypeScript
// cannot see the SDK's standalone-function subpaths that esbuild resolves at build time. These
// declarations point TypeScript at the very files esbuild bundles (the exports map sends ./X.js to ./esm/X.js).
declare module '@mistralai/mistralai/core.js' { export * from '@mistralai/mistralai/esm/core.js'; }
declare module '@mistralai/mistralai/funcs/batchJobsCreate.js' { export * from '@mistralai/mistralai/esm/funcs/batchJobsCreate.js'; }
declare module '@mistralai/mistralai/funcs/batchJobsGet.js' { export * from '@mistralai/mistralai/esm/funcs/batchJobsGet.js'; }
declare module '@mistralai/mistralai/funcs/batchJobsList.js' { export * from '@mistralai/mistralai/esm/funcs/batchJobsList.js'; }
declare module '@mistralai/mistralai/funcs/batchJobsCancel.js' { export * from '@mistralai/mistralai/esm/funcs/batchJobsCancel.js'; }
declare module '@mistralai/mistralai/funcs/filesUpload.js' { export * from '@mistralai/mistralai/esm/funcs/filesUpload.js'; }
declare module '@mistralai/mistralai/funcs/filesRetrieve.js' { export * from '@mistralai/mistralai/esm/funcs/filesRetrieve.js'; }
declare module '@mistralai/mistralai/funcs/filesDownload.js' { export * from '@mistralai/mistralai/esm/funcs/filesDownload.js'; }
declare module '@mistralai/mistralai/funcs/modelsList.js' { export * from '@mistralai/mistralai/esm/funcs/modelsList.js'; }
declare module '@mistralai/mistralai/lib/http.js' { export * from '@mistralai/mistralai/esm/lib/http.js'; }
declare module '@mistralai/mistralai/lib/retries.js' { export * from '@mistralai/mistralai/esm/lib/retries.js'; }
declare module '@mistralai/mistralai/models/components/index.js' { export * from '@mistralai/mistralai/esm/models/components/index.js'; }
declare module '@mistralai/mistralai/models/errors/index.js' { export * from '@mistralai/mistralai/esm/models/errors/index.js'; }
declare module '@mistralai/mistralai/lib/matchers.js' { export * from '@mistralai/mistralai/esm/lib/matchers.js'; }
declare module '@mistralai/mistralai/lib/event-streams.js' { export * from '@mistralai/mistralai/esm/lib/event-streams.js'; }
declare module '@mistralai/mistralai/lib/sdks.js' { export * from '@mistralai/mistralai/esm/lib/sdks.js'; }
declare module '@mistralai/mistralai/lib/security.js' { export * from '@mistralai/mistralai/esm/lib/security.js'; }
declare module '@mistralai/mistralai/funcs/chatComplete.js' { export * from '@mistralai/mistralai/esm/funcs/chatComplete.js'; }
declare module '@mistralai/mistralai/funcs/chatStream.js' { export * from '@mistralai/mistralai/esm/funcs/chatStream.js'; }
declare module '@mistralai/mistralai/funcs/embeddingsCreate.js' { export * from '@mistralai/mistralai/esm/funcs/embeddingsCreate.js'; }
declare module '@mistralai/mistralai/funcs/fimComplete.js' { export * from '@mistralai/mistralai/esm/funcs/fimComplete.js'; }
declare module '@mistralai/mistralai/funcs/ocrProcess.js' { export * from '@mistralai/mistralai/esm/funcs/ocrProcess.js'; }
declare module '@mistralai/mistralai/funcs/classifiersModerate.js' { export * from '@mistralai/mistralai/esm/funcs/classifiersModerate.js'; }
declare module '@mistralai/mistralai/funcs/classifiersModerateChat.js' { export * from '@mistralai/mistralai/esm/funcs/classifiersModerateChat.js'; }
declare module '@mistralai/mistralai/funcs/classifiersClassify.js' { export * from '@mistralai/mistralai/esm/funcs/classifiersClassify.js'; }
declare module '@mistralai/mistralai/funcs/classifiersClassifyChat.js' { export * from '@mistralai/mistralai/esm/funcs/classifiersClassifyChat.js'; }
declare module '@mistralai/mistralai/funcs/betaConversationsStart.js' { export * from '@mistralai/mistralai/esm/funcs/betaConversationsStart.js'; }
declare module '@mistralai/mistralai/funcs/audioTranscriptionsComplete.js' { export * from '@mistralai/mistralai/esm/funcs/audioTranscriptionsComplete.js'; }
