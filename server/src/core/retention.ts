/**
 * The core's own jobs: once a day, prune events, stored idempotency results, finished jobs and
 * rate-limit counters older than their retention (each run schedules the next; the unique key per day keeps several
 * processes from scheduling it twice). And, for tests of the runner across processes only, a
 * `test.fire` kind (optionally taking `workMs` inside its transaction) whose every run appends an event — so running twice would show.
 */
import type { Ctx } from '../context';
import { systemCaller } from './caller';
import { write, type Write } from './write';
import { registeredPurgers } from './purgers';

const DAY = 86_400_000;

export interface RetentionSettings {
  eventDays: number;
  idempotencyDays: number;
  jobDays?: number;
  /** Health data of an emergency response is removed this long after the response is closed. */
  healthDataDays?: number;
}

const retentionKey = (day: number) => `core.retention:${day}`;

export function registerCoreJobs(ctx: Ctx, settings: RetentionSettings, opts: { testJobs?: boolean } = {}) {
  ctx.jobs.handle('core.retention', async (w) => {
    const pruned = await pruneOld(w.trx, w.now, settings);
    w.audit({ action: 'core.retention', after: pruned });
    await purgeHealthData(w, settings.healthDataDays ?? 30);
    const tomorrow = Math.floor(w.now / DAY) + 1;
    w.schedule({ kind: 'core.retention', key: retentionKey(tomorrow), dueAt: tomorrow * DAY + 3 * 3_600_000 });
  });
  if (opts.testJobs)
    ctx.jobs.handle('test.fire', async (w, job, payload) => {
      const ms = (payload as { workMs?: number } | null)?.workMs ?? 0;
      if (ms) await new Promise((r) => setTimeout(r, ms)); // work that takes time, inside the transaction
      w.emit({
        type: 'test.job.fired',
        subjectType: 'job',
        subjectId: job.uniqueKey,
        villageId: job.villageId ?? undefined,
      });
    });
}

/** Every registered purger, on the responses closed longer ago than the period; one audit row per village and purger. */
async function purgeHealthData(w: Write, days: number) {
  const window = { closedBefore: w.now - days * DAY, now: w.now };
  for (const p of registeredPurgers())
    for (const r of await p.purge(w.trx, window))
      w.audit({
        villageId: r.villageId,
        action: 'retention.health_purge',
        targetType: 'purger',
        targetId: p.name,
        after: { purger: p.name, counts: r.counts, retentionDays: days, closedBefore: window.closedBefore },
      });
}

async function pruneOld(trx: import('../db/database').Tx, now: number, s: RetentionSettings) {
  const events = await trx
    .deleteFrom('events')
    .where('at', '<', now - s.eventDays * DAY)
    .executeTakeFirst();
  const keys = await trx
    .deleteFrom('idempotencyKeys')
    .where('createdAt', '<', now - s.idempotencyDays * DAY)
    .executeTakeFirst();
  const jobs = await trx
    .deleteFrom('jobs')
    .where('status', 'in', ['done', 'cancelled'])
    .where('doneAt', '<', now - (s.jobDays ?? 30) * DAY)
    .executeTakeFirst();
  const limits = await trx
    .deleteFrom('rateLimits')
    .where('windowStart', '<', now - DAY)
    .executeTakeFirst();
  return {
    rateLimits: Number(limits.numDeletedRows),
    events: Number(events.numDeletedRows),
    idempotencyKeys: Number(keys.numDeletedRows),
    jobs: Number(jobs.numDeletedRows),
  };
}

/** Make sure the daily retention job is scheduled (at start; idempotent across processes). */
export async function scheduleRetention(ctx: Ctx) {
  const today = Math.floor(ctx.clock.now() / DAY);
  await write(ctx, systemCaller(null, 'core.retention'), async (w) => {
    const pending = await w.trx
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'core.retention')
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (!pending) w.schedule({ kind: 'core.retention', key: retentionKey(today), dueAt: ctx.clock.now() });
  });
}
