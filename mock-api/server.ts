// A local Mistral-compatible server for tests and for trying the extension without an account.
// It implements the routes the project uses, answers in the API's shapes (checked against the SDK's own
// parsing in test/unit/mockApi.test.ts) and can inject faults. Admin routes under /__admin/ need no key:
//   GET    /__admin/requests                  request counts: { total, byRoute, requests }
//   POST   /__admin/faults                    add a FaultRule or an array of them
//   DELETE /__admin/faults                    remove all fault rules
//   POST   /__admin/reset                     forget files, jobs, requests and faults
//   POST   /__admin/jobs/{id}/advance?steps=N move a job on
// A request whose body has "__fail": true, or whose custom_id starts with "fail", fails in the job's
// output (it lands in the error file);
// metadata {"mock_outcome": "FAILED" | "TIMEOUT_EXCEEDED"} forces a job's end state.
// The synchronous endpoints a batch request targets (chat, FIM, embeddings, OCR, moderations,
// classifications, conversations, transcriptions) answer deterministically too (mock-api/sync.ts).
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { modelList } from './models';
import { boundaryOf, ReceivedForm, receiveMultipart } from './multipart';
import { contentOf, FaultRule, MockFile, MockState, MockStateOptions } from './state';
import { syncRoutes } from './sync';
import { validateCreateBody, ValidationDetail } from './validate';

export { FaultRule, MockState } from './state';

export interface MockServerOptions extends MockStateOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1: the mock is for this machine only. */
  host?: string;
  /** The accepted key; when omitted, any non-empty bearer token is accepted. */
  apiKey?: string;
  faults?: FaultRule[];
  /** Largest request body accepted; the real API's file limit is 512 MB. */
  maxBodyBytes?: number;
  /** Receives one line per request (never headers, so never the key). */
  log?: (line: string) => void;
  /** Pause between the events of a streamed answer; default 25 ms, so it visibly streams. */
  streamDelayMs?: number;
}

export interface MockServer {
  url: string;
  port: number;
  state: MockState;
  close(): Promise<void>;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** A streamed answer: each entry is sent as one server-sent event's data. */
  events?: string[];
}

/** `form`: the multipart body of a streamed route, already received (files on disk). */
export type Handler = (ctx: { params: string[]; url: URL; body: Buffer; contentType?: string; form?: ReceivedForm | 'malformed' }) => Reply;

/** Routes whose body is received as a stream instead of read into memory first. */
const STREAMED = new Set(['POST /v1/files', 'POST /v1/audio/transcriptions']);

function apiError(status: number, message: string, type: string): Reply {
  return { status, body: { object: 'error', message, type, param: null, code: String(status) } };
}

const invalid = (detail: ValidationDetail[]): Reply => ({ status: 422, body: { detail } });
const fileView = ({ content: _content, ...meta }: MockFile): Omit<MockFile, 'content'> => meta;

function routes(state: MockState): Array<{ method: string; pattern: RegExp; route: string; handler: Handler }> {
  const jobOr404 = (job: unknown): Reply => (job ? { status: 200, body: job } : apiError(404, 'Batch job not found', 'not_found'));
  const fileOr404 = (file: MockFile | undefined, reply: (f: MockFile) => Reply): Reply =>
    file ? reply(file) : apiError(404, 'File not found', 'not_found');
  return [
    {
      method: 'POST', pattern: /^\/v1\/files$/, route: 'POST /v1/files',
      handler: ({ form }) => {
        if (!form || form === 'malformed') return invalid([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
        const file = form.files.find((p) => p.name === 'file');
        if (!file) return invalid([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
        const purpose = form.fields.get('purpose') ?? 'fine-tune';
        if (!['fine-tune', 'batch', 'ocr'].includes(purpose)) {
          return invalid([{ type: 'enum', loc: ['body', 'purpose'], msg: "Input should be 'fine-tune', 'batch' or 'ocr'", input: purpose }]);
        }
        const sampleType = purpose === 'batch' ? 'batch_request' : 'instruct';
        const created = state.addFile(file.filename, purpose, file, { sample_type: sampleType, source: 'upload' });
        return { status: 200, body: fileView(created) };
      },
    },
    {
      method: 'GET', pattern: /^\/v1\/files\/([^/]+)$/, route: 'GET /v1/files/{id}',
      handler: ({ params }) => fileOr404(state.files.get(params[0]), (f) => ({ status: 200, body: { ...fileView(f), deleted: false } })),
    },
    {
      method: 'GET', pattern: /^\/v1\/files\/([^/]+)\/content$/, route: 'GET /v1/files/{id}/content',
      handler: ({ params }) => fileOr404(state.files.get(params[0]), (f) => ({ status: 200, body: contentOf(f) })),
    },
    {
      method: 'POST', pattern: /^\/v1\/batch\/jobs$/, route: 'POST /v1/batch/jobs',
      handler: ({ body }) => {
        let raw: unknown;
        try {
          raw = JSON.parse(body.toString('utf8'));
        } catch (e) {
          return invalid([{ type: 'json_invalid', loc: ['body', 0], msg: `JSON decode error: ${(e as Error).message}`, input: {} }]);
        }
        const checked = validateCreateBody(raw);
        if (!checked.ok) return invalid(checked.detail);
        const created = state.createJob(checked.body);
        return created.ok ? { status: 200, body: created.job } : invalid(created.detail);
      },
    },
    {
      method: 'GET', pattern: /^\/v1\/batch\/jobs$/, route: 'GET /v1/batch/jobs',
      handler: ({ url }) => {
        const q = url.searchParams;
        const int = (name: string, dflt: number): number => {
          const n = Number(q.get(name) ?? dflt);
          return Number.isInteger(n) && n >= 0 ? n : dflt;
        };
        const createdAfter = q.get('created_after');
        const { data, total } = state.listJobs({
          page: int('page', 0),
          pageSize: Math.max(1, int('page_size', 100)),
          status: q.getAll('status').flatMap((s) => s.split(',')).filter((s) => s !== ''),
          model: q.get('model') ?? undefined,
          createdAfter: createdAfter ? Math.floor(Date.parse(createdAfter) / 1000) : undefined,
          ascending: q.get('order_by') === 'created',
        });
        return { status: 200, body: { data, object: 'list', total } };
      },
    },
    {
      method: 'GET', pattern: /^\/v1\/batch\/jobs\/([^/]+)$/, route: 'GET /v1/batch/jobs/{id}',
      handler: ({ params }) => jobOr404(state.getJob(params[0], true)),
    },
    {
      method: 'POST', pattern: /^\/v1\/batch\/jobs\/([^/]+)\/cancel$/, route: 'POST /v1/batch/jobs/{id}/cancel',
      handler: ({ params }) => jobOr404(state.cancelJob(params[0])),
    },
    {
      method: 'GET', pattern: /^\/v1\/models$/, route: 'GET /v1/models',
      handler: () => ({ status: 200, body: modelList() }),
    },
    ...syncRoutes(),
  ];
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, reply: Reply, streamDelayMs = 0): void {
  if (reply.events) return void streamEvents(res, reply.events, streamDelayMs);
  const binary = Buffer.isBuffer(reply.body);
  const payload = binary ? (reply.body as Buffer) : Buffer.from(JSON.stringify(reply.body));
  res.writeHead(reply.status, {
    'content-type': binary ? 'application/octet-stream' : 'application/json',
    'content-length': String(payload.length),
    ...reply.headers,
  });
  res.end(payload);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function streamEvents(res: http.ServerResponse, events: string[], delayMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const data of events) {
    // A client that went away (a cancelled try) ends the stream.
    if (res.destroyed) return;
    res.write(`data: ${data}\n\n`);
    await sleep(delayMs);
  }
  res.end();
}

export async function startMockServer(opts: MockServerOptions = {}): Promise<MockServer> {
  const state = new MockState(opts);
  for (const f of opts.faults ?? []) state.addFault(f);
  const table = routes(state);
  const limit = opts.maxBodyBytes ?? 512 * 1024 * 1024;

  async function admin(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer): Promise<void> {
    const path = url.pathname;
    if (req.method === 'GET' && path === '/__admin/requests') {
      const byRoute: Record<string, number> = {};
      for (const r of state.requests) byRoute[r.route] = (byRoute[r.route] ?? 0) + 1;
      return send(res, { status: 200, body: { total: state.requests.length, byRoute, requests: state.requests } });
    }
    if (req.method === 'POST' && path === '/__admin/faults') {
      const rules = JSON.parse(body.toString('utf8') || '[]') as FaultRule | FaultRule[];
      for (const r of Array.isArray(rules) ? rules : [rules]) state.addFault(r);
      return send(res, { status: 200, body: { faults: state.faults } });
    }
    if (req.method === 'DELETE' && path === '/__admin/faults') {
      state.faults = [];
      return send(res, { status: 200, body: { faults: [] } });
    }
    if (req.method === 'POST' && path === '/__admin/reset') {
      state.reset();
      return send(res, { status: 200, body: {} });
    }
    const advance = /^\/__admin\/jobs\/([^/]+)\/advance$/.exec(path);
    if (req.method === 'POST' && advance) {
      return send(res, { status: 200, body: state.advance(advance[1], Number(url.searchParams.get('steps') ?? 1)) ?? null });
    }
    send(res, apiError(404, 'Unknown admin route', 'not_found'));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    const method = req.method ?? 'GET';
    const streamed = STREAMED.has(`${method} ${url.pathname}`);
    const body = streamed ? Buffer.alloc(0) : await readBody(req, limit);
    if (url.pathname.startsWith('/__admin/')) return admin(req, res, url, body ?? Buffer.alloc(0));

    let params: string[] = [];
    const match = table.find((r) => {
      const m = r.method === method ? r.pattern.exec(url.pathname) : null;
      if (m) params = m.slice(1).map(decodeURIComponent);
      return m !== null;
    });
    const route = match?.route ?? `${method} ${url.pathname}`;
    const logged = { method, path: url.pathname, route, status: 0 as number | 'dropped' };
    state.requests.push(logged);
    const finish = async (reply: Reply | 'drop'): Promise<void> => {
      // A streamed body not taken is read and dropped first, so the client gets the answer.
      if (streamed && reply !== 'drop' && !req.readableEnded) for await (const _ of req);
      logged.status = reply === 'drop' ? 'dropped' : reply.status;
      opts.log?.(`${method} ${url.pathname}${url.search} -> ${logged.status}`);
      if (reply === 'drop') res.socket?.destroy();
      else send(res, reply, opts.streamDelayMs ?? 25);
    };

    const fault = state.takeFault(route);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop === 'before') return finish('drop');
    if (fault?.status) {
      const reply = apiError(fault.status, fault.status === 429 ? 'Requests rate limit exceeded' : 'Service unavailable (injected fault)', fault.status === 429 ? 'rate_limited' : 'internal_server_error');
      const headers = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : undefined;
      return finish({ ...reply, ...(fault.body !== undefined ? { body: fault.body } : {}), headers });
    }

    const auth = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!auth || (opts.apiKey !== undefined && auth[1] !== opts.apiKey)) {
      return finish({ status: 401, body: { message: 'Unauthorized', request_id: 'mock' } });
    }
    if (!match) return finish({ status: 404, body: { detail: 'Not Found' } });
    if (body === undefined) return finish(apiError(413, `Request body larger than ${limit} bytes`, 'invalid_request_error'));
    let form: ReceivedForm | 'malformed' | undefined;
    if (streamed) {
      const boundary = boundaryOf(req.headers['content-type']);
      const received = boundary ? await receiveMultipart(req, boundary, state.uploadDir(), limit) : 'malformed';
      if (received === 'too-large') return finish(apiError(413, `Request body larger than ${limit} bytes`, 'invalid_request_error'));
      form = received;
    }
    const reply = match.handler({ params, url, body, contentType: req.headers['content-type'], form });
    finish(fault?.drop === 'after' ? 'drop' : reply);
  }

  // Requests still being handled: `close` waits for them before it removes the uploads' folder,
  // or an upload cut short by the client could still be opening a file in it.
  const inFlight = new Set<Promise<void>>();
  const server = http.createServer((req, res) => {
    const handled = handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, apiError(500, `Mock server error: ${String(err)}`, 'internal_server_error'));
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          void Promise.allSettled([...inFlight]).then(() => {
            state.dispose();
            resolve();
          });
        });
      }),
  };
}
