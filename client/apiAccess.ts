// The one place the extension gets an API client: built from the settings and the key, rebuilt when
// either changes. The client fetches the key on each request, so it never holds a stale one.
import * as vscode from 'vscode';
import { ApiError, BatchApi, checkBaseUrl, DirectApi, MistralBatchApi } from '../core/api';
import { API_KEYS, Config, SECTION } from './config';
import { ApiKeys } from './secrets';

const BASE_URL_SETTING = `${SECTION}.baseUrl`;

export class ApiAccess implements vscode.Disposable {
  private cached: { baseUrl: string; timeoutSeconds: number; api: MistralBatchApi } | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The settings or the key changed: whatever was learnt from the API may no longer hold. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly config: Config, readonly keys: ApiKeys) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (Config.affects(e, API_KEYS)) {
          this.cached = undefined;
          this.changed.fire();
        }
      }),
      keys.onDidChange(() => this.changed.fire()),
    ];
  }

  /**
   * A client, or undefined when there is no key (with `interactive`, after the user declined to enter one).
   * Throws an ApiError of kind "config" when the base URL setting is unusable.
   */
  async client({ interactive }: { interactive: boolean }): Promise<BatchApi | undefined> {
    const key = interactive ? await this.keys.require() : (await this.keys.find())?.key;
    if (!key) return undefined;
    const baseUrl = this.config.baseUrl;
    const timeoutSeconds = this.config.requestTimeoutSeconds;
    if (this.cached?.baseUrl !== baseUrl || this.cached.timeoutSeconds !== timeoutSeconds) {
      const api = new MistralBatchApi({
        baseUrl,
        baseUrlSetting: BASE_URL_SETTING,
        timeoutMs: timeoutSeconds * 1000,
        apiKey: async () => (await this.keys.find())?.key ?? '',
      });
      this.cached = { baseUrl, timeoutSeconds, api };
    }
    return this.cached.api;
  }

  /**
   * For submission and Try: a client that asks for the key (in a password box, when there is none) only when
   * its first request needs it, so a file that fails its check is refused before anyone is asked.
   * `declined()` tells a failure caused by the user not giving a key from any other.
   * Throws an ApiError of kind "config" when the base URL setting is unusable.
   */
  promptingClient(): { api: BatchApi & DirectApi; declined(): boolean } {
    let declined = false;
    const api = new MistralBatchApi({
      baseUrl: this.config.baseUrl,
      baseUrlSetting: BASE_URL_SETTING,
      timeoutMs: this.config.requestTimeoutSeconds * 1000,
      apiKey: async () => {
        const key = await this.keys.require();
        if (!key) {
          declined = true;
          throw new Error('no API key was given');
        }
        return key;
      },
    });
    return { api, declined: () => declined };
  }

  /**
   * Asks the API whether `key` is accepted, before it is stored: undefined when it is, else why not,
   * and whether the answer is certain (a 401) or the API could not be asked.
   */
  async checkKey(key: string): Promise<{ rejected: boolean; message: string } | undefined> {
    try {
      const api = new MistralBatchApi({ baseUrl: this.config.baseUrl, baseUrlSetting: BASE_URL_SETTING, timeoutMs: this.config.requestTimeoutSeconds * 1000, apiKey: key });
      await api.listJobs({ pageSize: 1 });
      return undefined;
    } catch (err) {
      const rejected = err instanceof ApiError && (err.kind === 'unauthorized' || err.kind === 'forbidden');
      return { rejected, message: err instanceof Error ? err.message : String(err) };
    }
  }

  /** The normalised base URL, or undefined when the setting is unusable (submission says why). */
  baseUrl(): string | undefined {
    try {
      return checkBaseUrl(this.config.baseUrl, BASE_URL_SETTING);
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
