/** The command module's durable jobs (the reminder and escalation steps) and its health-data purger. */
import type { Ctx } from '../../context';
import { runStep } from './step-run';
import { STEP_JOB } from './steps';
import { registerCommandPurger } from './purge';

export function registerCommandJobs(ctx: Ctx) {
  registerCommandPurger();
  ctx.jobs.handle(STEP_JOB, async (w, _job, payload) => {
    await runStep(w, payload as { instructionId: string; round: number; step: number });
  });
}
