/**
 * A leader records an acknowledgement for someone they reached another way ("电话已通知"): marked
 * as on behalf, with who recorded it; only for recipients in the leader's subtree (then or now).
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { notFound } from '../../lib/errors';
import { recordAck } from './record-ack';
import { getInstruction } from './repo';
import { outsideScope, personInScope } from './scope';

export async function ackOnBehalf(
  ctx: Ctx,
  caller: Caller,
  instructionId: string,
  input: { personId: string; text: string },
) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const i = await getInstruction(w.trx, village.id, instructionId);
    const r = await w.trx
      .selectFrom('commandRecipients')
      .selectAll()
      .where('instructionId', '=', i.id)
      .where('personId', '=', input.personId)
      .executeTakeFirst();
    if (!r) throw notFound({ zh: '接收人', en: 'Recipient' }, 'personId');
    if (!(await personInScope(w.trx, caller, village.id, r.personId, r.path))) throw outsideScope('personId');
    return recordAck(w, i, r, {
      channel: 'phone',
      text: input.text,
      onBehalf: { accountId: caller.actor?.accountId ?? null, name: caller.actor?.name ?? caller.operator ?? '' },
    });
  });
}
