/**
 * A grid member marks a household reached (and how) or not reachable (and why). Each mark is an
 * attempt, numbered (the second is recorded as the second); the household's state and the
 * coverage counters of every node above its grid move in the same transaction. The caller must
 * cover the household (their grids, or a leader's subtree) now or when the notice went out.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { pathInScope } from '../access/scope';
import { householdPath } from '../registry/repo';
import { bumpNotice, getNotice } from './notice-repo';
import { noticeMove } from './notice-rules';
import type { MarkBody } from './notice-schema';
import { outsideScope } from './scope';

export async function markHousehold(ctx: Ctx, caller: Caller, noticeId: string, householdId: string, body: MarkBody) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const n = await getNotice(w.trx, village.id, noticeId);
    if (n.status !== 'open') throw conflict('NOTICE_CLOSED', '通知已结束', 'The notice is closed');
    const h = await w.trx
      .selectFrom('commandNoticeHouseholds')
      .selectAll()
      .where('noticeId', '=', n.id)
      .where('householdId', '=', householdId)
      .executeTakeFirst();
    if (!h) throw notFound({ zh: '通知范围内的住户', en: 'Household of this notice' }, 'householdId');
    // Whoever covers it now (a restructuring during the response hands it over), or covered it at the notice.
    if (
      !pathInScope(caller.scope, h.path) &&
      !pathInScope(caller.scope, await householdPath(w.trx, village.id, householdId))
    )
      throw outsideScope('householdId');
    const deltas = noticeMove(h.state, body);
    const attempt = h.attempts + 1;
    const reached = body.outcome === 'reached';
    const byName = caller.actor?.name ?? caller.operator ?? '';
    const res = await w.trx
      .updateTable('commandNoticeHouseholds')
      .set({
        state: body.outcome,
        method: reached ? body.method! : null,
        reason: reached ? null : body.reason!,
        attempts: attempt,
        reachedAt: reached ? w.now : null,
        lastAt: w.now,
        byName,
      })
      .where('id', '=', h.id)
      .where('attempts', '=', h.attempts) // two phones at once: the second is refused, not double-counted
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw conflict(
        'NOTICE_MARK_RACED',
        '该户刚被他人更新，请刷新',
        'Someone else just marked this household; refresh',
      );
    await w.trx
      .insertInto('commandNoticeAttempts')
      .values({
        id: newId(),
        noticeId: n.id,
        householdId,
        attempt,
        outcome: body.outcome,
        method: reached ? body.method! : null,
        reason: reached ? null : body.reason!,
        at: w.now,
        byAccount: caller.actor?.accountId ?? null,
        byName,
      })
      .execute();
    await bumpNotice(w.trx, n.id, h.path, deltas);
    const counts = await w.trx
      .selectFrom('commandNotices')
      .select(['households', 'reached', 'unreachable'])
      .where('id', '=', n.id)
      .executeTakeFirstOrThrow();
    w.emit({
      type: 'command.notice.marked',
      subjectType: 'commandNotice',
      subjectId: n.id,
      path: h.path,
      householdId,
      payload: { noticeId: n.id, householdId, outcome: body.outcome, attempt, ...counts },
    });
    w.audit({
      action: `command.notice.${body.outcome}`,
      targetType: 'household',
      targetId: householdId,
      before: { state: h.state, attempts: h.attempts },
      after: {
        noticeId: n.id,
        outcome: body.outcome,
        method: body.method ?? null,
        reason: body.reason ?? null,
        attempt,
      },
    });
    return {
      householdId,
      state: body.outcome,
      method: reached ? body.method! : null,
      reason: reached ? null : body.reason!,
      attempt,
      secondAttempt: attempt > 1,
      at: w.now,
      ...counts,
    };
  });
}
