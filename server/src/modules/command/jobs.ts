/** The command module's durable jobs: the reminder and escalation steps. */
import type { Ctx } from '../../context';
import { runStep } from './step-run';
import { STEP_JOB } from './steps';

export function registerCommandJobs(ctx: Ctx) {
  ctx.jobs.handle(STEP_JOB, async (w, _job, payload) => {
    await runStep(w, payload as { instructionId: string; round: number; step: number });
  });
}
