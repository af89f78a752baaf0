import { randomBytes } from 'node:crypto';
import { createPgSchema, dropPgSchema, openDatabase, type Database } from '../../server/src/db/database';
import { migrateToLatest } from '../../server/src/db/migrate';
import { makeCtx, type Ctx } from '../../server/src/context';
import { fixedClock } from '../../server/src/lib/clock';

/** Which backend this run exercises: PostgreSQL when DATABASE_URL is set, SQLite otherwise. */
export const backend = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestDb {
  database: Database;
  ctx: Ctx;
  clock: ReturnType<typeof fixedClock>;
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated, real database: SQLite in memory, or a PostgreSQL schema of its own that is
 * dropped afterwards. Never a mock.
 */
export async function testDb(start = Date.UTC(2026, 0, 1)): Promise<TestDb> {
  const url = process.env.DATABASE_URL;
  const clock = fixedClock(start);
  if (!url) {
    const database = openDatabase({ file: ':memory:' });
    await migrateToLatest(database.db);
    return { database, ctx: makeCtx(database, clock), clock, dispose: () => database.close() };
  }
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await createPgSchema(url, schema);
  const database = openDatabase({ url, schema, poolSize: 4 });
  await migrateToLatest(database.db, schema);
  return {
    database,
    ctx: makeCtx(database, clock),
    clock,
    dispose: async () => {
      await database.close();
      await dropPgSchema(url, schema);
    },
  };
}
