/**
 * Send an instruction: resolve the recipients from the active structure, record one row per
 * recipient and the per-node counters, schedule the round's reminder and escalation steps, and
 * tell every recipient's app — all in one transaction.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { insertMany } from '../../db/bulk';
import { conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { send } from './outbound';
import { presentInstruction } from './present';
import { activeStructureId } from './repo';
import { openResponseFor } from './response-scope';
import { resolveRecipients } from './resolve-recipients';
import { DEFAULT_DEADLINE_MS, DEFAULT_SCHEDULE, perNodeCounts } from './rules';
import type { SendBody } from './schema';
import { sendBody } from './schema';
import { scheduleSteps } from './steps';

export async function sendInstruction(ctx: Ctx, caller: Caller, raw: SendBody) {
  const input = sendBody.parse(raw);
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    if (input.responseId) await openResponseFor(w.trx, caller, village.id, input.responseId);
    const structureId = await activeStructureId(w.trx, village.id);
    const { roots, nodes, recipients } = await resolveRecipients(w.trx, caller, structureId, input.targets);
    if (!recipients.length)
      throw conflict('NO_RECIPIENTS', '没有符合条件的接收人', 'Nobody matches the targets', 'targets');
    const schedule = input.schedule ?? DEFAULT_SCHEDULE;
    const deadlineMs = input.deadlineMinutes ? Math.round(input.deadlineMinutes * 60_000) : DEFAULT_DEADLINE_MS;
    const row = {
      id: newId(),
      villageId: village.id,
      responseId: input.responseId ?? null,
      structureId,
      path: roots[0].path,
      text: input.text,
      targets: JSON.stringify(input.targets),
      schedule: JSON.stringify(schedule),
      deadlineMs,
      status: 'open' as const,
      round: 1,
      senderAccountId: caller.actor?.accountId ?? null,
      senderPersonId: caller.actor?.personId ?? null,
      senderName: caller.actor?.name ?? caller.operator ?? '',
      sentAt: w.now,
      firstSentAt: w.now,
      cancelledAt: null,
      recipients: recipients.length,
      delivered: 0,
      read: 0,
      acknowledged: 0,
    };
    await w.trx.insertInto('commandInstructions').values(row).execute();
    await w.trx
      .insertInto('commandMessages')
      .values({ id: newId(), instructionId: row.id, round: 1, text: input.text, at: w.now, byName: row.senderName })
      .execute();
    const rows = recipients.map((r) => ({
      id: newId(),
      instructionId: row.id,
      ...r,
      sentAt: w.now,
      deliveredAt: null,
      deliveredChannel: null,
      readAt: null,
      readChannel: null,
      ackedAt: null,
      ackChannel: null,
      ackText: null,
      ackOnBehalfBy: null,
      ackOnBehalfName: null,
      ackRound: null,
    }));
    await insertMany(ctx.database, w.trx, 'commandRecipients', rows);

    // Every node above a recipient gets a counter row: the roll-up reads them directly.
    const pathOf = new Map(nodes.map((n) => [n.id, n.path]));
    await insertMany(
      ctx.database,
      w.trx,
      'commandNodeCounts',
      perNodeCounts(
        rows.map((r) => r.path),
        pathOf,
      ).map(({ nodeId, path, n }) => ({
        instructionId: row.id,
        nodeId,
        path,
        recipients: n,
        delivered: 0,
        read: 0,
        acknowledged: 0,
      })),
    );

    scheduleSteps(w, row, schedule);
    await send(
      w,
      rows.map((r) => ({
        personId: r.personId,
        accountId: r.accountId,
        path: r.path,
        subjectType: 'commandInstruction',
        subjectId: row.id,
        textCode: 'command.instruction',
        params: { instructionId: row.id, round: 1 },
        key: `instruction:${row.id}:1:${r.personId}`,
        eventType: 'command.instruction.sent',
      })),
    );
    w.audit({
      action: 'command.instruction.send',
      targetType: 'commandInstruction',
      targetId: row.id,
      after: { text: row.text, targets: input.targets, recipients: rows.length, deadlineMs, schedule },
    });
    return presentInstruction(row);
  });
}
