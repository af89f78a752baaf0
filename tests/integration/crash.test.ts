/**
 * Crash safety: the real server under a mixed workload (proposals that take effect at once,
 * proposals reviewed by the evaluator, redemptions, retries of answered writes) is killed with
 * SIGKILL at a random moment, restarted, and checked — WANGGE_CRASH_CYCLES times (25 by default).
 * After every restart: the invariants hold (cover, balances equal to their entries, the hash
 * chain, the event log without gaps), every write that was answered 2xx is there with its audit
 * row and its event, a retry of it answers the same with no new effect, and no finalisation
 * timer is lost or has fired twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/src/lib/ids';
import { checkInvariants } from '../../server/src/modules/ops/invariants';
import { sharedDatabase, signInHttp, startServer, type Server } from '../helpers/servers';

const CYCLES = Number(process.env.WANGGE_CRASH_CYCLES ?? 25);
const V = '/api/v1/villages/dahuashan';

let shared: Awaited<ReturnType<typeof sharedDatabase>>;
let server: Server;
type Session = { cookie: string; csrf: string };
const sessions: Record<'gm' | 'evaluator' | 'villager', Session> = {} as never;
let households: string[] = [];
let itemId = '';
/** Writes the server answered 2xx: what was sent, and what came back. */
const answered: { url: string; body: Record<string, unknown>; who: keyof typeof sessions; response: any }[] = [];

const env = () => ({ ...shared.env, WANGGE_JOB_LEASE_MS: '2000' });

async function call(who: keyof typeof sessions, method: string, url: string, body?: unknown) {
  const s = sessions[who];
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function loginOf(role: string) {
  const r = await shared.database.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('people', 'people.id', 'posts.personId')
    .select('people.phone')
    .where('posts.role', '=', role as never)
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .orderBy('people.phone')
    .executeTakeFirstOrThrow();
  return r.phone!;
}

beforeAll(async () => {
  shared = await sharedDatabase('crash');
  server = await startServer({ ...env(), WANGGE_DEMO: '1' });
  sessions.gm = await signInHttp(server.url, await loginOf('gridMember'));
  sessions.evaluator = await signInHttp(server.url, await loginOf('evaluator'));
  const villager = await shared.database.db
    .selectFrom('accounts')
    .select(['login', 'householdId'])
    .where('kind', '=', 'villager')
    .executeTakeFirstOrThrow();
  sessions.villager = await signInHttp(server.url, villager.login);
  const list = await call('gm', 'GET', `${V}/households?pageSize=30`);
  households = list.body.items.map((h: { id: string }) => h.id);
  const items = await call('villager', 'GET', `${V}/points/shop/items`);
  itemId = items.body.items.find((i: { price: number }) => i.price <= 10).id;
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await shared?.dispose();
});

/** One client's stream of writes until the server goes away. */
async function workload(stopAt: number, seed: number) {
  let i = seed;
  while (Date.now() < stopAt) {
    i++;
    const kind = i % 5;
    const id = newId();
    const household = households[i % households.length];
    try {
      if (kind === 4) {
        const body = { id, itemId };
        const r = await call('villager', 'POST', `${V}/points/shop/redemptions`, body);
        if (r.status === 201)
          answered.push({ url: `${V}/points/shop/redemptions`, body, who: 'villager', response: r.body });
        continue;
      }
      const needsReview = kind === 3;
      const body = {
        id,
        ruleCode: needsReview ? 'H03' : 'H02',
        target: { kind: 'household', householdId: household },
        reason: `crash workload ${i}`,
        evidence: [],
      };
      const r = await call('gm', 'POST', `${V}/points/entries`, body);
      if (r.status !== 201) continue;
      answered.push({ url: `${V}/points/entries`, body, who: 'gm', response: r.body });
      if (needsReview) await call('evaluator', 'POST', `${V}/points/entries/${r.body.id}/approve`, {});
    } catch {
      return; // the server is gone
    }
  }
}

async function verify(cycle: number) {
  const db = shared.database.db;
  const report = await checkInvariants(db);
  expect(report.problems, `cycle ${cycle}`).toEqual([]);
  const ids = answered.map((a) => a.response.id as string);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const [entries, redemptions, audits, events] = await Promise.all([
      db.selectFrom('pointsEntries').select('id').where('id', 'in', chunk).execute(),
      db.selectFrom('shopRedemptions').select('id').where('id', 'in', chunk).execute(),
      db.selectFrom('auditLog').select('targetId').distinct().where('targetId', 'in', chunk).execute(),
      db.selectFrom('events').select('subjectId').distinct().where('subjectId', 'in', chunk).execute(),
    ]);
    const present = new Set([...entries, ...redemptions].map((r) => r.id));
    const audited = new Set(audits.map((r) => r.targetId));
    const announced = new Set(events.map((r) => r.subjectId));
    const missing = chunk.filter((id) => !present.has(id) || !audited.has(id) || !announced.has(id));
    expect(missing, `cycle ${cycle}: answered writes missing their row, audit or event`).toEqual([]);
  }
  const published = await db.selectFrom('pointsEntries').select('id').where('status', '=', 'published').execute();
  if (published.length) {
    const jobs = await db
      .selectFrom('jobs')
      .select('uniqueKey')
      .where('kind', '=', 'points.finalise')
      .where('status', '=', 'pending')
      .execute();
    const pending = new Set(jobs.map((j) => j.uniqueKey));
    const lost = published.filter((e) => !pending.has(`points.finalise:${e.id}`));
    expect(lost, `cycle ${cycle}: published entries whose finalisation timer is lost`).toEqual([]);
  }
  const twice = await db
    .selectFrom('events')
    .select(['subjectId', (eb) => eb.fn.countAll().as('n')])
    .where('type', '=', 'points.entry.finalised')
    .groupBy('subjectId')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  expect(twice, `cycle ${cycle}: finalised twice`).toEqual([]);
}

describe('crash safety', () => {
  it(`keeps every invariant over ${CYCLES} kill/restart cycles`, async () => {
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const runFor = 300 + Math.floor(Math.random() * 900);
      const stopAt = Date.now() + 5000;
      const clients = [0, 1, 2].map((c) => workload(stopAt, cycle * 1000 + c * 100));
      await new Promise((r) => setTimeout(r, runFor));
      await server.kill(); // SIGKILL: no shutdown, mid-transaction for all we know
      await Promise.all(clients);
      server = await startServer(env());
      // A retry of writes answered before the crash: the same answer, no new effect.
      for (const a of answered.slice(-3)) {
        const again = await call(a.who, 'POST', a.url, a.body);
        expect(again.status, `cycle ${cycle}: retry of ${a.url}`).toBe(200);
        expect(again.body.id).toBe(a.response.id);
      }
      await verify(cycle);
    }
    expect(answered.length).toBeGreaterThan(CYCLES); // the workload really wrote
  }, 3_600_000);
});
