/**
 * Two `wangge serve` processes on one database: an event written through B reaches a live
 * stream on A (PostgreSQL: LISTEN/NOTIFY; SQLite: the catch-up poll of the file). Many jobs due
 * at once fire exactly once, also when a process is killed in the middle of the run (its leases
 * run out and another runner takes the jobs over): on PostgreSQL with both runners working at
 * once (SKIP LOCKED); on SQLite, whose deployments are one process, the killed server is
 * restarted. Failed sign-ins split between the processes still lock the account, and the
 * per-address limit counts the requests to both (the counts are in the database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/src/lib/ids';
import { sharedDatabase, signInHttp, startServer, type Server } from '../helpers/servers';
import { openSse } from '../helpers/sse';

let shared: Awaited<ReturnType<typeof sharedDatabase>>;
let a: Server;
let b: Server;
let villageId: string;
let chiefLogin: string;

const SIGNIN_PER_MINUTE = 10;
const env = () => ({
  ...shared.env,
  WANGGE_TEST_JOBS: '1',
  WANGGE_JOB_LEASE_MS: '1500',
  WANGGE_SIGNIN_PER_MINUTE: String(SIGNIN_PER_MINUTE),
});

beforeAll(async () => {
  shared = await sharedDatabase('multi');
  a = await startServer({ ...env(), WANGGE_DEMO: '1' });
  b = await startServer(env());
  const v = await shared.database.db.selectFrom('villages').select('id').executeTakeFirstOrThrow();
  villageId = v.id;
  const chief = await shared.database.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('people', 'people.id', 'posts.personId')
    .select('people.phone')
    .where('posts.role', '=', 'chief')
    .where('structures.status', '=', 'active')
    .where('posts.validTo', 'is', null)
    .executeTakeFirstOrThrow();
  chiefLogin = chief.phone!;
}, 300_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await shared?.dispose();
});

describe('two server processes on one database', () => {
  it('carries an event written through B to a live stream on A', async () => {
    const chiefA = await signInHttp(a.url, chiefLogin);
    const s = await openSse(`${a.url}/api/v1/villages/dahuashan/events`, { cookie: chiefA.cookie });
    expect(s.status).toBe(200);
    const chiefB = await signInHttp(b.url, chiefLogin);
    const household = await shared.database.db
      .selectFrom('households')
      .select(['id', 'number', 'kind', 'name', 'address', 'tags', 'lat', 'lng'])
      .where('villageId', '=', villageId)
      .limit(1)
      .executeTakeFirstOrThrow();
    const res = await fetch(`${b.url}/api/v1/villages/dahuashan/households/${household.id}`, {
      method: 'PUT',
      headers: { cookie: chiefB.cookie, 'x-csrf-token': chiefB.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({
        number: household.number,
        kind: household.kind,
        name: household.name,
        address: `${household.address} (B)`,
        tags: JSON.parse(household.tags),
        lat: household.lat,
        lng: household.lng,
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await s.until((x) => x.messages.some((m) => m.data?.subjectId === household.id), 15_000);
    expect(s.messages.find((m) => m.data?.subjectId === household.id)!.data.type).toMatch(/^registry\.household\./);
    s.close();
  });

  it('fires each of many due jobs exactly once, also when one process is killed mid-run', async () => {
    const n = 300;
    const due = Date.now() + 6000; // past both runners' next look at the table (every 5 s at most)
    const rows = Array.from({ length: n }, (_, i) => ({
      id: newId(),
      villageId,
      kind: 'test.fire',
      uniqueKey: `mp-${i}`,
      payload: JSON.stringify({ workMs: 15 }),
      dueAt: due,
      status: 'pending' as const,
      attempts: 0,
      maxAttempts: 10,
      lastError: null,
      claimedBy: null,
      claimedUntil: null,
      createdAt: Date.now(),
      doneAt: null,
    }));
    await shared.database.db.insertInto('jobs').values(rows).execute();
    const done = async () =>
      Number(
        (
          await shared.database.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('kind', '=', 'test.fire')
            .where('status', '=', 'done')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const pg = !!process.env.DATABASE_URL;
    if (!pg) await b.stop(); // SQLite: one process serves; it is the one that crashes
    await expect.poll(done, { timeout: 60_000, interval: 20 }).toBeGreaterThan(20);
    if (pg)
      await b.kill(); // a crash in the middle of the run; A takes over
    else {
      await a.kill();
      a = await startServer(env()); // the restarted server takes over
    }
    await expect.poll(done, { timeout: 120_000, interval: 200 }).toBe(n);
    const fired = await shared.database.db
      .selectFrom('events')
      .select(['subjectId', (eb) => eb.fn.countAll().as('times')])
      .where('type', '=', 'test.job.fired')
      .groupBy('subjectId')
      .execute();
    expect(fired.length).toBe(n);
    expect(fired.filter((f) => Number(f.times) !== 1)).toEqual([]);
    const runners = await shared.database.db
      .selectFrom('jobs')
      .select('claimedBy')
      .distinct()
      .where('kind', '=', 'test.fire')
      .execute();
    expect(runners.length).toBe(2); // both runners ran some
    const retried = await shared.database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'test.fire')
      .where('attempts', '>', 1)
      .execute();
    expect(retried.length).toBeGreaterThan(0); // the killed process's claims were taken over
  }, 240_000);

  it('locks an account after failed sign-ins split between the processes, and limits requests across both', async () => {
    // The test above crashed one of the two: both serve again.
    const alive = (s: Server) => s.proc.exitCode === null && s.proc.signalCode === null;
    if (!alive(a)) a = await startServer(env());
    if (!alive(b)) b = await startServer(env());
    const target = await shared.database.db
      .selectFrom('accounts')
      .select(['id', 'login'])
      .where('kind', '=', 'staff')
      .where('login', '!=', chiefLogin)
      .orderBy('login')
      .executeTakeFirstOrThrow();
    const post = (server: Server, url: string, body: unknown) =>
      fetch(`${server.url}/api/v1${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, code: ((await r.json()) as any).error?.code as string | undefined }));
    // Five wrong passwords at once, three through A and two through B: each counts.
    const wrong = await Promise.all(
      [a, b, a, b, a].map((s) => post(s, '/auth/sign-in', { login: target.login, password: 'not-the-password' })),
    );
    expect(wrong.map((r) => r.code)).toEqual(Array(5).fill('BAD_CREDENTIALS'));
    for (const s of [a, b]) {
      const right = await post(s, '/auth/sign-in', { login: target.login, password: 'wangge2026' });
      expect(right, 'the right password is refused on both processes').toEqual({ status: 429, code: 'ACCOUNT_LOCKED' });
    }

    // The limit per address and minute, on a route nothing else here calls: alternating between
    // the processes, the requests beyond the limit are refused, whichever process they reach.
    const statuses: number[] = [];
    for (let i = 0; i < SIGNIN_PER_MINUTE + 4; i++)
      statuses.push(
        (await post(i % 2 ? b : a, '/auth/activate', { code: 'NOPE1234', phone: '13900000000', password: 'x' })).status,
      );
    expect(statuses.filter((s) => s !== 429).length).toBe(SIGNIN_PER_MINUTE);
    expect(statuses.slice(SIGNIN_PER_MINUTE)).toEqual([429, 429, 429, 429]);
  }, 120_000);
});
