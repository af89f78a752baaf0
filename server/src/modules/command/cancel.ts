/** Cancel an instruction: its pending reminders and escalations go with it, in the same transaction. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { conflict } from '../../lib/errors';
import { pathInScope } from '../access/scope';
import { presentInstruction } from './present';
import { getInstruction, recipientsOf } from './repo';
import type { Step } from './rules';
import { outsideScope, scopeAt } from './scope';
import { cancelSteps } from './steps';

export async function cancelInstruction(ctx: Ctx, caller: Caller, instructionId: string) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const i = await getInstruction(w.trx, village.id, instructionId);
    if (!pathInScope(await scopeAt(w.trx, caller, i.structureId, i.firstSentAt), i.path))
      throw outsideScope('instructionId');
    if (i.status !== 'open') throw conflict('INSTRUCTION_CANCELLED', '指令已撤销', 'The instruction was cancelled');
    await cancelSteps(w, i, JSON.parse(i.schedule) as Step[]);
    await w.trx
      .updateTable('commandInstructions')
      .set({ status: 'cancelled', cancelledAt: w.now })
      .where('id', '=', i.id)
      .execute();
    for (const r of await recipientsOf(w.trx, i.id))
      if (r.accountId)
        w.emit({
          type: 'command.instruction.cancelled',
          subjectType: 'commandInstruction',
          subjectId: i.id,
          accountId: r.accountId,
          path: r.path,
        });
    w.audit({ action: 'command.instruction.cancel', targetType: 'commandInstruction', targetId: i.id });
    return presentInstruction({ ...i, status: 'cancelled', cancelledAt: w.now });
  });
}
