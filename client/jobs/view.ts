// The Jobs view: the account's jobs, newest first, a "Load more" row while there are more,
// and welcome content (context key mistralBatch.jobsState) when there is no key or no job yet.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { BatchJob } from '../../core/api';
import { Config } from '../config';
import { Submissions } from '../submissions';
import { jobContextValue, jobDescription, jobDetails, jobLabel, statusIcon } from './format';
import { JobsModel } from './model';
import { OutcomeNode, outcomeNodes, outcomeTreeItem } from '../results/outcomes';
import { RESULTS_GLOB } from '../results/selector';
import { isTerminalStatus, resultPathsFor } from '../../core/submit';
import { existsSync } from 'node:fs';

export const JOBS_VIEW_ID = 'mistralBatch.jobs';
const STATE_CONTEXT = 'mistralBatch.jobsState';

/** A row of the view. Job rows are kept per id, so reveal() finds the same object again. */
export type JobsNode = { readonly kind: 'job'; readonly id: string } | { readonly kind: 'more' } | OutcomeNode;

const MORE: JobsNode = { kind: 'more' };

/** A row as plain data (for the integration tests, through the extension's exports). */
export interface JobsViewRow {
  jobId?: string;
  label: string;
  description: string;
  /** The tooltip as plain text, one "Name: value" a line. */
  tooltip: string;
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
    // Results saved or changed beside a batch file change what its job's row unfolds into.
    const results = vscode.workspace.createFileSystemWatcher(RESULTS_GLOB);
    this.subscriptions = [
      this.treeView,
      results,
      results.onDidCreate(() => this.changed.fire()),
      results.onDidChange(() => this.changed.fire()),
      results.onDidDelete(() => this.changed.fire()),
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

  getChildren(element?: JobsNode): JobsNode[] | Promise<JobsNode[]> {
    if (element?.kind === 'job') {
      const record = this.submissions.forJob(element.id);
      return record ? outcomeNodes(record.batchFile) : [];
    }
    if (element) return [];
    if (this.model.state === 'unloaded' && this.visible) this.loadIfStale();
    const rows = this.model.jobs.map((j) => this.node(j.id));
    return this.model.hasMore ? [...rows, MORE] : rows;
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(element: JobsNode): vscode.TreeItem {
    if (element.kind === 'outcome') return outcomeTreeItem(element);
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
    const now = Date.now();
    // Named after its batch file when known; status, counts and age follow; the rest is in the tooltip.
    const item = new vscode.TreeItem(jobLabel(job, record ? basename(record.batchFile) : undefined));
    item.id = job.id;
    item.description = jobDescription(job, now);
    const icon = statusIcon(job.status, job.failedRequests);
    item.iconPath = new vscode.ThemeIcon(icon.icon, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = jobContextValue(job, record !== undefined);
    item.tooltip = tooltip(job, record?.batchFile, now);
    // A finished job from this workspace unfolds into its outcome, read from the results beside its file.
    const paths = record && isTerminalStatus(job.status) ? resultPathsFor(record.batchFile) : undefined;
    if (paths && (existsSync(paths.results) || existsSync(paths.errors))) item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
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
    return (this.getChildren() as JobsNode[]).map((node) => {
      const item = this.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return {
        jobId: node.kind === 'job' ? node.id : undefined,
        label,
        description: typeof item.description === 'string' ? item.description : '',
        tooltip: node.kind === 'job' ? tooltipText(this.model.job(node.id), this.submissions.forJob(node.id)?.batchFile) : '',
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

const formatTime = (epochSeconds: number): string => new Date(epochSeconds * 1000).toLocaleString();

function tooltip(job: BatchJob, batchFile: string | undefined, nowMs: number): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.supportThemeIcons = false;
  // Names in bold; values escaped, since ids, paths and API messages are not markdown.
  const lines = jobDetails(job, { nowMs, batchFile, formatTime }).map((l) => `**${l.name}:** ${escapeMarkdown(l.value)}`);
  md.appendMarkdown(lines.join('  \n'));
  return md;
}

/** Markdown's special characters as literals. (appendText would also turn spaces into &nbsp;, so long values would not wrap.) */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&').replace(/\r?\n/g, ' ');
}

function tooltipText(job: BatchJob | undefined, batchFile: string | undefined): string {
  if (!job) return '';
  return jobDetails(job, { nowMs: Date.now(), batchFile, formatTime }).map((l) => `${l.name}: ${l.value}`).join('\n');
}
