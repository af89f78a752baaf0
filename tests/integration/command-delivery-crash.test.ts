/**
 * A server process killed mid-send (real `wangge serve` processes on one database): the messages
 * it had claimed stay `sending`; the next process, once their lease is out, re-sends them under
 * the same Idempotency-Key when the receiver honours it (each delivered once), and otherwise
 * marks them failed as interrupted without sending again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDatabase, signInHttp, startServer, type Server } from '../helpers/servers';
import { webhookServer, type Hook } from '../helpers/webhook';

const V = '/api/v1/villages/dahuashan/command';
let shared: Awaited<ReturnType<typeof sharedDatabase>>;
let hook: Hook;
let server: Server | null = null;
let members: string[] = [];

const env = (demo: '0' | '1') => ({
  ...shared.env,
  WANGGE_DEMO: demo,
  WANGGE_OUTBOUND_TIMEOUT_MS: '1500',
  WANGGE_OUTBOUND_LEASE_MS: '3000',
  WANGGE_JOB_LEASE_MS: '2000',
});

async function as(login: string) {
  const s = await signInHttp(server!.url, login);
  return async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server!.url}${url}`, {
      method,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
}

const until = async (what: string, ok: () => Promise<boolean> | boolean, ms = 60_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${ms} ms\n${server?.output() ?? ''}`);
};

const rows = (subjectId: string) =>
  shared.database.db
    .selectFrom('outboundMessages')
    .selectAll()
    .where('subjectId', '=', subjectId)
    .where('channel', '=', 'webhook')
    .execute();

async function chiefLogin() {
  const r = await shared.database.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('people', 'people.id', 'posts.personId')
    .select('people.phone')
    .where('posts.role', '=', 'chief')
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .executeTakeFirstOrThrow();
  return r.phone!;
}

beforeAll(async () => {
  shared = await sharedDatabase('delivery');
  hook = await webhookServer();
  server = await startServer(env('1'));
  members = (
    await shared.database.db
      .selectFrom('posts')
      .innerJoin('structures', 'structures.id', 'posts.structureId')
      .select('posts.personId')
      .where('structures.status', '=', 'active')
      .where('posts.validTo', 'is', null)
      .where('posts.role', '=', 'gridMember')
      .orderBy('posts.personId')
      .limit(5)
      .execute()
  ).map((r) => r.personId);
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await hook?.close();
  await shared?.dispose();
});

/** Send an instruction while the receiver hangs, kill the server once every send is in flight, start another. */
async function crashMidSend(idempotent: boolean, people: string[]) {
  const chief = await as(await chiefLogin());
  const put = await chief('PUT', `${V}/delivery`, {
    channels: ['webhook'],
    webhookUrl: `${hook.url}/sms`,
    webhookIdempotent: idempotent,
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  hook.mode = 'hang';
  const before = hook.requests.length;
  const sent = await chief('POST', `${V}/instructions`, { text: '紧急集合', targets: { personIds: people } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  await until('every send in flight', () => hook.requests.length - before >= people.length);
  await server!.kill();
  server = null;
  const stuck = await rows(sent.body.id);
  expect(stuck.map((r) => r.state)).toEqual(Array(people.length).fill('sending'));
  hook.mode = 'ok';
  server = await startServer(env('0'));
  return sent.body.id as string;
}

describe('a process killed mid-send', () => {
  it('is resumed under the same Idempotency-Key when the receiver honours it: each message delivered once', async () => {
    const id = await crashMidSend(true, members.slice(0, 3));
    await until('all sent after the lease', async () => (await rows(id)).every((r) => r.state === 'sent'));
    const done = await rows(id);
    for (const r of done) {
      const reqs = hook.requests.filter((q) => q.key === r.id);
      expect(reqs.length).toBe(2); // the one cut off by the crash, and the repeat
      expect(r.attempts).toBe(2);
    }
    expect(done.filter((r) => hook.delivered.has(r.id)).length).toBe(3);
  }, 240_000);

  it('is never sent again when the receiver does not honour the key: failed as interrupted, on the board', async () => {
    const id = await crashMidSend(false, members.slice(3, 5));
    await until('marked failed after the lease', async () => (await rows(id)).every((r) => r.state === 'failed'));
    for (const r of await rows(id)) {
      expect(r.lastError).toMatch(/^INTERRUPTED/);
      expect(hook.requests.filter((q) => q.key === r.id).length).toBe(1);
    }
    // Nothing more is sent, however long we wait past another lease.
    const count = hook.requests.length;
    await new Promise((r) => setTimeout(r, 4000));
    expect(hook.requests.length).toBe(count);
    const chief = await as(await chiefLogin());
    const board = await chief('GET', `${V}/instructions/${id}`);
    expect(board.body.deliveries.failures.map((f: { reason: string }) => f.reason.slice(0, 11))).toEqual([
      'INTERRUPTED',
      'INTERRUPTED',
    ]);
  }, 240_000);
});
