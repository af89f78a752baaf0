/**
 * Amend an instruction: a follow-up in the same thread. Everyone must acknowledge again, so the
 * acknowledgements are cleared, the round advances, the old round's steps are cancelled and the
 * new round's scheduled from now.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { pathInScope } from '../access/scope';
import { send } from './outbound';
import { presentInstruction } from './present';
import { getInstruction, recipientsOf, resetAcks } from './repo';
import type { Step } from './rules';
import { outsideScope, scopeAt } from './scope';
import { cancelSteps, scheduleSteps } from './steps';

export async function amendInstruction(ctx: Ctx, caller: Caller, instructionId: string, input: { text: string }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const i = await getInstruction(w.trx, village.id, instructionId);
    if (!pathInScope(await scopeAt(w.trx, caller, i.structureId, i.firstSentAt), i.path))
      throw outsideScope('instructionId');
    if (i.status !== 'open') throw conflict('INSTRUCTION_CANCELLED', '指令已撤销', 'The instruction was cancelled');
    const steps = JSON.parse(i.schedule) as Step[];
    await cancelSteps(w, i, steps);
    await resetAcks(w.trx, i.id);
    const round = i.round + 1;
    await w.trx.updateTable('commandInstructions').set({ round, sentAt: w.now }).where('id', '=', i.id).execute();
    const byName = caller.actor?.name ?? caller.operator ?? '';
    await w.trx
      .insertInto('commandMessages')
      .values({ id: newId(), instructionId: i.id, round, text: input.text, at: w.now, byName })
      .execute();
    const next = { ...i, round, sentAt: w.now, acknowledged: 0 };
    scheduleSteps(w, next, steps);
    const recipients = await recipientsOf(w.trx, i.id);
    await send(
      w,
      recipients.map((r) => ({
        personId: r.personId,
        accountId: r.accountId,
        path: r.path,
        subjectType: 'commandInstruction',
        subjectId: i.id,
        textCode: 'command.instruction.amended',
        params: { instructionId: i.id, round },
        key: `instruction:${i.id}:${round}:${r.personId}`,
        eventType: 'command.instruction.sent',
      })),
    );
    w.audit({
      action: 'command.instruction.amend',
      targetType: 'commandInstruction',
      targetId: i.id,
      after: { round, text: input.text },
    });
    return presentInstruction(next);
  });
}
