/**
 * Two `wangge serve` processes on one database: an event written through B reaches a live
 * stream on A (PostgreSQL: LISTEN/NOTIFY; SQLite: the catch-up poll of the file). Many jobs due
 * at once fire exactly once, also when a process is killed in the middle of the run (its leases
 * run out and another runner takes the jobs over): on PostgreSQL with both runners working at
 * once (SKIP LOCKED); on SQLite, whose deployments are one process, the killed server is
 * restarted.
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

const env = () => ({ ...shared.env, WANGGE_TEST_JOBS: '1', WANGGE_JOB_LEASE_MS: '1500' });

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
});
