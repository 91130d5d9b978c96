// The jobs the extension knows about: the pages the view has listed, plus any job fetched on its own
// (a CodeLens's, a watched one, one just submitted). One owner, so the tree, the CodeLens and the
// status bar always agree. It talks to the API; it decides nothing about when (see poller.ts).
import * as vscode from 'vscode';
import type { BatchApi, BatchJob } from '../../core/api';
import { isTerminalStatus } from '../../core/submit';
import { ApiAccess } from '../apiAccess';
import { Log } from '../log';

const PAGE_SIZE = 20;

/** What the list is doing, for the view's welcome content (context key mistralBatch.jobsState). */
export type ListState = 'unloaded' | 'loading' | 'loaded' | 'no-key' | 'error';

export class JobsModel implements vscode.Disposable {
  private listedIds: string[] = [];
  private total = 0;
  private pages = 0;
  private readonly known = new Map<string, BatchJob>();
  private refreshing: Promise<void> | undefined;
  private generation = 0;
  private _state: ListState = 'unloaded';
  private _error: string | undefined;
  private _updatedAt: number | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly access: ApiAccess, private readonly log: Log) {
    // Another server or key means another account: nothing known still holds.
    this.subscription = access.onDidChange(() => this.forget());
  }

  get state(): ListState {
    return this._state;
  }

  /** Why the last listing failed, for the view's message. */
  get error(): string | undefined {
    return this._error;
  }

  /** When the list was last fetched, in ms since the epoch. */
  get updatedAt(): number | undefined {
    return this._updatedAt;
  }

  /** The listed jobs, newest first, each in its latest known state. */
  get jobs(): BatchJob[] {
    return this.listedIds.map((id) => this.known.get(id)).filter((j): j is BatchJob => j !== undefined);
  }

  get hasMore(): boolean {
    return this.listedIds.length < this.total;
  }

  get totalJobs(): number {
    return this.total;
  }

  job(id: string): BatchJob | undefined {
    return this.known.get(id);
  }

  /** Every known job that has not reached a terminal status. */
  unfinished(): BatchJob[] {
    return [...this.known.values()].filter((j) => !isTerminalStatus(j.status));
  }

  /** The API, or undefined (and the state says why) when there is no key. Throws for bad settings. */
  private async api(): Promise<BatchApi | undefined> {
    const api = await this.access.client({ interactive: false });
    if (!api) this.setState('no-key');
    return api;
  }

  /** Re-lists as many pages as are shown (at least one). Concurrent calls share one refresh. */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const running: Promise<void> = this.relist(Math.max(1, this.pages)).finally(() => {
      if (this.refreshing === running) this.refreshing = undefined;
    });
    this.refreshing = running;
    return running;
  }

  async loadMore(): Promise<void> {
    await this.refreshing;
    await this.relist(this.pages + 1);
  }

  private async relist(pages: number): Promise<void> {
    const generation = this.generation;
    if (this._state !== 'loaded') this.setState('loading');
    try {
      const api = await this.api();
      if (!api) return;
      const ids: string[] = [];
      const fetched: BatchJob[] = [];
      let total = 0;
      for (let page = 0; page < pages; page++) {
        const result = await api.listJobs({ page, pageSize: PAGE_SIZE });
        total = result.total;
        fetched.push(...result.jobs);
        if (result.jobs.length < PAGE_SIZE) break;
      }
      if (generation !== this.generation) return; // the account changed meanwhile
      for (const job of fetched) {
        // Jobs move between pages as new ones arrive; each is listed once.
        if (!ids.includes(job.id)) ids.push(job.id);
        this.known.set(job.id, job);
      }
      this.listedIds = ids;
      this.total = Math.max(total, ids.length);
      this.pages = Math.max(1, Math.ceil(ids.length / PAGE_SIZE));
      this._error = undefined;
      this._updatedAt = Date.now();
      this.setState('loaded');
    } catch (err) {
      if (generation !== this.generation) return;
      this._error = err instanceof Error ? err.message : String(err);
      this.log.warn(`Listing batch jobs failed: ${this._error}`);
      this.setState('error');
      throw err;
    }
  }

  /** Fetches one job and records its state. */
  async fetch(id: string): Promise<BatchJob | undefined> {
    const generation = this.generation;
    const api = await this.api();
    if (!api) return undefined;
    const job = await api.getJob(id);
    if (generation === this.generation) this.upsert(job);
    return job;
  }

  /** Records a job's new state (from a submission, a cancel or a fetch); a new job joins the list. */
  upsert(job: BatchJob): void {
    const before = this.known.get(job.id);
    this.known.set(job.id, job);
    if (!this.listedIds.includes(job.id) && (this._state === 'loaded' || this.listedIds.length > 0)) {
      const newestListed = this.listedIds.length > 0 ? this.known.get(this.listedIds[0]) : undefined;
      // Newer than the top of the list: it belongs there. Older ones stay off the list until paged in.
      if (!newestListed || job.createdAt >= newestListed.createdAt) {
        this.listedIds.unshift(job.id);
        this.total++;
      }
    }
    if (!before || JSON.stringify(before) !== JSON.stringify(job)) this.changed.fire();
  }

  private setState(state: ListState): void {
    this._state = state;
    this.changed.fire();
  }

  private forget(): void {
    this.generation++;
    this.refreshing = undefined;
    this.listedIds = [];
    this.known.clear();
    this.total = 0;
    this.pages = 0;
    this._error = undefined;
    this._updatedAt = undefined;
    this.setState('unloaded');
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
