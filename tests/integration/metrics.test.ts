/** Prometheus metrics: requests by route, jobs, events; closed to callers off the machine without the token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCaller } from '../../server/src/core/caller';
import { write } from '../../server/src/core/write';
import { buildApp, type App } from '../../server/src/http/app';
import { testDb, type TestDb } from '../helpers/db';

let t: TestDb;
let app: App;
beforeAll(async () => {
  t = await testDb();
  app = await buildApp(t.ctx, { webDir: null, metricsToken: 'metrics-secret-0123456789' });
});
afterAll(async () => {
  await app.close();
  await t.dispose();
});

describe('/api/metrics', () => {
  it('serves Prometheus text with requests by route, jobs, events and the delivery outbox', async () => {
    await app.inject({ url: '/api/health' });
    await app.inject({ url: '/api/v1/villages/nowhere/households' }); // a 401
    await write(t.ctx, cliCaller(null, 'test'), async (w) => {
      w.schedule({ kind: 'test.none', key: 'm1', dueAt: 0 });
      w.emit({ type: 'test.metric', villageId: 'v-metrics' });
    });
    const message = (id: string, state: 'pending' | 'failed') => ({
      id,
      villageId: 'v-metrics',
      personId: 'p1',
      accountId: null,
      channel: 'webhook',
      subjectType: 'instruction',
      subjectId: 'i1',
      textCode: 'instruction.new',
      params: '{}',
      dedupeKey: id,
      state,
      attempts: 0,
      lastError: null,
      createdAt: 0,
      sentAt: null,
    });
    await t.ctx.db
      .insertInto('outboundMessages')
      .values([message('m1', 'pending'), message('m2', 'pending'), message('m3', 'failed')])
      .execute();
    const res = await app.inject({ url: '/api/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/wangge_outbound_messages\{channel="webhook",state="pending"\} 2/);
    expect(res.body).toMatch(/wangge_outbound_messages\{channel="webhook",state="failed"\} 1/);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toMatch(
      /wangge_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} 1/,
    );
    expect(res.body).toMatch(/wangge_http_errors_total\{status="4xx",code="UNAUTHENTICATED"\} 1/);
    expect(res.body).toMatch(/wangge_jobs\{state="due"\} 1/);
    expect(res.body).toMatch(/wangge_events_seen_total 1/);
  });

  it('refuses a caller off the machine without the token, and serves one with it', async () => {
    const away = await app.inject({ url: '/api/metrics', remoteAddress: '203.0.113.9' });
    expect(away.statusCode).toBe(403);
    expect(away.json().error.code).toBe('FORBIDDEN');
    const withToken = await app.inject({
      url: '/api/metrics',
      remoteAddress: '203.0.113.9',
      headers: { authorization: 'Bearer metrics-secret-0123456789' },
    });
    expect(withToken.statusCode).toBe(200);
  });
});
