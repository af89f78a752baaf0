/** The points module's durable jobs. */
import type { Ctx } from '../../context';
import { FINALISE, finaliseEntry } from './finalise';

export function registerPointsJobs(ctx: Ctx) {
  ctx.jobs.handle(FINALISE, async (w, _job, payload) => {
    await finaliseEntry(w, (payload as { entryId: string }).entryId);
  });
}
