// What this workspace remembers about its submissions, kept by the core's store functions in the
// workspace state (a Memento fits the core's KeyValueStore as is): uploads to reuse, and which job
// came from which batch file.
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import {
  findPreviousSubmission, findSubmissionForJob, findUncertainAttempt, Fingerprint, hasSubmissionOf, KeyValueStore, sha256Hex, SubmissionRecord,
  UncertainAttempt,
} from '../core/submit';

export class Submissions implements vscode.Disposable {
  /** The latest job submitted from each batch file in this window, newest records win. */
  private readonly latest = new Map<string, SubmissionRecord>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(readonly store: KeyValueStore) {}

  /** The same file with the same content (its text, or with a fingerprint also its inputs), already submitted to this server. */
  previous(batchFile: string, content: string | Fingerprint, baseUrl: string): SubmissionRecord | undefined {
    return findPreviousSubmission(this.store, batchFile, typeof content === 'string' ? sha256Hex(content) : content, baseUrl);
  }

  /** An earlier attempt with the same content that ended without knowing whether the job was created. */
  uncertain(batchFile: string, print: Fingerprint, baseUrl: string): UncertainAttempt | undefined {
    return findUncertainAttempt(this.store, batchFile, print, baseUrl);
  }

  forJob(jobId: string): SubmissionRecord | undefined {
    return findSubmissionForJob(this.store, jobId);
  }

  /**
   * The newest job known to come from this file on this server: submitted in this window, or the
   * file's current content as recorded, or a job the view lists whose record names the file.
   * `contentHash` (the text's sha256) is asked only when the file was ever submitted: the CodeLens
   * asks on every edit, and hashing a 7 MB file each time held up the extension host.
   */
  latestFor(batchFile: string, contentHash: () => string, baseUrl: string, listedJobIds: Iterable<string>): SubmissionRecord | undefined {
    const path = resolve(batchFile);
    const previous = hasSubmissionOf(this.store, path) ? findPreviousSubmission(this.store, path, contentHash(), baseUrl) : undefined;
    const candidates: Array<SubmissionRecord | undefined> = [this.latest.get(path), previous];
    for (const id of listedJobIds) {
      const record = this.forJob(id);
      if (record?.batchFile === path) candidates.push(record);
    }
    return candidates
      .filter((r): r is SubmissionRecord => r !== undefined && r.baseUrl === baseUrl)
      .sort((a, b) => b.submittedAt - a.submittedAt)[0];
  }

  /** Called after a submission; the core has already written the record to the store. */
  noteSubmitted(record: SubmissionRecord): void {
    this.latest.set(record.batchFile, record);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
