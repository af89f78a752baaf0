import type { Database, Db } from './db/database';
import type { Clock } from './lib/clock';
import { logNotifier, type Notifier } from './modules/access/notify';
import { EventBus } from './core/events';
import { JobRunner } from './core/jobs';

/**
 * What every use case gets: the database, the clock, the message gateway, the event bus and the
 * job runner. Built once at start, injected in tests.
 */
export interface Ctx {
  database: Database;
  db: Db;
  clock: Clock;
  notifier: Notifier;
  events: EventBus;
  jobs: JobRunner;
}

export const makeCtx = (
  database: Database,
  clock: Clock,
  notifier: Notifier = logNotifier((o, m) => console.log(m, o)),
): Ctx => {
  const ctx = { database, db: database.db, clock, notifier } as Ctx;
  ctx.events = new EventBus(database);
  ctx.jobs = new JobRunner(() => ctx);
  return ctx;
};
