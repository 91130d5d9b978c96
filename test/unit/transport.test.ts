// The transport's refusals that the hostile server on loopback cannot show (it speaks no TLS), with
// fetch stubbed: a redirect from https to plain http, and the settings the language server is sent.
import { afterEach, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ApiError, MistralBatchApi } from '../../core/api';
import { DEFAULT_SERVER_SETTINGS, SERVER_SETTING_SECTIONS, serverSettingsOf } from '../../core/settings';

const KEY = 'sk-transport-secret-1234abcd';
const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

test('a redirect from https to plain http is refused, naming both URLs, and nothing is sent there', async () => {
  const asked: string[] = [];
  globalThis.fetch = (async (input: Request | string | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    asked.push(url);
    return new Response(null, { status: 302, headers: { location: 'http://api.example.test/v1/batch/jobs?page=0' } });
  }) as typeof fetch;
  const api = new MistralBatchApi({ baseUrl: 'https://api.example.test', apiKey: KEY, retry: { maxElapsedMs: 0 } });
  const err = await api.listJobs().then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.equal(err.kind, 'config');
  assert.match(err.message, /^https:\/\/api\.example\.test\/v1\/batch\/jobs redirected the request to list batch jobs to http:\/\/api\.example\.test\/v1\/batch\/jobs, which was not followed \(it would leave https for plain http\)/);
  assert.ok(!err.message.includes(KEY));
  assert.deepEqual(asked.map((u) => new URL(u).protocol), ['https:']);
});

test('the language server is sent only its own settings: not the base URL (where a key may have been pasted)', () => {
  assert.deepEqual(serverSettingsOf({ maxProblems: 50, baseUrl: `https://${KEY}.example`, requestTimeoutSeconds: 30 }), { maxProblems: 50 });
  assert.deepEqual(serverSettingsOf({ baseUrl: KEY }), {});
});

test('every server setting reaches the server: resultHints as well as maxProblems', () => {
  assert.deepEqual(serverSettingsOf({ ...DEFAULT_SERVER_SETTINGS, resultHints: false, baseUrl: KEY }), { ...DEFAULT_SERVER_SETTINGS, resultHints: false });
  assert.deepEqual(SERVER_SETTING_SECTIONS.map((s) => s.replace('mistralBatch.', '')).sort(), Object.keys(DEFAULT_SERVER_SETTINGS).sort());
});
