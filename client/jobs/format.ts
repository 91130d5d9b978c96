// How jobs read in the Jobs view, the CodeLens, the status bar and notifications. Pure (no vscode
// import), so plain unit tests cover it; the UI modules turn these strings and ids into VS Code objects.
import type { BatchJob } from '../../core/api';
import { isTerminalStatus } from '../../core/submit';
import { relativeTime } from '../../core/time';

/** Enough of an id to tell jobs apart at a glance: "3f2a1b2c". Tooltips and Copy Job ID give the full id. */
export function shortJobId(id: string): string {
  return id.slice(0, 8);
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  SUCCESS: 'Succeeded',
  FAILED: 'Failed',
  TIMEOUT_EXCEEDED: 'Timed out',
  CANCELLATION_REQUESTED: 'Cancelling',
  CANCELLED: 'Cancelled',
};

/**
 * The API's status as people read it: "Succeeded" for SUCCESS, "Timed out" for TIMEOUT_EXCEEDED, …
 * The one mapping every surface uses. The API's list is open: an unknown status reads as a phrase
 * ("SOME_NEW_STATE" → "Some new state").
 */
export function statusWord(status: string): string {
  const known = STATUS_WORDS[status];
  if (known) return known;
  const words = status.toLowerCase().replace(/_+/g, ' ').trim();
  return words === '' ? 'Unknown' : words[0].toUpperCase() + words.slice(1);
}

function percentDone(job: BatchJob): number | undefined {
  return job.totalRequests > 0 ? Math.floor((job.completedRequests / job.totalRequests) * 100) : undefined;
}

/** The status alone, for sentences and tooltips: "Queued", "Running 45%", "Succeeded", "Timed out". */
export function statusText(job: BatchJob): string {
  const pct = job.status === 'RUNNING' ? percentDone(job) : undefined;
  return pct === undefined ? statusWord(job.status) : `${statusWord(job.status)} ${pct}%`;
}

/** Done of all, and failures: "120/1000", "120/1000, 2 failed"; "" while the requests are not counted yet. */
export function countsText(job: BatchJob): string {
  if (job.totalRequests <= 0) return '';
  const failed = job.failedRequests > 0 ? `, ${job.failedRequests} failed` : '';
  return `${job.completedRequests}/${job.totalRequests}${failed}`;
}

/** The status with its counts: "Running 120/1000", "Succeeded 2/2", "Failed 10/10, 10 failed", "Queued". */
export function progressText(job: BatchJob): string {
  const counts = countsText(job);
  return counts ? `${statusWord(job.status)} ${counts}` : statusWord(job.status);
}

/** The CodeLens above a submitted file: "Job 3f2a1b2c · Running 120/1000". */
export function lensTitle(job: BatchJob): string {
  return `Job ${shortJobId(job.id)} · ${progressText(job)}`;
}

/** The lens while the job is not loaded yet. */
export function pendingLensTitle(jobId: string): string {
  return `Job ${shortJobId(jobId)} · …`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/** A codicon id and, when the status deserves one, a theme colour id. */
export interface StatusIcon {
  icon: string;
  color?: string;
}

/** `failedRequests`: a SUCCESS in which some requests failed is not shown as a plain pass. */
export function statusIcon(status: string, failedRequests = 0): StatusIcon {
  if (status === 'SUCCESS' && failedRequests > 0) return { icon: 'pass', color: 'list.warningForeground' };
  switch (status) {
    case 'QUEUED':
      return { icon: 'clock' };
    case 'RUNNING':
      return { icon: 'sync~spin', color: 'charts.blue' };
    case 'SUCCESS':
      return { icon: 'pass', color: 'testing.iconPassed' };
    case 'FAILED':
      return { icon: 'error', color: 'testing.iconFailed' };
    case 'TIMEOUT_EXCEEDED':
      return { icon: 'watch', color: 'list.warningForeground' };
    case 'CANCELLATION_REQUESTED':
      return { icon: 'loading~spin' };
    case 'CANCELLED':
      return { icon: 'circle-slash' };
    default:
      // The API's status list is open: an unknown one still shows, plainly.
      return { icon: 'question' };
  }
}

/** A job's name: the batch file it was submitted from when that is known, else "Job 3f2a1b2c". */
export function jobLabel(job: BatchJob, batchFileName?: string): string {
  return batchFileName || `Job ${shortJobId(job.id)}`;
}

/**
 * The tree item's description, short enough for a narrow side bar: "Succeeded · 2/2 · 3 min ago".
 * Results are worth a word only where they are not a given: a cancelled or timed-out job's partial output.
 */
export function jobDescription(job: BatchJob, nowMs: number): string {
  const partial = job.outputFile && job.status !== 'SUCCESS' ? 'results ready' : '';
  const parts = [statusWord(job.status), countsText(job), partial, relativeTime(job.createdAt * 1000, nowMs, { short: true })];
  return parts.filter((p) => p !== '').join(' · ');
}

/** One line of a job's tooltip: "Model: mistral-small-latest". */
export interface DetailLine {
  name: string;
  value: string;
}

/**
 * Everything the row leaves out, for its tooltip: the full id, status, request counts, model,
 * endpoint, times, batch file and errors. `formatTime` renders an epoch-seconds time (the view gives
 * the locale's format; tests a fixed one).
 */
export function jobDetails(job: BatchJob, opts: { nowMs: number; batchFile?: string; formatTime: (epochSeconds: number) => string }): DetailLine[] {
  const lines: DetailLine[] = [
    { name: 'Job ID', value: job.id },
    { name: 'Status', value: statusText(job) },
    { name: 'Requests', value: `${job.succeededRequests} succeeded, ${job.failedRequests} failed, ${job.totalRequests} in all` },
  ];
  if (job.outputFile) lines.push({ name: 'Results', value: 'ready to download' });
  if (job.model) lines.push({ name: 'Model', value: job.model });
  if (job.agentId) lines.push({ name: 'Agent', value: job.agentId });
  lines.push({ name: 'Endpoint', value: job.endpoint });
  lines.push({ name: 'Created', value: `${opts.formatTime(job.createdAt)} (${relativeTime(job.createdAt * 1000, opts.nowMs)})` });
  if (job.startedAt) lines.push({ name: 'Started', value: opts.formatTime(job.startedAt) });
  if (job.completedAt) lines.push({ name: 'Ended', value: opts.formatTime(job.completedAt) });
  if (opts.batchFile) lines.push({ name: 'Batch file', value: opts.batchFile });
  for (const e of job.errors) lines.push({ name: 'Error', value: `${e.message}${e.count && e.count > 1 ? ` (×${e.count})` : ''}` });
  return lines;
}

/**
 * Space-separated tokens for `viewItem =~ /\btoken\b/` in menus: `job`, `finished` or `unfinished`,
 * `results` and `errors` when those files exist, `recorded` when the batch file it came from is known.
 */
export function jobContextValue(job: BatchJob, recorded: boolean): string {
  const tokens = ['job', isTerminalStatus(job.status) ? 'finished' : 'unfinished'];
  if (job.outputFile) tokens.push('results');
  if (job.errorFile) tokens.push('errors');
  if (recorded) tokens.push('recorded');
  return tokens.join(' ');
}

/** The status bar for unfinished jobs: "$(sync~spin) 2 batch jobs 45%"; undefined hides it. */
export function statusBarText(unfinished: readonly BatchJob[]): { text: string; tooltip: string } | undefined {
  if (unfinished.length === 0) return undefined;
  const total = unfinished.reduce((n, j) => n + j.totalRequests, 0);
  const done = unfinished.reduce((n, j) => n + j.completedRequests, 0);
  const pct = total > 0 ? ` ${Math.floor((done / total) * 100)}%` : '';
  const count = `${unfinished.length} batch job${unfinished.length === 1 ? '' : 's'}`;
  const lines = unfinished.map((j) => `Job ${shortJobId(j.id)}: ${progressText(j)}`);
  return { text: `$(sync~spin) ${count}${pct}`, tooltip: `Mistral batch jobs not finished:\n${lines.join('\n')}\nClick to open the Jobs view.` };
}

/** The notification after a submission: "Submitted good.batch.json as job a3a8a158 (2 requests, queued)." */
export function submittedMessage(job: BatchJob, batchFileName: string): string {
  const requests = job.totalRequests > 0 ? `${job.totalRequests} request${job.totalRequests === 1 ? '' : 's'}, ` : '';
  return `Submitted ${batchFileName} as job ${shortJobId(job.id)} (${requests}${statusText(job).toLowerCase()}).`;
}

/** The notification when a followed job ends: "Job a3a8a158 (good.batch.json) finished: Succeeded 2/2." */
export function finishedMessage(job: BatchJob, batchFileName?: string): string {
  const from = batchFileName ? ` (${batchFileName})` : '';
  return `Job ${shortJobId(job.id)}${from} finished: ${progressText(job)}.`;
}
