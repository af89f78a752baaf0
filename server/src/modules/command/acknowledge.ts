/** A recipient acknowledges an instruction from their phone (a quick reply or free text). */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { notFound } from '../../lib/errors';
import { recordAck } from './record-ack';
import { getInstruction } from './repo';

export async function acknowledge(ctx: Ctx, caller: Caller, instructionId: string, input: { text: string }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const i = await getInstruction(w.trx, village.id, instructionId);
    const r = await myRow(w.trx, i.id, caller);
    return recordAck(w, i, r, { channel: 'app', text: input.text, onBehalf: null });
  });
}

export async function myRow(db: import('../../db/database').Executor, instructionId: string, caller: Caller) {
  const personId = caller.actor?.personId;
  const r = personId
    ? await db
        .selectFrom('commandRecipients')
        .selectAll()
        .where('instructionId', '=', instructionId)
        .where('personId', '=', personId)
        .executeTakeFirst()
    : undefined;
  // Not a recipient: as if the instruction did not exist for them.
  if (!r) throw notFound({ zh: '指令', en: 'Instruction' }, 'instructionId');
  return r;
}
