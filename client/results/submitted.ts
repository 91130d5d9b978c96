// Answers the server's question "what was submitted from this batch file?" from the workspace's
// submission records, so the server can mark results of requests edited since as stale.
import * as vscode from 'vscode';
import { SubmittedRequestsParams, SubmittedRequestsResult } from '../../core/protocol';
import { findLatestSubmission } from '../../core/submit';
import { Submissions } from '../submissions';

export function submittedRequests(submissions: Submissions): (params: SubmittedRequestsParams) => SubmittedRequestsResult | null {
  return ({ uri }) => {
    const file = vscode.Uri.parse(uri);
    if (file.scheme !== 'file') return null;
    const record = findLatestSubmission(submissions.store, file.fsPath);
    if (!record || (!record.requestHashes && record.lineHashes === undefined)) return null;
    return { jobId: record.jobId, requestHashes: record.requestHashes ?? {}, ...(record.lineHashes === undefined ? {} : { lineHashes: record.lineHashes }) };
  };
}
