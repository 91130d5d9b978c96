// Typed access to the extension's settings; package.json declares them, this module reads them.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../core/api';

export const SECTION = 'mistralBatch';

/** Settings the API client is built from: a change means a new client. */
export const API_KEYS: readonly string[] = ['baseUrl', 'requestTimeoutSeconds'];

/** The floor for polling, so a typo cannot turn the jobs view into a flood of requests. */
export const MIN_POLL_INTERVAL_SECONDS = 2;

export class Config {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  get maxProblems(): number {
    return this.raw.get<number>('maxProblems', 1000);
  }

  /** As written; `checkBaseUrl` (core/api) vets it when a client is built. */
  get baseUrl(): string {
    return this.raw.get<string>('baseUrl', DEFAULT_BASE_URL) || DEFAULT_BASE_URL;
  }

  get pollIntervalSeconds(): number {
    return atLeast(this.raw.get<number>('pollIntervalSeconds', 15), MIN_POLL_INTERVAL_SECONDS, 15);
  }

  get requestTimeoutSeconds(): number {
    return atLeast(this.raw.get<number>('requestTimeoutSeconds', 30), 1, 30);
  }

  /** Ask before submitting a file that was already submitted unchanged. */
  get confirmResubmit(): boolean {
    return this.raw.get<boolean>('confirmResubmit', true);
  }

  /** True when the change touches any of `keys` (names without the section). */
  static affects(e: vscode.ConfigurationChangeEvent, keys: readonly string[]): boolean {
    return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
  }
}

// The manifest declares minimums, but settings.json is edited by hand too.
function atLeast(value: unknown, min: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(min, value) : fallback;
}
