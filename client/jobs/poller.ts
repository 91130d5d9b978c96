// The one timer behind live job state. What to poll comes from schedule.ts; this module feeds it what
// is on screen, runs the plan, backs off on passing failures and stops on lasting ones (a rejected
// key, a bad setting) until the settings, the key or a manual refresh change things.
import * as vscode from 'vscode';
import { ApiError } from '../../core/api';
import { isTransientError } from '../../core/submit';
import { ApiAccess } from '../apiAccess';
import { Config } from '../config';
import { Log } from '../log';
import { JobsModel } from './model';
import { isIdle, JobRef, planPoll, PollPlan, pollDelay } from './schedule';

export interface PollSources {
  viewVisible(): boolean;
  /** Jobs in sight elsewhere (visible CodeLenses) or watched. */
  followed(): string[];
  /** Fires when either answer may have changed. */
  readonly onDidChange: vscode.Event<void>;
}

export class Poller implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private consecutiveErrors = 0;
  private blockedBy: string | undefined;
  /** Jobs the server does not know (deleted, or another account's): not asked for again. */
  private readonly gone = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly model: JobsModel,
    private readonly sources: PollSources,
    private readonly config: Config,
    access: ApiAccess,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      model.onDidChange(() => this.update()),
      sources.onDidChange(() => this.update()),
      access.onDidChange(() => {
        this.unblock();
        this.gone.clear();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, ['pollIntervalSeconds'])) this.restart();
      }),
    ];
  }

  private plan(): PollPlan {
    const ref = (id: string): JobRef => ({ id, status: this.model.job(id)?.status });
    return planPoll({
      viewVisible: this.sources.viewVisible(),
      listed: this.model.jobs.map((j) => ({ id: j.id, status: j.status })),
      followed: this.sources.followed().filter((id) => !this.gone.has(id)).map(ref),
    });
  }

  /** Starts the timer when there is something to poll for, stops it when there no longer is. */
  update(): void {
    if (this.timer && isIdle(this.plan())) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.schedule();
  }

  /** Polls now, e.g. after "Watch" or a submission, instead of an interval later. */
  kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running) void this.tick();
  }

  /** After a change that may cure a lasting failure (key, settings, a successful manual refresh). */
  unblock(): void {
    this.blockedBy = undefined;
    this.consecutiveErrors = 0;
    this.restart();
  }

  private restart(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.running || this.blockedBy !== undefined) return;
    const delay = pollDelay(this.plan(), this.config.pollIntervalSeconds * 1000, this.consecutiveErrors);
    if (delay === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delay);
  }

  private async tick(): Promise<void> {
    if (this.blockedBy !== undefined) return;
    this.running = true;
    try {
      const plan = this.plan();
      if (plan.list) await this.model.refresh();
      const listed = new Set(plan.list ? this.model.jobs.map((j) => j.id) : []);
      for (const id of plan.fetch.filter((i) => !listed.has(i))) {
        try {
          await this.model.fetch(id);
        } catch (err) {
          if (!(err instanceof ApiError && err.kind === 'not-found')) throw err;
          this.log.warn(`Batch job ${id} is not known to the server any more; it is no longer polled.`);
          this.gone.add(id);
        }
      }
      this.consecutiveErrors = 0;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (isTransientError(err)) {
        this.consecutiveErrors++;
        this.log.warn(`Polling batch jobs failed (${this.consecutiveErrors} in a row); backing off. ${message}`);
      } else {
        this.blockedBy = message;
        this.log.warn(`Polling batch jobs stopped until the key, the settings or a manual refresh change things: ${message}`);
      }
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
  }
}
