// A fresh folder per run: a copy of test/fixtures/e2e-workspace (so tests never dirty the
// repository), plus code-server's user data and extensions folders.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './codeServer.mjs';

export const FIXTURE_WORKSPACE = join(repoRoot, 'test', 'fixtures', 'e2e-workspace');

/**
 * @param {string} prefix
 * @returns {{ root: string, workspace: string, userDataDir: string, extensionsDir: string, remove(): void }}
 */
export function makeRunDir(prefix = 'mistral-batch-e2e-') {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const workspace = join(root, 'workspace');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  return { root, workspace, userDataDir, extensionsDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Settings that keep a test or demo workbench quiet and offline-friendly. */
export const QUIET_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
};
