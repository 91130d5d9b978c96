// The mock's in-memory account: files, batch jobs, the request log and the fault rules.
// Jobs advance when they are observed (GET or list), never with wall time, so tests are
// deterministic and as fast as the client polls.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchInputRequest, RequestOutcome, runRequest } from './results';
import { CreateBody, Loc, ValidationDetail } from './validate';

export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCESS' | 'FAILED' | 'TIMEOUT_EXCEEDED' | 'CANCELLATION_REQUESTED' | 'CANCELLED';
const TERMINAL: readonly JobStatus[] = ['SUCCESS', 'FAILED', 'TIMEOUT_EXCEEDED', 'CANCELLED'];

export interface MockFile {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  sample_type: 'batch_request' | 'batch_result' | 'batch_error' | 'instruct';
  source: 'upload' | 'mistral';
  num_lines: number | null;
  mimetype: string | null;
  signature: null;
  /** In memory (files the mock writes), or on disk (uploads, received as a stream). */
  content: Buffer | StoredContent;
}

/** An upload's bytes, written to disk as they arrived. */
export interface StoredContent {
  path: string;
  bytes: number;
  /** Lines holding something other than white space. */
  lines: number;
}

export function contentOf(file: MockFile): Buffer {
  return Buffer.isBuffer(file.content) ? file.content : readFileSync(file.content.path);
}

export interface MockJob {
  id: string;
  object: 'batch';
  input_files: string[];
  metadata: Record<string, string> | null;
  endpoint: string;
  model: string | null;
  agent_id: string | null;
  output_file: string | null;
  error_file: string | null;
  errors: Array<{ message: string; count: number }>;
  status: JobStatus;
  created_at: number;
  total_requests: number;
  completed_requests: number;
  succeeded_requests: number;
  failed_requests: number;
  started_at: number | null;
  completed_at: number | null;
}

interface JobInternals {
  job: MockJob;
  seq: number;
  observations: number;
  outcomes: RequestOutcome[];
}

/** A fault applied to the next matching requests. `route` is e.g. "POST /v1/batch/jobs" or "*". */
export interface FaultRule {
  route: string;
  /** Answer with this status (e.g. 429, 500, 503) instead of handling the request. */
  status?: number;
  /** The JSON body sent with `status`; a Mistral-like error by default. */
  body?: unknown;
  /** Seconds, sent as `Retry-After` with `status`. */
  retryAfter?: number;
  /** Wait this long before handling (or faulting) the request. */
  delayMs?: number;
  /** Destroy the socket: "before" handling (nothing changes) or "after" (state changed, response lost). */
  drop?: 'before' | 'after';
  /** How many matching requests the rule applies to; default 1. */
  times?: number;
  /** Let this many matching requests through first; default 0. */
  skip?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  route: string;
  status: number | 'dropped';
}

export interface MockStateOptions {
  /** Observations (GET or list) a job takes from QUEUED to its end; default 3. */
  steps?: number;
  /** When false, jobs move only through `advance()` / `POST /__admin/jobs/{id}/advance`. */
  autoAdvance?: boolean;
  now?: () => number;
}

export class MockState {
  readonly files = new Map<string, MockFile>();
  readonly requests: LoggedRequest[] = [];
  faults: Array<Required<Pick<FaultRule, 'times' | 'skip'>> & FaultRule> = [];
  private readonly jobs = new Map<string, JobInternals>();
  private seq = 0;
  private readonly steps: number;
  private readonly autoAdvance: boolean;
  private readonly now: () => number;
  private dir: string | undefined;

  constructor(opts: MockStateOptions = {}) {
    this.steps = Math.max(1, opts.steps ?? 3);
    this.autoAdvance = opts.autoAdvance ?? true;
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Requests seen on `route` (e.g. "POST /v1/files"), or on every API route when omitted. */
  count(route?: string): number {
    return route === undefined ? this.requests.length : this.requests.filter((r) => r.route === route).length;
  }

  addFault(rule: FaultRule): void {
    this.faults.push({ ...rule, times: rule.times ?? 1, skip: rule.skip ?? 0 });
  }

  /** The fault for this request, if any; consumes one use of it. */
  takeFault(route: string): FaultRule | undefined {
    const rule = this.faults.find((f) => (f.route === route || f.route === '*') && f.times > 0);
    if (!rule) return undefined;
    if (rule.skip > 0) {
      rule.skip--;
      return undefined;
    }
    rule.times--;
    return rule;
  }

  /** Where uploads are written; made on the first upload, removed by `dispose`. */
  uploadDir(): string {
    this.dir ??= mkdtempSync(join(tmpdir(), 'mistral-mock-'));
    return this.dir;
  }

  /** Removes the uploads from disk. */
  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  reset(): void {
    for (const f of this.files.values()) if (!Buffer.isBuffer(f.content)) rmSync(f.content.path, { force: true });
    this.files.clear();
    this.jobs.clear();
    this.requests.length = 0;
    this.faults = [];
  }

  addFile(filename: string, purpose: string, content: Buffer | StoredContent, kind: Pick<MockFile, 'sample_type' | 'source'>): MockFile {
    const lines = Buffer.isBuffer(content) ? content.toString('utf8').split('\n').filter((l) => l.trim() !== '').length : content.lines;
    const file: MockFile = {
      id: randomUUID(),
      object: 'file',
      bytes: Buffer.isBuffer(content) ? content.length : content.bytes,
      created_at: this.now(),
      filename,
      purpose,
      ...kind,
      num_lines: filename.endsWith('.jsonl') ? lines : null,
      mimetype: filename.endsWith('.jsonl') ? 'application/jsonl' : 'application/octet-stream',
      signature: null,
      content,
    };
    this.files.set(file.id, file);
    return file;
  }

  /** Creates a job from a validated body; a 422 detail when its input files cannot be used. */
  createJob(body: CreateBody): { ok: true; job: MockJob } | { ok: false; detail: ValidationDetail[] } {
    const detail: ValidationDetail[] = [];
    const inputs: BatchInputRequest[] = [];
    body.input_files.forEach((id, i) => {
      const loc: Loc = ['body', 'input_files', i];
      const file = this.files.get(id);
      if (!file) detail.push({ type: 'value_error', loc, msg: `File ${id} was not found`, input: id });
      else if (file.purpose !== 'batch') detail.push({ type: 'value_error', loc, msg: `File ${id} has purpose "${file.purpose}", expected "batch"`, input: id });
      // One at a time: spreading a million requests into push overflows the stack.
      else for (const request of parseJsonl(contentOf(file))) inputs.push(request);
    });
    if (detail.length > 0) return { ok: false, detail };
    for (const r of body.requests ?? []) inputs.push({ custom_id: r.custom_id, body: r.body });

    const id = randomUUID();
    const job: MockJob = {
      id,
      object: 'batch',
      input_files: body.input_files,
      metadata: body.metadata,
      endpoint: body.endpoint,
      model: body.model,
      agent_id: body.agent_id,
      output_file: null,
      error_file: null,
      errors: [],
      status: 'QUEUED',
      created_at: this.now(),
      total_requests: inputs.length,
      completed_requests: 0,
      succeeded_requests: 0,
      failed_requests: 0,
      started_at: null,
      completed_at: null,
    };
    const outcomes = inputs.map((req, i) => runRequest(id, i, req, body.endpoint, body.model));
    this.jobs.set(id, { job, seq: ++this.seq, observations: 0, outcomes });
    return { ok: true, job };
  }

  getJob(id: string, observe: boolean): MockJob | undefined {
    const entry = this.jobs.get(id);
    if (entry && observe && this.autoAdvance) this.step(entry);
    return entry?.job;
  }

  /** Newest first (or oldest first with order "created"), filtered; observing the jobs on the page. */
  listJobs(q: { page: number; pageSize: number; status?: string[]; model?: string; createdAfter?: number; ascending?: boolean }): { data: MockJob[]; total: number } {
    let entries = [...this.jobs.values()].sort((a, b) => (q.ascending ? a.seq - b.seq : b.seq - a.seq));
    if (q.status && q.status.length > 0) entries = entries.filter((e) => q.status?.includes(e.job.status));
    if (q.model !== undefined) entries = entries.filter((e) => e.job.model === q.model);
    if (q.createdAfter !== undefined) entries = entries.filter((e) => e.job.created_at > (q.createdAfter ?? 0));
    const page = entries.slice(q.page * q.pageSize, (q.page + 1) * q.pageSize);
    if (this.autoAdvance) page.forEach((e) => this.step(e));
    return { data: page.map((e) => e.job), total: entries.length };
  }

  cancelJob(id: string): MockJob | undefined {
    const entry = this.jobs.get(id);
    if (entry && (entry.job.status === 'QUEUED' || entry.job.status === 'RUNNING')) entry.job.status = 'CANCELLATION_REQUESTED';
    return entry?.job;
  }

  /** Moves a job `n` steps on, whatever `autoAdvance` says. */
  advance(id: string, n = 1): MockJob | undefined {
    const entry = this.jobs.get(id);
    for (let i = 0; entry && i < n; i++) this.step(entry);
    return entry?.job;
  }

  private step(entry: JobInternals): void {
    const { job } = entry;
    if (TERMINAL.includes(job.status)) return;
    if (job.status === 'CANCELLATION_REQUESTED') {
      job.status = 'CANCELLED';
      job.completed_at = this.now();
      return;
    }
    entry.observations++;
    job.started_at ??= this.now();
    if (entry.observations >= this.steps) return this.finish(entry);
    job.status = 'RUNNING';
    this.setProgress(entry, Math.floor((job.total_requests * entry.observations) / this.steps));
  }

  private setProgress(entry: JobInternals, done: number): void {
    const finished = entry.outcomes.slice(0, done).filter((o) => o.fate !== 'unfinished');
    done = finished.length;
    entry.job.completed_requests = done;
    entry.job.succeeded_requests = finished.filter((o) => o.ok).length;
    entry.job.failed_requests = done - entry.job.succeeded_requests;
  }

  private finish(entry: JobInternals): void {
    const { job } = entry;
    this.setProgress(entry, job.total_requests);
    job.completed_at = this.now();
    // Metadata `mock_outcome` forces an end state, so views can be tried on every terminal status.
    const forced = job.metadata?.mock_outcome;
    if (forced === 'FAILED') {
      job.status = forced;
      job.errors = [{ message: 'The job failed (forced by metadata mock_outcome).', count: 1 }];
      return;
    }
    // A forced timeout stops halfway; a `slow…` request never ends. Either way, what finished is kept.
    const timedOut = forced === 'TIMEOUT_EXCEEDED' || entry.outcomes.some((o) => o.fate === 'unfinished');
    const ran = forced === 'TIMEOUT_EXCEEDED' ? entry.outcomes.slice(0, Math.floor(entry.outcomes.length / 2)) : entry.outcomes;
    if (forced === 'TIMEOUT_EXCEEDED') this.setProgress(entry, ran.length);
    // Lines come in no particular order in the real API; a fixed shuffle per job and file shows it.
    const written = ran.filter((o) => o.fate === undefined);
    const toJsonl = (ok: boolean): Buffer => Buffer.from(outOfOrder(written.filter((o) => o.ok === ok), job.id).map((o) => `${JSON.stringify(o.line)}\n`).join(''));
    if (written.some((o) => o.ok)) {
      job.output_file = this.addFile(`${job.id}.jsonl`, 'batch', toJsonl(true), { sample_type: 'batch_result', source: 'mistral' }).id;
    }
    if (written.some((o) => !o.ok)) {
      job.error_file = this.addFile(`${job.id}_error.jsonl`, 'batch', toJsonl(false), { sample_type: 'batch_error', source: 'mistral' }).id;
    }
    if (job.failed_requests > 0) job.errors = [{ message: `${job.failed_requests} request(s) failed`, count: job.failed_requests }];
    if (timedOut) {
      job.status = 'TIMEOUT_EXCEEDED';
      job.errors.push({ message: 'The job ran out of time before every request was done.', count: 1 });
      return;
    }
    job.status = job.succeeded_requests === 0 ? 'FAILED' : 'SUCCESS';
  }
}

/**
 * The same order for the same job every time (a Fisher–Yates shuffle seeded by the job id), and never
 * the request order when there are two lines or more: a client that relies on that order is caught
 * every time, not in one job out of 24.
 */
function outOfOrder<T>(items: T[], seed: string): T[] {
  const out = [...items];
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  for (let i = out.length - 1; i > 0; i--) {
    h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
    const j = h % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  if (out.length > 1 && out.every((item, i) => item === items[i])) [out[0], out[1]] = [out[1], out[0]];
  return out;
}

function parseJsonl(content: Buffer): BatchInputRequest[] {
  const out: BatchInputRequest[] = [];
  content.toString('utf8').split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v = JSON.parse(line) as { custom_id?: unknown; body?: unknown };
      const body = typeof v.body === 'object' && v.body !== null && !Array.isArray(v.body) ? (v.body as Record<string, unknown>) : undefined;
      out.push({
        custom_id: typeof v.custom_id === 'string' ? v.custom_id : null,
        body,
        invalid: body ? undefined : `Line ${i + 1} has no "body" object.`,
      });
    } catch {
      out.push({ custom_id: null, body: undefined, invalid: `Line ${i + 1} is not valid JSON.` });
    }
  });
  return out;
}
