/**
 * The database observer (db/observe.ts): round trips counted, and the writes this process made
 * reported once committed (what the access cache invalidates on), never those rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { WriteFact } from '../../server/src/db/observe';
import { newId } from '../../server/src/lib/ids';
import { testDb, type TestDb } from '../helpers/db';

describe('database observer', () => {
  let t: TestDb;
  let facts: WriteFact[][] = [];
  const villageId = newId();
  beforeAll(async () => {
    t = await testDb();
    t.database.observer.onWrite((f) => void facts.push(f));
    await t.ctx.db
      .insertInto('villages')
      .values({ id: villageId, code: 'obs', name: '观察村', nameEn: null, placeId: null, path: '/obs', createdAt: 0 })
      .execute();
  });
  afterAll(async () => t.dispose());

  const trips = async (f: () => Promise<unknown>) => {
    const before = t.database.observer.roundTrips;
    await f();
    return t.database.observer.roundTrips - before;
  };

  it('counts every statement and each BEGIN and COMMIT', async () => {
    expect(await trips(() => t.ctx.db.selectFrom('villages').selectAll().execute())).toBe(1);
    expect(
      await trips(() =>
        t.ctx.db.transaction().execute(async (trx) => {
          await trx.selectFrom('villages').selectAll().execute();
          await trx.updateTable('villages').set({ name: '观察村一' }).where('id', '=', villageId).execute();
        }),
      ),
    ).toBe(4);
  });

  it('reports a transaction’s writes at its commit, with the columns an update sets, and nothing rolled back', async () => {
    facts = [];
    await t.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('villages').set({ nameEn: 'Watch' }).where('id', '=', villageId).execute();
      expect(facts).toEqual([]); // not before the commit
    });
    expect(facts).toEqual([[{ table: 'villages', op: 'update', columns: ['name_en'] }]]);

    facts = [];
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('villages').set({ name: 'x' }).where('id', '=', villageId).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(facts).toEqual([]);
  });

  it('reports autocommitted statements, upserts and raw SQL; reads report nothing', async () => {
    facts = [];
    await t.ctx.db.selectFrom('villages').selectAll().execute();
    await sql`select 1`.execute(t.ctx.db);
    expect(facts).toEqual([]);
    await t.ctx.db
      .insertInto('eventCounters')
      .values({ villageId, lastSeq: 1 })
      .onConflict((oc) => oc.column('villageId').doUpdateSet({ lastSeq: 2 }))
      .execute();
    await sql`update villages set name = ${'观察村二'} where id = ${villageId}`.execute(t.ctx.db);
    await t.ctx.db.deleteFrom('eventCounters').where('villageId', '=', villageId).execute();
    expect(facts).toEqual([
      [
        { table: 'event_counters', op: 'insert', columns: null },
        { table: 'event_counters', op: 'update', columns: ['last_seq'] },
      ],
      [{ table: 'villages', op: 'update', columns: null }],
      [{ table: 'event_counters', op: 'delete', columns: null }],
    ]);
  });
});
