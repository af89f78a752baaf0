/**
 * The one place an acknowledgement is recorded (by the recipient, or by a leader on their
 * behalf): the recipient's row, the ack fact for the timeline, the counters on the instruction
 * and every node above, and the event the board listens for — in the caller's transaction. An
 * acknowledgement already recorded in this round is answered as it stands (one ack, however
 * often the phone retries).
 */
import type { Write } from '../../core/write';
import type { CommandInstruction, CommandRecipient } from '../../db/types';
import { conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { bump } from './repo';

export interface AckBy {
  channel: string;
  text: string;
  /** A leader recording it for the recipient ("电话已通知"). */
  onBehalf: { accountId: string | null; name: string } | null;
}

export async function recordAck(w: Write, i: CommandInstruction, r: CommandRecipient, by: AckBy) {
  if (i.status !== 'open') throw conflict('INSTRUCTION_CANCELLED', '指令已撤销', 'The instruction was cancelled');
  if (r.ackedAt !== null && r.ackRound === i.round) {
    const now = await w.trx
      .selectFrom('commandInstructions')
      .select(['acknowledged', 'recipients'])
      .where('id', '=', i.id)
      .executeTakeFirstOrThrow();
    return { recipientId: r.id, ackedAt: r.ackedAt, ...now };
  }
  const res = await w.trx
    .updateTable('commandRecipients')
    .set({
      ackedAt: w.now,
      ackChannel: by.channel,
      ackText: by.text,
      ackOnBehalfBy: by.onBehalf?.accountId ?? null,
      ackOnBehalfName: by.onBehalf?.name ?? null,
      ackRound: i.round,
      // acknowledging means the app had it and it was opened
      deliveredAt: r.deliveredAt ?? w.now,
      readAt: r.readAt ?? w.now,
    })
    .where('id', '=', r.id)
    .where((eb) => eb.or([eb('ackRound', 'is', null), eb('ackRound', '!=', i.round)]))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) {
    await bump(w.trx, i.id, r.path, 'acknowledged', 1);
    if (r.deliveredAt === null) await bump(w.trx, i.id, r.path, 'delivered', 1);
    if (r.readAt === null) await bump(w.trx, i.id, r.path, 'read', 1);
    await w.trx
      .insertInto('commandAcks')
      .values({
        id: newId(),
        instructionId: i.id,
        round: i.round,
        recipientId: r.id,
        at: w.now,
        onBehalf: by.onBehalf ? 1 : 0,
      })
      .execute();
  }
  const counts = await w.trx
    .selectFrom('commandInstructions')
    .select(['acknowledged', 'recipients'])
    .where('id', '=', i.id)
    .executeTakeFirstOrThrow();
  w.emit({
    type: 'command.recipient.acknowledged',
    subjectType: 'commandInstruction',
    subjectId: i.id,
    accountId: i.senderAccountId,
    path: r.path,
    payload: { instructionId: i.id, recipientId: r.id, round: i.round, ...counts },
  });
  w.audit({
    action: by.onBehalf ? 'command.instruction.ack-on-behalf' : 'command.instruction.ack',
    targetType: 'commandRecipient',
    targetId: r.id,
    // Not the reply's text: it may be a health fact, purged with the row after the emergency
    // (the audit log is kept for ever).
    after: { channel: by.channel, round: i.round },
  });
  return { recipientId: r.id, ackedAt: w.now, ...counts };
}
