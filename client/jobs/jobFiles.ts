// A finished job's files on disk: `<name>.results.jsonl` / `<name>.errors.jsonl` beside the batch file
// the job came from when that file is in the workspace, otherwise in a folder the user picks.
// Downloads go through the core (atomic writes), so a failed one never leaves half a file.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BatchApi, BatchJob } from '../../core/api';
import { resultPathsFor, safeSegment, saveKeepingEarlier, SavedFile } from '../../core/submit';
import { Submissions } from '../submissions';

export type JobFileKind = 'results' | 'errors';

/** Where the file goes; undefined when the user dismissed the folder picker. */
export async function targetFor(job: BatchJob, kind: JobFileKind, submissions: Submissions): Promise<string | undefined> {
  const record = submissions.forJob(job.id);
  if (record && existsSync(record.batchFile) && vscode.workspace.getWorkspaceFolder(vscode.Uri.file(record.batchFile))) {
    return resultPathsFor(record.batchFile)[kind];
  }
  const picked = await vscode.window.showOpenDialog({
    title: `Where should the ${kind} of batch job ${job.id} be saved?`,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Save Here',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const folder = picked?.[0];
  return folder ? join(folder.fsPath, `${safeSegment(job.id)}.${kind}.jsonl`) : undefined;
}

/**
 * Downloads one of the job's files to `path` (an earlier different file there is kept under a
 * numbered name), under a cancellable notification; undefined when cancelled.
 */
export function downloadJobFile(api: BatchApi, fileId: string, path: string, what: string): Thenable<SavedFile | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Downloading ${what}`, cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await saveKeepingEarlier(path, await api.downloadFile(fileId, { signal: abort.signal }), { signal: abort.signal });
      } catch (err) {
        // However the abort surfaced (the API client's or the stream's error), it was the user's doing.
        if (abort.signal.aborted) return undefined;
        throw err;
      } finally {
        sub.dispose();
      }
    },
  );
}
