/**
 * Graceful shutdown of a real `wangge serve` process: with a slow request in flight and a job
 * running (and another claimed but not begun), SIGTERM lets the request get its answer and the
 * running job finish exactly once, gives the other job back unclaimed, and exits 0; the next
 * server runs the job given back, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/src/lib/ids';
import { sharedDatabase, startServer, type Server } from '../helpers/servers';

let shared: Awaited<ReturnType<typeof sharedDatabase>>;
let server: Server | undefined;
const villageId = newId();
const env = () => ({ ...shared.env, WANGGE_TEST_JOBS: '1', LOG_LEVEL: 'info' });

beforeAll(async () => {
  shared = await sharedDatabase('shutdown');
  await shared.database.db
    .insertInto('villages')
    .values({
      id: villageId,
      code: 'SD01',
      name: '停机村',
      nameEn: null,
      placeId: null,
      path: `/${villageId}`,
      createdAt: Date.now(),
    })
    .execute();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await shared?.dispose();
});

const job = (key: string, workMs: number) => ({
  id: newId(),
  villageId,
  kind: 'test.fire',
  uniqueKey: key,
  payload: JSON.stringify({ workMs }),
  dueAt: Date.now(),
  status: 'pending' as const,
  attempts: 0,
  maxAttempts: 10,
  lastError: null,
  claimedBy: null,
  claimedUntil: null,
  createdAt: Date.now(),
  doneAt: null,
});

const jobRow = (key: string) =>
  shared.database.db.selectFrom('jobs').selectAll().where('uniqueKey', '=', key).executeTakeFirstOrThrow();
const fired = async (key: string) =>
  (
    await shared.database.db
      .selectFrom('events')
      .select('seq')
      .where('type', '=', 'test.job.fired')
      .where('subjectId', '=', key)
      .execute()
  ).length;

describe('graceful shutdown', () => {
  it('answers the request in flight, finishes the running job once, gives back the unbegun one, exits 0', async () => {
    server = await startServer(env());
    // SQLite runs one job at a time; PostgreSQL four: enough long jobs that one is still unbegun.
    const width = process.env.DATABASE_URL ? 4 : 1;
    const keys = Array.from({ length: width + 1 }, (_, i) => `sd-${i}`);
    await shared.database.db
      .insertInto('jobs')
      .values(keys.map((k) => job(k, 2500)))
      .execute();
    // The jobs are running: claimed, their transactions open for 2.5 s.
    const rows = () => shared.database.db.selectFrom('jobs').selectAll().where('uniqueKey', 'in', keys).execute();
    await expect
      .poll(async () => (await rows()).filter((j) => j.claimedBy).length, { timeout: 60_000, interval: 20 })
      .toBe(keys.length);

    const slow = fetch(`${server.url}/api/test/slow?ms=2000`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    // The request has reached the server (its request log line is out) before the signal.
    await expect.poll(() => server!.output().includes('/api/test/slow'), { timeout: 30_000, interval: 20 }).toBe(true);
    const stopped = server.stop(); // SIGTERM
    // No new connection is accepted while it drains.
    await expect
      .poll(
        () =>
          fetch(`${server!.url}/api/health`).then(
            (r) => r.status,
            () => 'refused',
          ),
        {
          timeout: 10_000,
          interval: 50,
        },
      )
      .not.toBe(200);
    expect(await slow).toEqual({ status: 200, body: { sleptMs: 2000 } });
    await stopped;
    expect(server.exitCode(), server.output()).toBe(0);

    const after = await rows();
    const done = after.filter((j) => j.status === 'done');
    expect(done.length).toBe(width); // the running ones finished …
    for (const j of done) {
      expect(j.attempts).toBe(1);
      expect(await fired(j.uniqueKey), j.uniqueKey).toBe(1); // … once
    }
    const back = after.filter((j) => j.status !== 'done');
    expect(back).toEqual([
      expect.objectContaining({ status: 'pending', claimedBy: null, claimedUntil: null, attempts: 0 }),
    ]);
    expect(await fired(back[0].uniqueKey)).toBe(0); // the unbegun one was given back, not run

    // The next server runs what was given back, once, at once (no lease to wait out).
    server = await startServer(env());
    await expect
      .poll(async () => (await jobRow(back[0].uniqueKey)).status, { timeout: 60_000, interval: 50 })
      .toBe('done');
    for (const k of keys) expect(await fired(k), k).toBe(1);
  }, 240_000);
});
