import type { Database, Db } from './db/database';
import type { Clock } from './lib/clock';
import { logNotifier, type Notifier } from './modules/access/notify';

/** What every use case gets: the database, the clock, the message gateway. Built once at start, injected in tests. */
export interface Ctx {
  database: Database;
  db: Db;
  clock: Clock;
  notifier: Notifier;
}

export const makeCtx = (
  database: Database,
  clock: Clock,
  notifier: Notifier = logNotifier((o, m) => console.log(m, o)),
): Ctx => ({
  database,
  db: database.db,
  clock,
  notifier,
});
