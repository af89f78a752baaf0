/**
 * Outbound delivery of instructions (issue #10, point 3), in process with the injected clock: a
 * webhook that fails (500), times out, then recovers — every message delivered once (the
 * receiver sees repeats only under the same Idempotency-Key), the failures on the board with
 * their reasons while they last, secrets never answered, logged or audited; a receiver that
 * does not honour the key gets no repeat after a timeout (failed, visible); Web Push to a
 * registered subscription, and a subscription the push service says is gone is dropped.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatcherOf } from '../../server/src/modules/delivery/dispatch';
import { demoApp, type DemoApp } from '../helpers/demo-app';
import { webhookServer, type Hook } from '../helpers/webhook';

// Sized for a loaded 2-core machine: a 500 answers well within it, the slow receiver well beyond.
process.env.WANGGE_OUTBOUND_TIMEOUT_MS = '1500';
const V = '/api/v1/villages/dahuashan/command';
const SECRET = 'shh-robot-secret-42';
const KEY = 'ROBOTKEY0123456789';

let t: DemoApp;
let hook: Hook;
let members: { personId: string; login: string | null }[];

beforeAll(async () => {
  t = await demoApp();
  hook = await webhookServer();
  hook.slowMs = 4000;
  members = await t.ctx.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .leftJoin('accounts', 'accounts.personId', 'posts.personId')
    .select(['posts.personId', 'accounts.login'])
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .where('posts.role', '=', 'gridMember')
    .orderBy('posts.personId')
    .limit(4)
    .execute();
}, 120_000);
afterAll(async () => {
  await hook?.close();
  await t?.close();
});

/** Run what is due, then wait for the sends it started (real HTTP, real time). */
const pump = async () => {
  await t.ctx.jobs.runDue();
  await dispatcherOf(t.ctx)!.idle();
};
const rows = (subjectId: string, channel: string) =>
  t.ctx.db
    .selectFrom('outboundMessages')
    .selectAll()
    .where('subjectId', '=', subjectId)
    .where('channel', '=', channel)
    .execute();

describe('webhook delivery', () => {
  it('survives a failing, then slow, then healthy receiver: each message delivered once, failures shown meanwhile', async () => {
    const put = await t.call('PUT', `${V}/delivery`, {
      channels: ['webhook', 'log'],
      webhookUrl: `${hook.url}/robot/send?key=${KEY}`,
      webhookSecret: SECRET,
      webhookIdempotent: true,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.channels).toEqual(['app', 'webhook', 'log']);
    expect(JSON.stringify(put.body)).not.toContain(KEY);
    expect(JSON.stringify(put.body)).not.toContain(SECRET);
    expect(put.body.webhookSecret).toBe('••••••');

    hook.mode = 'fail';
    const sent = await t.call('POST', `${V}/instructions`, {
      text: '全体网格员立即到村委会集合',
      targets: { personIds: members.map((m) => m.personId) },
    });
    expect(sent.status).toBe(201);
    const id = sent.body.id as string;

    await pump();
    let hooks = await rows(id, 'webhook');
    expect(hooks.length).toBe(4);
    expect(hooks.map((r) => [r.state, r.lastError, r.attempts])).toEqual(Array(4).fill(['pending', 'HTTP 500', 1]));
    expect((await rows(id, 'log')).every((r) => r.state === 'sent')).toBe(true);
    let board = await t.call('GET', `${V}/instructions/${id}`);
    expect(board.body.deliveries.channels).toContainEqual({
      channel: 'webhook',
      pending: 4,
      sending: 0,
      sent: 0,
      failed: 0,
    });
    expect(board.body.deliveries.failures.map((f: { reason: string }) => f.reason)).toEqual(Array(4).fill('HTTP 500'));

    // The receiver takes the messages but answers too late: the sender times out and retries.
    hook.mode = 'slow';
    t.clock.advance(1000);
    await pump();
    hooks = await rows(id, 'webhook');
    expect(hooks.map((r) => r.lastError)).toEqual(Array(4).fill('TIMEOUT'));
    board = await t.call('GET', `${V}/instructions/${id}`);
    expect(board.body.deliveries.failures.every((f: { retryAt: number }) => f.retryAt > t.clock.now())).toBe(true);

    hook.mode = 'ok';
    t.clock.advance(2000);
    await pump();
    hooks = await rows(id, 'webhook');
    expect(hooks.map((r) => [r.state, r.attempts])).toEqual(Array(4).fill(['sent', 3]));

    // Each message was delivered once, under its own id; the repeats carried the same key.
    expect(hook.delivered.size).toBe(4);
    expect(new Set(hook.delivered.keys())).toEqual(new Set(hooks.map((r) => r.id)));
    expect(hook.requests.length).toBe(12);
    const first = [...hook.delivered.values()][0];
    expect(first.msgtype).toBe('text');
    expect(first.text.content).toContain('全体网格员立即到村委会集合');
    // Signed like a DingTalk robot, and the body's HMAC.
    expect(hook.requests[0].url).toMatch(/timestamp=\d+&sign=/);
    expect(String(hook.requests[0].headers['x-wangge-signature'])).toMatch(/^sha256=[0-9a-f]{64}$/);
    board = await t.call('GET', `${V}/instructions/${id}`);
    expect(board.body.deliveries.channels).toContainEqual({
      channel: 'webhook',
      pending: 0,
      sending: 0,
      sent: 4,
      failed: 0,
    });
    expect(board.body.deliveries.failures).toEqual([]);

    // Nothing more happens however often the jobs run again; the secret is nowhere in the log.
    t.clock.advance(60_000);
    await pump();
    expect(hook.requests.length).toBe(12);
    const audit = await t.ctx.db.selectFrom('auditLog').select(['before', 'after']).execute();
    const dump =
      JSON.stringify(audit) +
      JSON.stringify(await t.ctx.db.selectFrom('outboundMessages').select('lastError').execute());
    expect(dump).not.toContain(SECRET);
    expect(dump).not.toContain(KEY);
    expect(dump).toContain('webhookIdempotent'); // the settings change is audited, masked
  });

  it('does not repeat a timed-out send to a receiver that ignores Idempotency-Key: failed, with the reason', async () => {
    const put = await t.call('PUT', `${V}/delivery`, { channels: ['webhook'], webhookIdempotent: false });
    expect(put.body.webhookUrl).toContain('127.0.0.1');
    hook.mode = 'slow';
    const sent = await t.call('POST', `${V}/instructions`, {
      text: '请立即回电',
      targets: { personIds: [members[0].personId] },
    });
    await pump();
    t.clock.advance(60_000);
    await pump();
    const [row] = await rows(sent.body.id, 'webhook');
    expect(row.state).toBe('failed');
    expect(row.lastError).toMatch(/^TIMEOUT: not repeated/);
    expect(hook.requests.filter((r) => r.key === row.id).length).toBe(1);
    const board = await t.call('GET', `${V}/instructions/${sent.body.id}`);
    expect(board.body.deliveries.failures).toMatchObject([
      { personId: members[0].personId, state: 'failed', channel: 'webhook' },
    ]);
    hook.mode = 'ok';
  });
});

describe('web push', () => {
  it('pushes to the subscription an account registered, and drops one the service says is gone', async () => {
    const got: { headers: http.IncomingHttpHeaders; status: number }[] = [];
    let answer = 201;
    const push = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        got.push({ headers: req.headers, status: answer });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => push.listen(0, '127.0.0.1', () => r()));
    const endpoint = `http://127.0.0.1:${(push.address() as AddressInfo).port}/push/abc`;
    try {
      const m = await t.as({ login: members[1].login! });
      const key = await m('GET', '/api/v1/push/vapid-public-key');
      expect(key.status).toBe(200);
      expect(key.body.publicKey.length).toBeGreaterThan(60);
      // A valid P-256 public key and auth secret, as a browser would give.
      const { createECDH, randomBytes } = await import('node:crypto');
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const keys = { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
      const sub = await m('POST', '/api/v1/push/subscriptions', { endpoint, keys });
      expect(sub.status, JSON.stringify(sub.body)).toBe(201);

      await t.call('PUT', `${V}/delivery`, { channels: ['webpush'] });
      const sent = await t.call('POST', `${V}/instructions`, {
        text: '集合',
        targets: { personIds: [members[1].personId, members[2].personId] },
      });
      await pump();
      // Only the subscribed one gets a push row; it is sent with VAPID and a topic.
      const [row, ...more] = await rows(sent.body.id, 'webpush');
      expect(more).toEqual([]);
      expect(row, String(row.lastError)).toMatchObject({ personId: members[1].personId, state: 'sent' });
      expect(got.length).toBe(1);
      expect(String(got[0].headers.authorization)).toMatch(/^vapid t=/);
      expect(got[0].headers.topic).toBeTruthy();

      answer = 410;
      const again = await t.call('POST', `${V}/instructions`, {
        text: '再次集合',
        targets: { personIds: [members[1].personId] },
      });
      await pump();
      const [gone] = await rows(again.body.id, 'webpush');
      expect(gone).toMatchObject({ state: 'failed', lastError: 'HTTP 410' });
      expect(await t.ctx.db.selectFrom('pushSubscriptions').selectAll().execute()).toEqual([]);
    } finally {
      await new Promise<void>((r) => push.close(() => r()));
    }
  });
});
