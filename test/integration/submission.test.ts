// Submission against the local Mistral-compatible server (mock-api/). The launchers start it and
// pass its address in MISTRAL_BATCH_E2E_MOCK_URL; code-server is started with
// `mistralBatch.baseUrl` pointing at it and MISTRAL_API_KEY set to the key it accepts.
//
// Everything waits on events: the Batch Jobs view's changes (through the extension's exports) or a
// command's own result. Jobs on the mock move one step each time they are observed, so polling at
// the 2-second minimum brings a job to its end in a few seconds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { SubmitOutcome } from '../../client/commands/submit';
import type { MistralBatchExports } from '../../client/exports';
import type { JobsViewRow } from '../../client/jobs/view';
import { extension, formatDiagnostics, lineOf, manifest, openFixture, waitFor, waitForActivation, workspaceFile } from './helpers';

const MOCK_URL = process.env.MISTRAL_BATCH_E2E_MOCK_URL;
const CREATE = 'POST /v1/batch/jobs';
const UPLOAD = 'POST /v1/files';

interface RequestLog {
  total: number;
  byRoute: Record<string, number>;
}

async function mock(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${MOCK_URL}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.strictEqual(res.status, 200, `${method} ${path} on the mock answered ${res.status}`);
  return res.json();
}

const requests = (): Promise<RequestLog> => mock('GET', '/__admin/requests') as Promise<RequestLog>;
const count = (log: RequestLog, route: string): number => log.byRoute[route] ?? 0;
/** Requests that send something (uploads and job creations); polling only reads. */
const sent = (log: RequestLog): number => count(log, CREATE) + count(log, UPLOAD);

function submit(name: string, options: { resubmit?: boolean } = { resubmit: true }): Thenable<SubmitOutcome> {
  return vscode.commands.executeCommand<SubmitOutcome>('mistralBatch.submit', workspaceFile(name), options);
}

function submitted(outcome: SubmitOutcome): string {
  assert.strictEqual(outcome.outcome, 'submitted', `the submission did not go through: ${JSON.stringify(outcome)}`);
  return outcome.jobId;
}

function describeRows(rows: JobsViewRow[]): string {
  return rows.length === 0 ? '(no rows)' : rows.map((r) => `${r.label} [${r.contextValue}] ${r.description}`).join('; ');
}

suite('Submission (local Mistral-compatible server)', function () {
  let view: MistralBatchExports['jobsView'];
  let goodJob = '';

  /** The view's row for a job once `accept` holds for it. */
  function rowOf(jobId: string, what: string, accept: (row: JobsViewRow) => boolean = () => true): Promise<JobsViewRow> {
    return waitFor(what, () => view.rows().find((r) => r.jobId === jobId && accept(r)), [view.onDidChange], {
      timeoutMs: 45_000,
      describe: () => describeRows(view.rows()),
    });
  }

  suiteSetup(async function () {
    if (!MOCK_URL) {
      console.log('  (skipped: no local mock server; MISTRAL_BATCH_E2E_MOCK_URL is not set)');
      this.skip();
    }
    const commands = (manifest().contributes?.commands ?? []).map((c) => c.command);
    if (!commands.includes('mistralBatch.submit')) {
      console.log('  (skipped: package.json does not contribute mistralBatch.submit yet)');
      this.skip();
    }
    await openFixture('good.batch.json');
    await waitForActivation();
    view = (extension().exports as MistralBatchExports).jobsView;
    await mock('POST', '/__admin/reset');
    await vscode.workspace.getConfiguration('mistralBatch').update('pollIntervalSeconds', 2, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    if (!MOCK_URL) return;
    await vscode.workspace.getConfiguration('mistralBatch').update('pollIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await mock('DELETE', '/__admin/faults');
  });

  teardown(async () => {
    if (MOCK_URL) await mock('DELETE', '/__admin/faults');
  });

  test('the mock server answers', async () => {
    const res = await fetch(`${MOCK_URL}/__admin/requests`);
    assert.strictEqual(res.status, 200);
  });

  test('Submit Batch Job creates exactly one job on the server', async () => {
    const before = await requests();
    goodJob = submitted(await submit('good.batch.json'));
    const after = await requests();
    assert.strictEqual(count(after, CREATE) - count(before, CREATE), 1, 'expected exactly one POST /v1/batch/jobs');
    assert.strictEqual(count(after, UPLOAD) - count(before, UPLOAD), 0, 'an inline job uploads nothing');
  });

  test('submitting the unchanged file again asks first, and "no" sends nothing', async () => {
    assert.ok(goodJob, 'needs the job of the previous test');
    const before = await requests();
    const outcome = await submit('good.batch.json', { resubmit: false });
    assert.strictEqual(outcome.outcome, 'declined', JSON.stringify(outcome));
    assert.strictEqual(sent(await requests()), sent(before), 'a declined resubmission sent something');
  });

  test('the Batch Jobs view shows the submitted job and its final status', async () => {
    assert.ok(goodJob, 'needs the job of the first submission');
    await vscode.commands.executeCommand('mistralBatch.jobs.focus');
    const listed = await rowOf(goodJob, `job ${goodJob} in the Batch Jobs view`);
    assert.strictEqual(listed.label, 'good.batch.json', 'the row is named after the batch file the job came from');
    assert.match(listed.tooltip, /^Model: mistral-small-latest$/m);
    assert.match(listed.tooltip, /^Endpoint: \/v1\/chat\/completions$/m);
    assert.ok(listed.tooltip.includes(`Job ID: ${goodJob}`), `the tooltip has the full id: ${listed.tooltip}`);
    const done = await rowOf(goodJob, `job ${goodJob} to reach SUCCESS in the view (polling)`, (r) => r.description.startsWith('Succeeded'));
    assert.strictEqual(done.icon, 'pass');
    assert.match(done.description, /^Succeeded · 2\/2 · /);
    assert.match(done.contextValue, /\bfinished\b/);
    assert.match(done.contextValue, /\bresults\b/);
    assert.match(done.contextValue, /\brecorded\b/);

    // The CodeLens at the top of the batch file shows the same state.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workspaceFile('good.batch.json'), 10);
    const titles = lenses.map((l) => l.command?.title ?? '');
    // The first line holds the actions, Submit first; the token totals stand by the requests.
    const top = lenses.filter((l) => l.range.start.line === 0).map((l) => l.command?.title ?? '');
    assert.match(top[0] ?? '', /Submit Batch Job/, `the first line's CodeLenses: ${JSON.stringify(top)}`);
    const totals = lenses.find((l) => /^2 requests · |counting/.test(l.command?.title ?? ''));
    assert.ok(totals && totals.range.start.line > 0, `the totals lens: ${JSON.stringify(totals?.range.start)}`);
    assert.ok(titles.some((t) => t === `Job ${goodJob.slice(0, 8)} · Succeeded 2/2`), `CodeLenses: ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => t === 'Download Results'), `no Download Results CodeLens: ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => /Submit Batch Job/.test(t)), `no submit CodeLens: ${JSON.stringify(titles)}`);
  });

  test('Download Results writes <name>.results.jsonl beside the batch file and opens it', async () => {
    assert.ok(goodJob, 'needs the job of the first submission');
    const path = await vscode.commands.executeCommand<string | undefined>('mistralBatch.downloadResults', goodJob);
    const expected = workspaceFile('good.results.jsonl').fsPath;
    assert.strictEqual(path, expected);
    const lines = fs.readFileSync(expected, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { custom_id?: string });
    assert.deepStrictEqual(lines.map((l) => l.custom_id).sort(), ['capital-fr', 'colours']);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, expected, 'the results file is not the active editor');
  });

  test('a file with errors is refused and nothing is sent', async () => {
    const before = await requests();
    const outcome = await submit('broken.batch.json');
    assert.strictEqual(outcome.outcome, 'refused', JSON.stringify(outcome));
    assert.match(outcome.outcome === 'refused' ? outcome.message : '', /has 3 errors/);
    assert.strictEqual(sent(await requests()), sent(before), 'a refused file sent something');
  });

  test('a job reading a local .jsonl uploads it once, and reuses the upload when it is unchanged', async () => {
    const before = await requests();
    submitted(await submit('from-file.batch.json'));
    const first = await requests();
    assert.strictEqual(count(first, UPLOAD) - count(before, UPLOAD), 1, 'expected one upload');
    assert.strictEqual(count(first, CREATE) - count(before, CREATE), 1, 'expected one job');
    const again = submitted(await submit('from-file.batch.json', { resubmit: true }));
    const second = await requests();
    assert.strictEqual(count(second, UPLOAD), count(first, UPLOAD), 'the unchanged input file was uploaded again');
    assert.strictEqual(count(second, CREATE) - count(first, CREATE), 1, 'expected one more job');

    // Cancel Job (already confirmed, as after "cancel the job just created?"): the job ends CANCELLED.
    await vscode.commands.executeCommand('mistralBatch.cancelJob', again, { confirmed: true });
    await vscode.commands.executeCommand('mistralBatch.jobs.focus');
    const row = await rowOf(again, `job ${again} to end CANCELLED`, (r) => r.description.startsWith('Cancelled'));
    assert.doesNotMatch(row.contextValue, /\bunfinished\b/, 'Cancel would still be offered');
  });

  test('a 422 from the API is shown, and mapped to the line it names', async () => {
    const uri = workspaceFile('good.batch.json');
    await mock('POST', '/__admin/faults', {
      route: CREATE,
      status: 422,
      body: { detail: [{ type: 'less_than_equal', loc: ['body', 'requests', 1, 'body', 'temperature'], msg: 'Input should be less than or equal to 0.1', input: 0.2 }] },
    });
    const outcome = await submit('good.batch.json');
    assert.strictEqual(outcome.outcome, 'failed', JSON.stringify(outcome));
    assert.strictEqual(outcome.outcome === 'failed' ? outcome.kind : undefined, 'validation');
    assert.match(outcome.outcome === 'failed' ? outcome.message : '', /less than or equal to 0\.1/);
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = lineOf(doc, '"temperature": 0.2');
    const fromApi = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Mistral API');
    assert.ok(fromApi.some((d) => d.range.start.line === line && /less than or equal to 0\.1/.test(d.message)), `API problems: ${formatDiagnostics(fromApi)}`);

    // They describe that attempt only: the next edit clears them.
    const editor = await vscode.window.showTextDocument(doc);
    const cleared = waitFor('the API problems to clear after an edit', () => {
      const left = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Mistral API');
      return left.length === 0 ? true : undefined;
    }, [vscode.languages.onDidChangeDiagnostics]);
    await editor.edit((b) => b.insert(doc.lineAt(doc.lineCount - 1).range.end, '\n'));
    await cleared;
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a rejected key (401) says so, without showing the key', async () => {
    await mock('POST', '/__admin/faults', { route: CREATE, status: 401, body: { message: 'Unauthorized', type: 'invalid_api_key' } });
    const before = await requests();
    const outcome = await submit('good.batch.json');
    assert.strictEqual(outcome.outcome, 'failed', JSON.stringify(outcome));
    assert.strictEqual(outcome.outcome === 'failed' ? outcome.kind : undefined, 'unauthorized');
    const message = outcome.outcome === 'failed' ? outcome.message : '';
    assert.match(message, /key was rejected/);
    assert.match(message, /Set API Key/);
    const key = process.env.MISTRAL_API_KEY;
    if (key) assert.ok(!message.includes(key), 'the message shows the key');
    assert.strictEqual(count(await requests(), CREATE) - count(before, CREATE), 1, 'a 401 is not retried');
  });
});
