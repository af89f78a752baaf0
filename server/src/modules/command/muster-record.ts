/**
 * The one place a muster answer is recorded (on my way, cannot come, arrived by the QR code or
 * recorded by a leader there): the person's row, the counters on the muster and every node
 * above, the event the board listens for, the audit — in the caller's transaction.
 */
import type { Write } from '../../core/write';
import type { CommandMuster, CommandMusterPerson, MusterState } from '../../db/types';
import { conflict } from '../../lib/errors';
import { bumpMuster } from './muster-repo';
import { presentMusterPerson } from './muster-present';
import { musterMove } from './muster-rules';

export interface MusterAnswer {
  state: Exclude<MusterState, 'called'>;
  reason?: string | null;
  via?: 'qr' | 'leader';
  recordedBy?: string | null;
}

export async function recordMusterAnswer(w: Write, m: CommandMuster, p: CommandMusterPerson, a: MusterAnswer) {
  if (m.status !== 'open') throw conflict('MUSTER_CLOSED', '集结已结束', 'The muster is closed');
  const deltas = musterMove(p.state, a.state);
  if (!deltas) return presentMusterPerson(p);
  const arrived = a.state === 'arrived';
  const next: CommandMusterPerson = {
    ...p,
    state: a.state,
    reason: a.state === 'cannot_come' ? (a.reason ?? null) : null,
    answeredAt: w.now,
    arrivedAt: arrived ? w.now : null,
    arrivedVia: arrived ? (a.via ?? 'qr') : null,
    recordedByName: a.recordedBy ?? null,
  };
  const res = await w.trx
    .updateTable('commandMusterPeople')
    .set({
      state: next.state,
      reason: next.reason,
      answeredAt: next.answeredAt,
      arrivedAt: next.arrivedAt,
      arrivedVia: next.arrivedVia,
      recordedByName: next.recordedByName,
    })
    .where('id', '=', p.id)
    .where('state', '=', p.state) // a concurrent answer got there first: this one changes nothing
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1)
    throw conflict('MUSTER_ANSWER_RACED', '回复已被更新，请刷新', 'The answer changed meanwhile; refresh');
  await bumpMuster(w.trx, m.id, p.path, deltas);
  const counts = await w.trx
    .selectFrom('commandMusters')
    .select(['recipients', 'onMyWay', 'cannotCome', 'arrived'])
    .where('id', '=', m.id)
    .executeTakeFirstOrThrow();
  w.emit({
    type: 'command.muster.answered',
    subjectType: 'commandMuster',
    subjectId: m.id,
    accountId: m.openedBy,
    path: p.path,
    payload: { musterId: m.id, personRowId: p.id, state: a.state, ...counts },
  });
  w.audit({
    action: a.recordedBy ? 'command.muster.record-arrival' : `command.muster.${a.state}`,
    targetType: 'commandMusterPerson',
    targetId: p.id,
    before: { state: p.state },
    after: { state: a.state, reason: next.reason, via: next.arrivedVia },
  });
  return presentMusterPerson(next);
}
