/**
 * The reminder and escalation jobs of one round of an instruction: one durable job per step (not
 * per recipient), keyed by instruction, round and step, so each is made once across restarts and
 * retries; the handler (step-run.ts) looks at who is still outstanding when it runs.
 */
import type { Write } from '../../core/write';
import { stepDueAt, type Step } from './rules';

export const STEP_JOB = 'command.step';

export const stepKey = (instructionId: string, round: number, step: number) =>
  `${STEP_JOB}:${instructionId}:${round}:${step}`;

export function scheduleSteps(
  w: Write,
  i: { id: string; round: number; sentAt: number; deadlineMs: number },
  steps: Step[],
) {
  steps.forEach((s, n) =>
    w.schedule({
      kind: STEP_JOB,
      key: stepKey(i.id, i.round, n),
      dueAt: stepDueAt(s, i.sentAt, i.deadlineMs),
      payload: { instructionId: i.id, round: i.round, step: n },
    }),
  );
}

export async function cancelSteps(w: Write, i: { id: string; round: number }, steps: Step[]) {
  for (let n = 0; n < steps.length; n++) await w.cancelJob(stepKey(i.id, i.round, n));
}
