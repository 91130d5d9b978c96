// How jobs read in the tree, the CodeLens and the status bar. Pure (no vscode import), so plain unit
// tests cover it; the UI modules turn these strings and ids into VS Code objects.
import type { BatchJob } from '../../core/api';
import { describeProgress, isTerminalStatus } from '../../core/submit';

/** Enough of an id to tell jobs apart at a glance: "3f2a1b2c…". */
export function shortJobId(id: string): string {
  return id.length > 9 ? `${id.slice(0, 8)}…` : id;
}

/** The CodeLens above a submitted file: "Job 3f2a1b2c…: RUNNING 120/1000". */
export function lensTitle(job: BatchJob): string {
  return `Job ${shortJobId(job.id)}: ${describeProgress(job)}`;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function relativeTime(thenMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
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

export function statusIcon(status: string): StatusIcon {
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

/** "12 ok, 3 failed / 15". */
export function countsText(job: BatchJob): string {
  const failed = job.failedRequests > 0 ? `, ${job.failedRequests} failed` : '';
  return `${job.succeededRequests} ok${failed} / ${job.totalRequests}`;
}

export function jobLabel(job: BatchJob): string {
  return `${job.status} · ${shortJobId(job.id)}`;
}

/** The tree item's description: [batch file ·] model · endpoint · counts · created. */
export function jobDescription(job: BatchJob, nowMs: number, batchFileName?: string): string {
  const parts = [batchFileName, job.model ?? (job.agentId ? `agent ${job.agentId}` : undefined), job.endpoint, countsText(job), relativeTime(job.createdAt * 1000, nowMs)];
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' · ');
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
  const lines = unfinished.map((j) => `${shortJobId(j.id)}: ${describeProgress(j)}`);
  return { text: `$(sync~spin) ${count}${pct}`, tooltip: `Mistral batch jobs not finished:\n${lines.join('\n')}\nClick to open the Batch Jobs view.` };
}
