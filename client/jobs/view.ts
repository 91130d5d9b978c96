// The Batch Jobs view: the account's jobs, newest first, a "Load more" row while there are more,
// and welcome content (context key mistralBatch.jobsState) when there is no key or no job yet.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BatchJob } from '../../core/api';
import { describeProgress } from '../../core/submit';
import { Config } from '../config';
import { Submissions } from '../submissions';
import { jobContextValue, jobDescription, jobLabel, statusIcon } from './format';
import { JobsModel } from './model';

export const JOBS_VIEW_ID = 'mistralBatch.jobs';
const STATE_CONTEXT = 'mistralBatch.jobsState';

/** A row of the view. Job rows are kept per id, so reveal() finds the same object again. */
export type JobsNode = { readonly kind: 'job'; readonly id: string } | { readonly kind: 'more' };

const MORE: JobsNode = { kind: 'more' };

/** A row as plain data (for the integration tests, through the extension's exports). */
export interface JobsViewRow {
  jobId?: string;
  label: string;
  description: string;
  contextValue: string;
  icon?: string;
}

export class JobsView implements vscode.TreeDataProvider<JobsNode>, vscode.Disposable {
  private readonly nodes = new Map<string, JobsNode>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<JobsNode>;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly model: JobsModel, private readonly submissions: Submissions, private readonly config: Config) {
    this.treeView = vscode.window.createTreeView(JOBS_VIEW_ID, { treeDataProvider: this, showCollapseAll: false });
    this.subscriptions = [
      this.treeView,
      model.onDidChange(() => this.render()),
      this.treeView.onDidChangeVisibility((e) => {
        if (e.visible) this.loadIfStale();
      }),
    ];
    this.render();
  }

  get visible(): boolean {
    return this.treeView.visible;
  }

  get onDidChangeVisibility(): vscode.Event<unknown> {
    return this.treeView.onDidChangeVisibility;
  }

  private render(): void {
    void vscode.commands.executeCommand('setContext', STATE_CONTEXT, this.model.state);
    this.treeView.message = this.model.state === 'error' ? `Could not list the batch jobs: ${this.model.error ?? 'unknown error'}` : undefined;
    this.changed.fire();
  }

  /** A first load when the view opens, and a fresh one when it reopens after a while. */
  private loadIfStale(): void {
    const age = this.model.updatedAt === undefined ? Infinity : Date.now() - this.model.updatedAt;
    if (this.model.state === 'unloaded' || age > this.config.pollIntervalSeconds * 1000) {
      // A failure is recorded by the model and shown as the view's message.
      this.model.refresh().catch(() => undefined);
    }
  }

  private node(id: string): JobsNode {
    let node = this.nodes.get(id);
    if (!node) {
      node = { kind: 'job', id };
      this.nodes.set(id, node);
    }
    return node;
  }

  getChildren(element?: JobsNode): JobsNode[] {
    if (element) return [];
    if (this.model.state === 'unloaded' && this.visible) this.loadIfStale();
    const rows = this.model.jobs.map((j) => this.node(j.id));
    return this.model.hasMore ? [...rows, MORE] : rows;
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(element: JobsNode): vscode.TreeItem {
    if (element.kind === 'more') {
      const item = new vscode.TreeItem('Load more…');
      item.description = `${this.model.jobs.length} of ${this.model.totalJobs} shown`;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { title: 'Load More', command: 'mistralBatch.loadMoreJobs' };
      item.contextValue = 'more';
      return item;
    }
    const job = this.model.job(element.id);
    if (!job) return new vscode.TreeItem(element.id);
    const record = this.submissions.forJob(job.id);
    const item = new vscode.TreeItem(jobLabel(job));
    item.id = job.id;
    item.description = jobDescription(job, Date.now(), record ? basename(record.batchFile) : undefined);
    const icon = statusIcon(job.status);
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = jobContextValue(job, record !== undefined);
    item.tooltip = tooltip(job, record?.batchFile);
    return item;
  }

  /** Shows the job in the view, fetching it when the list does not have it. */
  async reveal(jobId: string): Promise<boolean> {
    await vscode.commands.executeCommand(`${JOBS_VIEW_ID}.focus`);
    if (this.model.state !== 'loaded') await this.model.refresh().catch(() => undefined);
    if (!this.model.jobs.some((j) => j.id === jobId)) await this.model.fetch(jobId);
    if (!this.model.jobs.some((j) => j.id === jobId)) return false; // older than the pages loaded
    await this.treeView.reveal(this.node(jobId), { select: true, focus: true });
    return true;
  }

  /** The rows as plain data. */
  rows(): JobsViewRow[] {
    return this.getChildren().map((node) => {
      const item = this.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return {
        jobId: node.kind === 'job' ? node.id : undefined,
        label,
        description: typeof item.description === 'string' ? item.description : '',
        contextValue: item.contextValue ?? '',
        icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
      };
    });
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

function tooltip(job: BatchJob, batchFile: string | undefined): vscode.MarkdownString {
  const when = (s: number | null | undefined): string | undefined => (s ? new Date(s * 1000).toLocaleString() : undefined);
  const lines = [
    `**Batch job** \`${job.id}\``,
    `Status: ${describeProgress(job)}`,
    `Requests: ${job.succeededRequests} succeeded, ${job.failedRequests} failed, ${job.totalRequests} in all`,
    job.model ? `Model: ${job.model}` : undefined,
    job.agentId ? `Agent: ${job.agentId}` : undefined,
    `Endpoint: ${job.endpoint}`,
    `Created: ${when(job.createdAt)}`,
    when(job.startedAt) ? `Started: ${when(job.startedAt)}` : undefined,
    when(job.completedAt) ? `Ended: ${when(job.completedAt)}` : undefined,
    batchFile ? `Batch file: ${batchFile}` : undefined,
    ...job.errors.map((e) => `Error: ${e.message}${e.count && e.count > 1 ? ` (×${e.count})` : ''}`),
  ];
  const md = new vscode.MarkdownString(lines.filter((l): l is string => l !== undefined).join('\n\n'));
  md.supportThemeIcons = false;
  return md;
}
