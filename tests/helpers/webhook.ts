/**
 * A local HTTP server standing in for a group robot or an SMS gateway behind a webhook. Its mode
 * says how it answers: `ok`, `fail` (500), `slow` (takes the message, answers after `slowMs`:
 * the sender times out), `hang` (takes the message, never answers). Like a receiver that honours
 * `Idempotency-Key`, it delivers each key once and counts the repeats.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | 'fail' | 'slow' | 'hang';

export interface Hook {
  url: string;
  mode: Mode;
  slowMs: number;
  requests: { key: string; url: string; headers: http.IncomingHttpHeaders; body: any; answered: Mode }[];
  /** Delivered once per key: the first request that carried it while taking messages. */
  delivered: Map<string, any>;
  close(): Promise<void>;
}

export async function webhookServer(): Promise<Hook> {
  const hangs = new Set<http.ServerResponse>();
  const hook: Hook = {
    url: '',
    mode: 'ok',
    slowMs: 2000,
    requests: [],
    delivered: new Map(),
    close: async () => {
      for (const r of hangs) r.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const body = raw ? JSON.parse(raw) : null;
      const mode = hook.mode;
      hook.requests.push({ key, url: req.url ?? '', headers: req.headers, body, answered: mode });
      if (mode !== 'fail' && !hook.delivered.has(key)) hook.delivered.set(key, body);
      if (mode === 'ok') res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
      else if (mode === 'fail') res.writeHead(500).end('{"errcode":-1}');
      else if (mode === 'slow') setTimeout(() => res.writeHead(200).end('{"errcode":0}'), hook.slowMs).unref();
      else hangs.add(res);
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return hook;
}
