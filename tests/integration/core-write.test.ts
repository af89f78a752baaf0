/**
 * The write envelope, the event log, idempotency and durable jobs on a real database (both
 * backends): the change, its audit row and its event commit together or not at all.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliCaller, type Caller } from '../../server/src/core/caller';
import { Replay } from '../../server/src/core/idempotency';
import { write } from '../../server/src/core/write';
import type { Village } from '../../server/src/db/types';
import { newId } from '../../server/src/lib/ids';
import { makeCtx } from '../../server/src/context';
import { systemClock } from '../../server/src/lib/clock';
import { testDb, type TestDb } from '../helpers/db';

let t: TestDb;
const village: Village = {
  id: 'v1',
  code: 'v1',
  name: '一村',
  nameEn: null,
  placeId: null,
  path: '/v1/',
  createdAt: 0,
};
const caller = (over: Partial<Caller> = {}): Caller => ({ ...cliCaller(village, 'test'), ...over });

beforeEach(async () => {
  t = await testDb();
  await t.ctx.db.insertInto('villages').values(village).execute();
});
afterEach(async () => {
  await t.ctx.jobs.stop();
  await t.ctx.events.stop();
  await t.dispose();
});

const changeVillageName = (name: string, fail?: 'before-commit') =>
  write(t.ctx, caller(), async (w) => {
    await w.trx.updateTable('villages').set({ name }).where('id', '=', village.id).execute();
    w.audit({ action: 'village.rename', targetType: 'village', targetId: village.id, after: { name } });
    w.emit({ type: 'village.renamed', subjectType: 'village', subjectId: village.id });
    if (fail) throw new Error('forced failure after the change');
    return name;
  });

const counts = async () => ({
  audit: (await t.ctx.db.selectFrom('auditLog').selectAll().execute()).length,
  events: (await t.ctx.db.selectFrom('events').selectAll().execute()).length,
  name: (await t.ctx.db.selectFrom('villages').select('name').executeTakeFirstOrThrow()).name,
});

describe('the write envelope', () => {
  it('commits the change, its audit row and its event together', async () => {
    await changeVillageName('二村');
    expect(await counts()).toEqual({ audit: 1, events: 1, name: '二村' });
    const audit = await t.ctx.db.selectFrom('auditLog').selectAll().executeTakeFirstOrThrow();
    expect(audit.actorName).toBe('cli: wangge test');
    expect(audit.accountId).toBeNull();
  });

  it('leaves none of the three when the use case fails before commit', async () => {
    await expect(changeVillageName('二村', 'before-commit')).rejects.toThrow(/forced failure/);
    expect(await counts()).toEqual({ audit: 0, events: 0, name: '一村' });
  });

  it('numbers events without gaps per village, and a write inside a write joins it', async () => {
    await write(t.ctx, caller(), async (w) => {
      w.emit({ type: 'a' });
      await write(t.ctx, caller(), async (inner) => {
        expect(inner).toBe(w);
        inner.emit({ type: 'b' });
      });
    });
    await changeVillageName('三村');
    const seqs = (await t.ctx.db.selectFrom('events').select(['seq', 'type']).orderBy('seq').execute()).map(
      (r) => `${r.seq}:${r.type}`,
    );
    expect(seqs).toEqual(['1:a', '2:b', '3:village.renamed']);
  });

  it('writes a large batch (10,000 events, 3,000 jobs, 3,000 audit rows) in one transaction', async () => {
    await write(t.ctx, caller(), async (w) => {
      for (let i = 0; i < 10_000; i++) w.emit({ type: 'batch', subjectId: `e${i}` });
      for (let i = 0; i < 3000; i++) w.schedule({ kind: 'test.batch', key: `batch-${i}`, dueAt: w.now + 1000 });
      for (let i = 0; i < 3000; i++) w.audit({ action: 'test.batch', targetId: `a${i}` });
    });
    const n = async (table: 'events' | 'jobs' | 'auditLog') =>
      Number(
        (
          await t.ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect([await n('events'), await n('jobs'), await n('auditLog')]).toEqual([10_000, 3000, 3000]);
    expect(await t.ctx.events.latest(village.id)).toBe(10_000);
  });

  it('delivers committed events to subscribers in order, and nothing of a rolled-back write', async () => {
    const seen: number[] = [];
    const sub = await t.ctx.events.subscribe(village.id, (ev) => seen.push(ev.seq));
    await changeVillageName('二村');
    await expect(changeVillageName('x', 'before-commit')).rejects.toThrow();
    await changeVillageName('三村');
    await expect.poll(() => seen).toEqual([1, 2]);
    sub.close();
  });
});

describe('one idempotency mechanism', () => {
  const keyed = (key: string, hash: string, accountId = 'acc-1', body = 'x') =>
    write(
      t.ctx,
      caller({
        idempotency: { key, route: 'POST /test', hash },
        actor: { accountId, name: 'n' } as never,
      }),
      async (w) => {
        w.emit({ type: 'keyed' });
        return { body, n: Math.random() };
      },
    );

  it('answers a retry with the first result and no new effect, and refuses another payload or caller', async () => {
    const key = newId();
    const first = await keyed(key, 'h1');
    const again = await keyed(key, 'h1').catch((e) => e);
    expect(again).toBeInstanceOf(Replay);
    expect((again as Replay).body).toEqual(first);
    await expect(keyed(key, 'h2')).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', status: 409 });
    await expect(keyed(key, 'h1', 'acc-2')).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    expect((await t.ctx.db.selectFrom('events').selectAll().execute()).length).toBe(1);
  });

  it('gives two identical requests at once one effect', async () => {
    const key = newId();
    const results = await Promise.allSettled([keyed(key, 'h'), keyed(key, 'h'), keyed(key, 'h')]);
    const done = results.filter((r) => r.status === 'fulfilled');
    const replays = results.filter((r) => r.status === 'rejected' && r.reason instanceof Replay);
    expect(done.length).toBe(1);
    expect(replays.length).toBe(2);
    expect((await t.ctx.db.selectFrom('events').selectAll().execute()).length).toBe(1);
  });
});

describe('durable jobs', () => {
  it('fires a due job once, not before its time, and retries a failure with backoff', async () => {
    const fired: string[] = [];
    let failOnce = true;
    t.ctx.jobs
      .handle('test.ok', async (w, job) => {
        fired.push(job.uniqueKey);
        w.emit({ type: 'job.fired', subjectId: job.uniqueKey });
      })
      .handle('test.flaky', async () => {
        if (failOnce) {
          failOnce = false;
          throw new Error('first attempt fails');
        }
        fired.push('flaky');
      });
    const now = t.clock.now();
    await write(t.ctx, caller(), async (w) => {
      w.schedule({ kind: 'test.ok', key: 'k1', dueAt: now + 60_000 });
      w.schedule({ kind: 'test.ok', key: 'k1', dueAt: now + 1 }); // the same key again: nothing
      w.schedule({ kind: 'test.flaky', key: 'k2', dueAt: now + 60_000 });
    });
    expect(await t.ctx.jobs.runDue()).toBe(0);
    t.clock.advance(60_000);
    expect(await t.ctx.jobs.runDue()).toBe(1);
    expect(fired).toEqual(['k1']);
    const flaky = await t.ctx.db.selectFrom('jobs').selectAll().where('uniqueKey', '=', 'k2').executeTakeFirstOrThrow();
    expect(flaky).toMatchObject({ status: 'pending', attempts: 1, lastError: 'first attempt fails' });
    expect(await t.ctx.jobs.runDue()).toBe(0); // backing off
    t.clock.advance(1000);
    expect(await t.ctx.jobs.runDue()).toBe(1);
    expect(fired).toEqual(['k1', 'flaky']);
    t.clock.advance(3_600_000);
    expect(await t.ctx.jobs.runDue()).toBe(0);
    const events = await t.ctx.db.selectFrom('events').selectAll().where('type', '=', 'job.fired').execute();
    expect(events.length).toBe(1);
  });

  it('wakes for a job when it is due (not a fixed poll): fired within 1 s of its due time', async () => {
    const live = makeCtx(t.database, systemClock);
    const firedAt: number[] = [];
    live.jobs.configure({ maxSleepMs: 60_000 }).handle('test.timer', async (w) => void firedAt.push(w.now));
    live.jobs.start();
    try {
      await new Promise((r) => setTimeout(r, 50)); // the runner has looked and found nothing: asleep
      const dueAt = Date.now() + 700;
      await write(live, caller(), async (w) => w.schedule({ kind: 'test.timer', key: 'timer-1', dueAt }));
      await expect.poll(() => firedAt.length, { timeout: 10_000, interval: 20 }).toBe(1);
      expect(firedAt[0]).toBeGreaterThanOrEqual(dueAt);
      expect(firedAt[0] - dueAt).toBeLessThan(1000);
    } finally {
      await live.jobs.stop();
    }
  });

  it('cancels a pending job by its key', async () => {
    t.ctx.jobs.handle('test.never', async () => {
      throw new Error('must not run');
    });
    await write(t.ctx, caller(), async (w) => w.schedule({ kind: 'test.never', key: 'c1', dueAt: 0 }));
    await write(t.ctx, caller(), (w) => w.cancelJob('c1'));
    expect(await t.ctx.jobs.runDue()).toBe(0);
  });
});
