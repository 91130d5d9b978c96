// The one submission flow behind the VS Code command, the jobs view and the CLI:
// check → refuse on errors → find local inputs → upload (or reuse) → create → record.
// Everything that can fail locally fails before the first request. The create call is journaled
// before it is sent (journal.ts), so it can be cancelled like any other: an interrupted attempt stays
// noted and stops a plain resubmission of the same content.
import { basename, resolve } from 'node:path';
import { ApiError, BatchApi, BatchJob, RetryNotice } from '../api';
import { BatchFileJson, LocalInput, localInputs, toCreateRequest } from './batchFile';
import { requestHashes } from '../results/join';
import { LineHasher } from '../results/lineHashes';
import { currentIdentity, describeChange, FileIdentity, hashLocalFile, HashedFile, LocalFileError, openUploadBlob } from './localFile';
import { describeReadError, readText, stripBom } from './readText';
import {
  clearUncertainAttempts, findUpload, Fingerprint, inputsHash, KeyValueStore, recordSubmission, rememberUpload, sha256Hex, SubmissionRecord,
  UploadCache,
} from './store';
import { explainAttempt, noteAttempt, settleAttempt } from './journal';

export interface CheckSummary {
  errors: number;
  warnings: number;
  /** The local inputs the check read, by absolute path, as they were then: a later change is refused. */
  inputs?: ReadonlyMap<string, FileIdentity>;
}

/** Checks a batch file's text with the language server's rules (the CLI runs them in-process). */
export interface BatchChecker {
  /** `batchFile`: where the text was read from, so local inputs can be looked for beside it. */
  check(text: string, batchFile: string): Promise<CheckSummary>;
}

export type SubmitProgress =
  | { stage: 'checking' }
  | { stage: 'uploading'; file: string; sentBytes: number; totalBytes: number }
  | { stage: 'uploaded'; file: string; fileId: string; reused: boolean }
  | { stage: 'creating' }
  /** A failed attempt of `operation` is tried again after `waitMs`. */
  | ({ stage: 'retrying' } & RetryNotice);

export interface SubmitOptions {
  api: BatchApi;
  checker: BatchChecker;
  uploadCache: UploadCache;
  submissions: KeyValueStore;
  /** Also stops the create call: its attempt then stays noted when it may have reached the server. */
  signal?: AbortSignal;
  onProgress?: (progress: SubmitProgress) => void;
  now?: () => number;
}

export interface SubmitResult {
  job: BatchJob;
  record: SubmissionRecord;
  /** False when the submissions store could not be written (the job was still created). */
  recorded: boolean;
  uploads: Array<{ path: string; fileId: string; reused: boolean }>;
  /** Cancellation came as the job's creation was answered: it exists; offer to cancel it. */
  cancelledAfterCreate: boolean;
}

export type SubmitErrorKind = 'unreadable' | 'not-json' | 'has-errors' | 'missing-input' | 'input-changed' | 'cancelled' | 'journal';

/** A refusal before anything was sent (for "cancelled": before the job was created). */
export class SubmitError extends Error {
  override readonly name = 'SubmitError';
  constructor(
    readonly kind: SubmitErrorKind,
    message: string,
    readonly details: {
      /** For "has-errors". */
      errors?: number;
      /** The JSON path in the batch file that the refusal is about, e.g. ["input_files", 1]. */
      jsonPath?: Array<string | number>;
    } = {},
  ) {
    super(message);
  }
}

function checkCancelled(signal: AbortSignal | undefined, uploaded: number): void {
  if (!signal?.aborted) return;
  const note = uploaded > 0 ? ' (files already uploaded stay on the server and will be reused next time)' : '';
  throw new SubmitError('cancelled', `Submission cancelled: no job was created${note}.`);
}

interface ReadInput extends LocalInput, HashedFile {}

/**
 * Each local input hashed as it will be uploaded (streamed, never held whole), after checking that it
 * is still the file the check read.
 */
async function readInputs(inputs: LocalInput[], checked: CheckSummary['inputs'], signal: AbortSignal | undefined, lines: LineHasher): Promise<ReadInput[]> {
  const out: ReadInput[] = [];
  for (const input of inputs) {
    const entry = `input_files[${input.index}]: "${input.written}"`;
    const jsonPath = ['input_files', input.index];
    let hashed: HashedFile;
    try {
      hashed = await hashLocalFile(input.absolutePath, signal, lines);
    } catch (e) {
      if (e instanceof LocalFileError && e.kind === 'cancelled') checkCancelled(signal, 0);
      if (e instanceof LocalFileError && e.kind === 'changed') throw new SubmitError('input-changed', `${entry} ${e.message}. Nothing was sent.`, { jsonPath });
      const why = e instanceof LocalFileError ? (e.kind === 'missing' ? 'does not exist' : e.message) : 'cannot be read';
      throw new SubmitError('missing-input', `${entry} ${why} (looked for ${input.absolutePath}). Fix the path in the batch file or use an uploaded file id. Nothing was sent.`, { jsonPath });
    }
    const before = checked?.get(input.absolutePath);
    const changed = before && describeChange(before, hashed.identity);
    if (changed) throw new SubmitError('input-changed', `${entry} changed after it was checked (${changed}): submit again, so that what is uploaded is what was checked. Nothing was sent.`, { jsonPath });
    out.push({ ...input, ...hashed });
  }
  return out;
}

/**
 * What a submission of this batch file would send, as hashes: its text and its local inputs' content,
 * so "already submitted" and "an earlier attempt may have created it" notice a changed .jsonl too.
 */
export async function fingerprintBatchFile(batchFile: string, text: string): Promise<Fingerprint> {
  let json: BatchFileJson = {};
  try {
    json = JSON.parse(stripBom(text)) as BatchFileJson;
  } catch {
    // Submission refuses such a file before sending anything; its inputs do not matter.
  }
  const inputs = typeof json === 'object' && json !== null ? localInputs(json, batchFile) : [];
  const hashed = await Promise.all(inputs.map(async (i) => ({
    index: i.index,
    sha256: await hashLocalFile(i.absolutePath).then((h) => h.sha256, () => 'unreadable'),
  })));
  return { contentHash: sha256Hex(stripBom(text)), inputsHash: inputsHash(hashed) };
}

/**
 * The inline requests as sent, for marking results of requests edited since. Lines of local inputs are
 * hashed apart (see core/results/lineHashes.ts): an input may hold a million of them.
 */
function sentRequests(json: BatchFileJson): unknown[] {
  return Array.isArray(json.requests) ? (json.requests as unknown[]) : [];
}

async function uploadOrReuse(input: ReadInput, opts: SubmitOptions, now: () => number): Promise<{ fileId: string; reused: boolean }> {
  const { api, uploadCache, signal, onProgress } = opts;
  const file = input.written;
  const known = findUpload(uploadCache, api.baseUrl, input.sha256);
  if (known && known.bytes === input.bytes) {
    // Uploads expire or get deleted, so the cache is only a hint until the server confirms it.
    const remote = await api.getFile(known.fileId, { signal });
    if (remote && remote.sizeBytes === input.bytes) return { fileId: known.fileId, reused: true };
  }
  const changedWhileSent = (why: string): SubmitError =>
    new SubmitError('input-changed', `input_files[${input.index}]: "${file}" ${why}. The job was not created.`, { jsonPath: ['input_files', input.index] });
  let content: Blob;
  try {
    content = await openUploadBlob(input.absolutePath, input);
  } catch (e) {
    if (e instanceof LocalFileError && e.kind === 'changed') throw changedWhileSent(e.message);
    throw e;
  }
  let uploaded;
  try {
    uploaded = await api.uploadFile(
      { fileName: basename(input.absolutePath), content },
      {
        signal,
        onProgress: (sentBytes, totalBytes) => onProgress?.({ stage: 'uploading', file, sentBytes, totalBytes }),
        onRetry: (r) => onProgress?.({ stage: 'retrying', ...r }),
      },
    );
  } catch (err) {
    // A file changed during the upload makes its read fail half-way: say that, not "network error".
    const now = await currentIdentity(input.absolutePath);
    const changed = now ? describeChange(input.identity, now) : 'it can no longer be read';
    if (changed) throw changedWhileSent(`changed while it was being uploaded (${changed}); that upload is not used: submit again`);
    throw err;
  }
  await rememberUpload(uploadCache, api.baseUrl, {
    fileId: uploaded.id, sha256: input.sha256, bytes: input.bytes, fileName: basename(input.absolutePath), uploadedAt: now(),
  }).catch(() => undefined); // A cache that cannot be written costs a re-upload next time, nothing more.
  return { fileId: uploaded.id, reused: false };
}

export async function submitBatchFile(batchFile: string, opts: SubmitOptions): Promise<SubmitResult> {
  const { api, signal, onProgress } = opts;
  const now = opts.now ?? Date.now;
  const path = resolve(batchFile);
  const text = await readText(path).catch((e: unknown) => {
    throw new SubmitError('unreadable', `Cannot read ${path}: ${describeReadError(e)}. Nothing was sent.`);
  });
  const contentHash = sha256Hex(text);
  checkCancelled(signal, 0);

  onProgress?.({ stage: 'checking' });
  const summary = await opts.checker.check(text, path);
  if (summary.errors > 0) {
    const s = summary.errors === 1 ? '' : 's';
    throw new SubmitError('has-errors', `${basename(path)} has ${summary.errors} error${s}: fix ${summary.errors === 1 ? 'it' : 'them'} and submit again. Nothing was sent.`, { errors: summary.errors });
  }
  let json: BatchFileJson;
  try {
    json = JSON.parse(text) as BatchFileJson;
  } catch (e) {
    throw new SubmitError('not-json', `${basename(path)} is not valid JSON (${(e as Error).message}). Nothing was sent.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SubmitError('not-json', `${basename(path)} must hold a JSON object. Nothing was sent.`);
  }

  // Every local input is read (and so known to exist) before the first upload.
  const lines = new LineHasher();
  const inputs = await readInputs(localInputs(json, path), summary.inputs, signal, lines);
  const fileIds = new Map<number, string>();
  const uploads: SubmitResult['uploads'] = [];
  for (const input of inputs) {
    checkCancelled(signal, uploads.length);
    let outcome: { fileId: string; reused: boolean };
    try {
      outcome = await uploadOrReuse(input, opts, now);
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'cancelled') checkCancelled(signal, uploads.length);
      throw err;
    }
    fileIds.set(input.index, outcome.fileId);
    uploads.push({ path: input.absolutePath, ...outcome });
    onProgress?.({ stage: 'uploaded', file: input.written, ...outcome });
  }

  checkCancelled(signal, uploads.length);
  const print = { contentHash, inputsHash: inputsHash(inputs) };
  // Noted before the request leaves: whatever happens to the answer or to this process, the next
  // submission of this content knows an attempt was made.
  const attemptId = await noteAttempt(opts.submissions, { batchFile: path, baseUrl: api.baseUrl, ...print, attemptedAt: now() }).catch((e: unknown) => {
    throw new SubmitError('journal', `The attempt could not be noted before creating the job (${e instanceof Error ? e.message : String(e)}), so nothing was sent: a lost answer could not be told from no job. Make the records writable and submit again.`);
  });
  onProgress?.({ stage: 'creating' });
  let job: BatchJob;
  try {
    job = await api.createJob(toCreateRequest(json, fileIds), {
      signal,
      onRetry: (r) => onProgress?.({ stage: 'retrying', ...r }),
    });
  } catch (err) {
    const may = !(err instanceof ApiError) || err.mayHaveSucceeded;
    // Settling or explaining the note may fail; the note then stays as written, which errs on the safe side.
    if (may) await explainAttempt(opts.submissions, attemptId, err instanceof Error ? err.message : String(err)).catch(() => undefined);
    else await settleAttempt(opts.submissions, attemptId).catch(() => undefined);
    if (!may && err instanceof ApiError && err.kind === 'cancelled') checkCancelled(signal, uploads.length);
    throw err;
  }
  const record: SubmissionRecord = {
    batchFile: path, ...print, jobId: job.id, baseUrl: api.baseUrl, submittedAt: now(), requestHashes: requestHashes(sentRequests(json)),
  };
  const lineHashes = inputs.length > 0 ? lines.encode() : undefined;
  if (lineHashes !== undefined) record.lineHashes = lineHashes;
  // The job exists now: failing to note it must not turn into an error that invites a second submission.
  const recorded = await recordSubmission(opts.submissions, record)
    .then(() => settleAttempt(opts.submissions, attemptId))
    .then(() => clearUncertainAttempts(opts.submissions, path, api.baseUrl, print))
    .then(() => true, () => false);
  return { job, record, recorded, uploads, cancelledAfterCreate: signal?.aborted ?? false };
}
