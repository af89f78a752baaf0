/**
 * Background work driven by times stored in the database (so nothing is lost on a restart):
 * entries whose publication period has passed become final. Each run is idempotent.
 */
import type { Ctx } from '../context';
import { finaliseDue } from '../modules/points/review';

export async function runDueJobs(ctx: Ctx) {
  const villages = await ctx.db.selectFrom('pointsSettings').select('villageId').execute();
  let finalised = 0;
  for (const v of villages) finalised += await finaliseDue(ctx, v.villageId);
  return { finalised };
}

export function startJobs(ctx: Ctx, log: (msg: string, err?: unknown) => void, everyMs = 60_000) {
  const tick = () => runDueJobs(ctx).catch((err) => log('background jobs failed', err));
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
