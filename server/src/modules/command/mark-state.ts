/**
 * The recipient's app reports that it received (delivered) or opened (read) the instruction:
 * the first time counts, with its time and channel; repeats change nothing.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { myRow } from './acknowledge';
import { bump, getInstruction } from './repo';

export async function markState(ctx: Ctx, caller: Caller, instructionId: string, state: 'delivered' | 'read') {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const i = await getInstruction(w.trx, village.id, instructionId);
    const r = await myRow(w.trx, i.id, caller);
    const firstDelivery = r.deliveredAt === null;
    const firstRead = state === 'read' && r.readAt === null;
    if (!firstDelivery && !firstRead) return { recipientId: r.id, at: state === 'read' ? r.readAt : r.deliveredAt };
    await w.trx
      .updateTable('commandRecipients')
      .set({
        deliveredAt: r.deliveredAt ?? w.now,
        deliveredChannel: r.deliveredChannel ?? 'app',
        ...(firstRead ? { readAt: w.now, readChannel: 'app' } : {}),
      })
      .where('id', '=', r.id)
      .execute();
    if (firstDelivery) await bump(w.trx, i.id, r.path, 'delivered', 1);
    if (firstRead) await bump(w.trx, i.id, r.path, 'read', 1);
    w.emit({
      type: `command.recipient.${state}`,
      subjectType: 'commandInstruction',
      subjectId: i.id,
      accountId: i.senderAccountId,
      path: r.path,
      payload: { instructionId: i.id, recipientId: r.id },
    });
    return { recipientId: r.id, at: w.now };
  });
}
