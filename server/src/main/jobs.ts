/**
 * Every module's durable job handlers, registered in one place; the runner (ctx.jobs) is started
 * by the serve command and driven by the injected clock in tests (`ctx.jobs.runDue()`).
 */
import type { Ctx } from '../context';
import { registerCommandJobs } from '../modules/command/jobs';
import { registerDeliveryJobs } from '../modules/delivery/dispatch';
import { registerPointsJobs } from '../modules/points/jobs';

export function registerJobs(ctx: Ctx) {
  registerPointsJobs(ctx);
  registerCommandJobs(ctx);
  registerDeliveryJobs(ctx);
}
