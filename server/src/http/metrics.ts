/**
 * Prometheus metrics at `GET /api/metrics`: requests and their latency by route and status,
 * errors by code, the event log (written, delivered, lag), jobs (pending, due, late, failed),
 * the delivery outbox (outgoing messages by channel and state) and the database pool. Served to
 * loopback callers, or to anyone presenting `Authorization: Bearer $WANGGE_METRICS_TOKEN` when
 * that is set.
 */
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Ctx } from '../context';
import { AppError } from '../lib/errors';
import { fileResponse } from './contracts';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export function installMetrics(app: FastifyInstance, ctx: Ctx, opts: { token?: string } = {}) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'wangge_' });
  const requests = new client.Histogram({
    name: 'wangge_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new client.Counter({
    name: 'wangge_http_errors_total',
    help: 'Error answers by status class and code',
    labelNames: ['status', 'code'],
    registers: [registry],
  });
  const events = new client.Counter({
    name: 'wangge_events_seen_total',
    help: 'Events committed or heard by this process',
    registers: [registry],
  });
  const eventLag = new client.Gauge({
    name: 'wangge_event_lag_seconds',
    help: 'Age of the newest event when this process saw it',
    registers: [registry],
  });
  ctx.events.onCommit((rows) => {
    events.inc(rows.length);
    eventLag.set(Math.max(0, (ctx.clock.now() - rows[rows.length - 1].at) / 1000));
  });
  const jobs = new client.Gauge({
    name: 'wangge_jobs',
    help: 'Jobs by state: pending, due (pending and past their time), late (due for over 5 s), failed',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const now = ctx.clock.now();
      const count = async (q: ReturnType<typeof base>) =>
        Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const base = () => ctx.db.selectFrom('jobs');
      const pending = () => base().where('status', '=', 'pending');
      this.set({ state: 'pending' }, await count(pending()));
      this.set({ state: 'due' }, await count(pending().where('dueAt', '<=', now)));
      this.set({ state: 'late' }, await count(pending().where('dueAt', '<=', now - 5000)));
      this.set({ state: 'failed' }, await count(base().where('status', '=', 'failed')));
    },
  });
  void jobs;
  new client.Gauge({
    name: 'wangge_outbound_messages',
    help: 'Outgoing messages (webhook, Web Push, log) by channel and state: the delivery outbox',
    labelNames: ['channel', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await ctx.db
        .selectFrom('outboundMessages')
        .select(['channel', 'state', (eb) => eb.fn.countAll().as('n')])
        .groupBy(['channel', 'state'])
        .execute();
      for (const r of rows) this.set({ channel: r.channel, state: r.state }, Number(r.n));
    },
  });
  const pool = ctx.database.pool;
  if (pool)
    new client.Gauge({
      name: 'wangge_db_pool_connections',
      help: 'PostgreSQL pool connections: total, idle, waiting clients',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    requests.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.addHook('onError', async (_req, _reply, err) => {
    const app = err instanceof AppError;
    const code = app ? err.code : ((err as { code?: string }).code ?? 'INTERNAL');
    const status = app ? err.status : ((err as { statusCode?: number }).statusCode ?? 500);
    errors.inc({ status: `${String(status)[0]}xx`, code });
  });

  const schema = {
    tags: ['health'],
    summary: '运行指标（Prometheus 文本）/ Metrics (Prometheus text)',
    response: { 200: fileResponse('Prometheus text exposition', 'text/plain') },
  };
  app.get('/api/metrics', { config: { policy: 'public' }, schema }, async (req, reply) => {
    const bearer = req.headers.authorization?.replace(/^Bearer\s+/, '');
    const allowed = LOOPBACK.test(req.ip) || (!!opts.token && bearer === opts.token);
    if (!allowed) throw new AppError(403, 'FORBIDDEN', '无权查看运行指标', 'Metrics are not open to this caller');
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}
