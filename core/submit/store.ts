// What submission remembers between runs: uploads by content hash (to reuse them) and submissions by
// batch file (to ask before paying twice for the same file). Storage is injected: the extension passes
// its workspace state (a VS Code Memento fits KeyValueStore as is), the CLI a JsonFileStore.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from './atomic';

export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The store of upload records; any KeyValueStore. */
export type UploadCache = KeyValueStore;

export interface UploadRecord {
  fileId: string;
  sha256: string;
  bytes: number;
  fileName: string;
  /** Milliseconds since the epoch. */
  uploadedAt: number;
}

/** What makes two submissions "the same": the batch file's text and the content of its local inputs. */
export interface Fingerprint {
  /** sha256 of the batch file's text. */
  contentHash: string;
  /** sha256 over the local .jsonl inputs' contents (see `inputsHash`). */
  inputsHash: string;
}

export interface SubmissionRecord {
  /** Absolute path of the batch file. */
  batchFile: string;
  /** sha256 of the batch file's text as submitted. */
  contentHash: string;
  /** Absent in records from before inputs were fingerprinted: those match any inputs. */
  inputsHash?: string;
  jobId: string;
  baseUrl: string;
  /** Milliseconds since the epoch. */
  submittedAt: number;
  /** custom_id → hash of each request as sent (core/results `requestHash`), to tell when one is edited since. */
  requestHashes?: Record<string, string>;
  /** The lines of the local inputs as sent (core/results/lineHashes.ts); absent when there are none or too many. */
  lineHashes?: string;
}

/**
 * A create call whose answer is not known (noted before sending; see journal.ts): the next submission
 * of the same content is stopped until someone has looked.
 */
export interface UncertainAttempt extends Fingerprint {
  /** Absent in notes written before the journal. */
  id?: string;
  batchFile: string;
  baseUrl: string;
  /** Milliseconds since the epoch. */
  attemptedAt: number;
  /** The error's message. */
  reason: string;
}

const UPLOADS_KEY = 'mistralBatch.uploads';
const SUBMISSIONS_KEY = 'mistralBatch.submissions';
export const UNCERTAIN_KEY = 'mistralBatch.uncertainAttempts';
// Enough history for "submit again?" and for finding a job's batch file, without growing forever.
const MAX_UPLOADS = 200;
const MAX_SUBMISSIONS = 500;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// Uploads belong to one server (the mock and the real API must not share ids).
const uploadKey = (baseUrl: string, sha256: string): string => `${baseUrl} ${sha256}`;

export function findUpload(cache: UploadCache, baseUrl: string, sha256: string): UploadRecord | undefined {
  return cache.get<Record<string, UploadRecord>>(UPLOADS_KEY)?.[uploadKey(baseUrl, sha256)];
}

export async function rememberUpload(cache: UploadCache, baseUrl: string, record: UploadRecord): Promise<void> {
  const all = { ...cache.get<Record<string, UploadRecord>>(UPLOADS_KEY) };
  all[uploadKey(baseUrl, record.sha256)] = record;
  const newest = Object.entries(all).sort((a, b) => b[1].uploadedAt - a[1].uploadedAt).slice(0, MAX_UPLOADS);
  await cache.update(UPLOADS_KEY, Object.fromEntries(newest));
}

function submissions(store: KeyValueStore): SubmissionRecord[] {
  const list = store.get<SubmissionRecord[]>(SUBMISSIONS_KEY);
  return Array.isArray(list) ? list : [];
}

export async function recordSubmission(store: KeyValueStore, record: SubmissionRecord): Promise<void> {
  await store.update(SUBMISSIONS_KEY, [record, ...submissions(store)].slice(0, MAX_SUBMISSIONS));
}

/** sha256 over the local inputs' content hashes, in `input_files` order ("" hashed when there are none). */
export function inputsHash(inputs: ReadonlyArray<{ index: number; sha256: string }>): string {
  return sha256Hex(inputs.map((i) => `${i.index}:${i.sha256}`).join('\n'));
}

/** Whether any submission of this batch file was recorded: when none was, its content need not be hashed. */
export function hasSubmissionOf(store: KeyValueStore, batchFile: string): boolean {
  const path = resolve(batchFile);
  return submissions(store).some((s) => s.batchFile === path);
}

/**
 * The latest submission of this batch file with this content (and to this server, when given):
 * the caller asks "submitted as job X 5 minutes ago — submit again?". Given only the text's hash,
 * the inputs are not compared.
 */
export function findPreviousSubmission(store: KeyValueStore, batchFile: string, content: string | Fingerprint, baseUrl?: string): SubmissionRecord | undefined {
  const path = resolve(batchFile);
  const print = typeof content === 'string' ? { contentHash: content, inputsHash: undefined } : content;
  return submissions(store).find((s) =>
    s.batchFile === path && s.contentHash === print.contentHash && (baseUrl === undefined || s.baseUrl === baseUrl)
    && (print.inputsHash === undefined || s.inputsHash === undefined || s.inputsHash === print.inputsHash));
}

export function uncertainAttempts(store: KeyValueStore): UncertainAttempt[] {
  const list = store.get<UncertainAttempt[]>(UNCERTAIN_KEY);
  return Array.isArray(list) ? list : [];
}

/** The latest unresolved uncertain attempt to submit this batch file with this content to this server. */
export function findUncertainAttempt(store: KeyValueStore, batchFile: string, print: Fingerprint, baseUrl: string): UncertainAttempt | undefined {
  const path = resolve(batchFile);
  return uncertainAttempts(store).find((a) =>
    a.batchFile === path && a.baseUrl === baseUrl && a.contentHash === print.contentHash && a.inputsHash === print.inputsHash);
}

/** A job was created from the file: its earlier uncertain attempts were looked into (or overridden). */
export async function clearUncertainAttempts(store: KeyValueStore, batchFile: string, baseUrl: string, print: Fingerprint): Promise<void> {
  const path = resolve(batchFile);
  const all = uncertainAttempts(store);
  // Only attempts with this content: an earlier version's attempt may still have made a job of its own.
  const kept = all.filter((a) => a.batchFile !== path || a.baseUrl !== baseUrl || a.contentHash !== print.contentHash || a.inputsHash !== print.inputsHash);
  if (kept.length !== all.length) await store.update(UNCERTAIN_KEY, kept);
}

/** The latest submission of this batch file, whatever its content. */
export function findLatestSubmission(store: KeyValueStore, batchFile: string): SubmissionRecord | undefined {
  const path = resolve(batchFile);
  return submissions(store).find((s) => s.batchFile === path);
}

/** The batch file a job was submitted from, for "Open Batch File" and for saving results beside it. */
export function findSubmissionForJob(store: KeyValueStore, jobId: string): SubmissionRecord | undefined {
  return submissions(store).find((s) => s.jobId === jobId);
}

/** The records file cannot be read or is damaged; it is left as it is. */
export class StoreDamagedError extends Error {
  override readonly name = 'StoreDamagedError';
  constructor(readonly path: string, why: string) {
    super(`The submission records ${path} cannot be used (${why}). They note attempts that may have created jobs, so they are left untouched: look at the file, then move it aside or repair it, and run again.`);
  }
}

/** A KeyValueStore kept in one JSON file, for the CLI. */
export class JsonFileStore implements KeyValueStore {
  private constructor(readonly path: string, private data: Record<string, unknown>) {}

  static async open(path: string): Promise<JsonFileStore> {
    return new JsonFileStore(path, await JsonFileStore.read(path));
  }

  private static async read(path: string): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new StoreDamagedError(path, (err as NodeJS.ErrnoException).code ?? String(err));
    }
    // A damaged file is never read as empty (and then overwritten): it may hold the only note of an
    // attempt that created a job.
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new StoreDamagedError(path, 'not valid JSON');
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new StoreDamagedError(path, 'not a JSON object');
    return v as Record<string, unknown>;
  }

  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }

  async update(key: string, value: unknown): Promise<void> {
    // Re-read first so two CLI runs at once lose as little as possible of each other's records.
    this.data = { ...(await JsonFileStore.read(this.path)), [key]: value };
    await writeFileAtomic(this.path, JSON.stringify(this.data, null, 1));
  }
}
