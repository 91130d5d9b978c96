// A hostile API on 127.0.0.1: a proxy in front of the project's mock server that passes every request
// on (so jobs are really created, and counted) and then spoils the answer the way a broken network or
// server would: an unreadable 2xx, a body cut off or stalled, a trickle, a redirect elsewhere, ids
// holding paths or terminal escapes. Each rule applies to the next matching requests.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Spoil =
  /** A 200 with an HTML page instead of JSON (a captive portal, a proxy's error page). */
  | { kind: 'html' }
  /** The first half of the real body, then the connection closes. */
  | { kind: 'truncate' }
  /** The real answer without its `id` field. */
  | { kind: 'missing-id' }
  /** Headers and half the body, then nothing, ever. */
  | { kind: 'stall-body' }
  /** Nothing at all: no headers. */
  | { kind: 'stall-headers' }
  /** The real body, one byte every `everyMs`. */
  | { kind: 'trickle'; everyMs: number }
  /** The connection dropped after the request was handled. */
  | { kind: 'drop' }
  /** A redirect to `location` instead of passing the request on (nothing is handled). */
  | { kind: 'redirect'; status: number; location: string }
  /** A 429 with this Retry-After (seconds), not passed on. */
  | { kind: 'rate-limit'; retryAfter: number };

export interface SpoilRule {
  /** "POST /v1/batch/jobs", "GET /v1/batch/jobs/*", "GET /v1/files/*\/content", or "*". */
  route: string;
  spoil: Spoil;
  /** Default 1. */
  times?: number;
}

export interface HostileServer {
  url: string;
  /** Every request that came in, as "METHOD /path". */
  seen: string[];
  spoil(rule: SpoilRule): void;
  /** Resolves once a request to `route` has been handled upstream (whatever is then done to its answer). */
  handled(route: string): Promise<void>;
  /** Jobs appear under this id instead of their real one, in answers and in request paths alike. */
  renameJobs(to: (realId: string) => string): void;
  close(): Promise<void>;
}

function matches(route: string, method: string, path: string): boolean {
  if (route === '*') return true;
  const [m, p] = route.split(' ');
  if (m !== method) return false;
  const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}$`);
  return re.test(path);
}

export async function startHostileServer(upstream: string): Promise<HostileServer> {
  const rules: Array<SpoilRule & { times: number }> = [];
  const seen: string[] = [];
  const names = new Map<string, string>();
  let rename: ((id: string) => string) | undefined;
  const hanging = new Set<http.ServerResponse>();
  const waiters: Array<{ route: string; done: () => void }> = [];
  const handledRoutes: string[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let path = req.url ?? '/';
      // A renamed id in the path is turned back into the real one.
      for (const [fake, real] of names) path = path.split(encodeURIComponent(fake)).join(real).split(fake).join(real);
      const method = req.method ?? 'GET';
      seen.push(`${method} ${path.split('?')[0]}`);
      const rule = rules.find((r) => r.times > 0 && matches(r.route, method, path.split('?')[0]));
      if (rule) rule.times--;
      const spoil = rule?.spoil;
      if (spoil?.kind === 'redirect') {
        res.writeHead(spoil.status, { location: spoil.location, 'content-length': '0' });
        res.end();
        return;
      }
      if (spoil?.kind === 'rate-limit') {
        res.writeHead(429, { 'retry-after': String(spoil.retryAfter), 'content-type': 'application/json' });
        res.end('{"message":"rate limited"}');
        return;
      }
      const headers = { ...req.headers };
      delete headers.host;
      const up = http.request(`${upstream}${path}`, { method, headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const key = `${method} ${path.split('?')[0]}`;
          handledRoutes.push(key);
          for (const w of waiters.filter((w) => matches(w.route, method, path.split('?')[0]))) w.done();
          let text = Buffer.concat(body);
          if (rename && path.startsWith('/v1/batch/jobs') && (answer.headers['content-type'] ?? '').includes('json')) {
            let s = text.toString('utf8');
            for (const m of s.matchAll(/"id":"([0-9a-f-]{36})"/g)) {
              const fake = rename(m[1]);
              names.set(fake, m[1]);
              s = s.split(`"id":"${m[1]}"`).join(`"id":${JSON.stringify(fake)}`);
            }
            text = Buffer.from(s);
          }
          const type = String(answer.headers['content-type'] ?? 'application/json');
          const status = answer.statusCode ?? 500;
          if (!spoil) {
            res.writeHead(status, { 'content-type': type, 'content-length': text.length });
            return res.end(text);
          }
          switch (spoil.kind) {
            case 'html': {
              const page = '<html><body>Please log in to the network</body></html>';
              res.writeHead(200, { 'content-type': 'text/html', 'content-length': page.length });
              return res.end(page);
            }
            case 'missing-id': {
              const json = JSON.parse(text.toString('utf8')) as Record<string, unknown>;
              delete json.id;
              const out = Buffer.from(JSON.stringify(json));
              res.writeHead(status, { 'content-type': type, 'content-length': out.length });
              return res.end(out);
            }
            case 'truncate':
              res.writeHead(status, { 'content-type': type, 'content-length': text.length });
              res.write(text.subarray(0, Math.floor(text.length / 2)));
              return void setTimeout(() => res.socket?.destroy(), 20);
            case 'stall-body':
              hanging.add(res);
              res.writeHead(status, { 'content-type': type, 'content-length': text.length });
              return void res.write(text.subarray(0, Math.floor(text.length / 2)));
            case 'stall-headers':
              return void hanging.add(res);
            case 'drop':
              return void res.socket?.destroy();
            case 'trickle': {
              hanging.add(res);
              res.writeHead(status, { 'content-type': type, 'content-length': text.length });
              let i = 0;
              const timer = setInterval(() => {
                if (i >= text.length || res.destroyed) {
                  clearInterval(timer);
                  res.end();
                  return;
                }
                res.write(text.subarray(i, ++i));
              }, spoil.everyMs);
              res.on('close', () => clearInterval(timer));
              return;
            }
          }
        });
      });
      up.on('error', () => res.socket?.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    spoil: (rule) => rules.push({ ...rule, times: rule.times ?? 1 }),
    handled: (route) => new Promise<void>((done) => {
      if (handledRoutes.some((r) => matches(route, r.split(' ')[0], r.split(' ')[1]))) return done();
      waiters.push({ route, done });
    }),
    renameJobs: (to) => {
      rename = to;
    },
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.socket?.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
