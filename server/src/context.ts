import type { Database, Db } from './db/database';
import type { Clock } from './lib/clock';

/** What every use case gets: the database, the clock. Built once at start, injected in tests. */
export interface Ctx {
  database: Database;
  db: Db;
  clock: Clock;
}

export const makeCtx = (database: Database, clock: Clock): Ctx => ({ database, db: database.db, clock });
