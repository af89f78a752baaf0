/**
 * Review and publication (公示): the evaluator approves or rejects a proposal; an approved entry
 * takes effect and is posted on the village board for the publication period, during which any
 * villager or staff member may object. The evaluator rules on objections; a ruling can be
 * appealed to the chief. Overturning always posts a reversal entry; nothing is edited away.
 * Every step runs in the write envelope: audited and announced in its own transaction.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import type { Executor } from '../../db/database';
import type { PointsEntry, PointsObjection } from '../../db/types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { actorOf } from './caller';
import { addresseesOf, boardChanged, type Addressee } from './events';
import { takeEffect } from './ledger';
import { conflictError } from './propose';
import { approvalConflict } from './rules';
import { assertPeriodOpen, getSettings } from './settings';

type Owned = PointsEntry & { ownerHouseholdId: string | null; ownerPersonId: string | null };

/** An entry of the village, with its account's owner (where its events go). */
async function entryOf(db: Executor, villageId: string, id: string): Promise<Owned> {
  const e = await db
    .selectFrom('pointsEntries')
    .innerJoin('pointsAccounts', 'pointsAccounts.id', 'pointsEntries.accountId')
    .selectAll('pointsEntries')
    .select(['pointsAccounts.householdId as ownerHouseholdId', 'pointsAccounts.personId as ownerPersonId'])
    .where('pointsEntries.id', '=', id)
    .where('pointsEntries.villageId', '=', villageId)
    .executeTakeFirst();
  if (!e) throw notFound({ zh: '积分记录', en: 'Entry' }, 'entryId');
  return e;
}

const plain = ({ ownerHouseholdId: _h, ownerPersonId: _p, ...e }: Owned): PointsEntry => e;

const addresseeOf = async (db: Executor, villageId: string, e: Owned): Promise<Addressee> =>
  (await addresseesOf(db, villageId, [{ householdId: e.ownerHouseholdId, personId: e.ownerPersonId }]))({
    householdId: e.ownerHouseholdId,
    personId: e.ownerPersonId,
  });

function entryEvent(
  w: Write,
  type: string,
  e: { id: string; accountId: string; kind: string },
  status: string,
  to: Addressee,
) {
  w.emit({
    type,
    subjectType: 'points_entry',
    subjectId: e.id,
    householdId: to.householdId,
    path: to.path,
    payload: { status, kind: e.kind, accountId: e.accountId },
  });
}

const wrongState = (zh: string, en: string) => new AppError(409, 'WRONG_STATE', zh, en, 'entryId');

/**
 * Nothing about an entry of a settled year changes any more: no decision, objection, appeal or
 * ruling (each would post into the closed year or leave work there that can never be done).
 * Shared on PostgreSQL, so that a settlement closing the year meanwhile waits and then sees it.
 */
const openYear = (ctx: Ctx, w: Write, e: { periodId: string }) =>
  assertPeriodOpen(w.trx, [e.periodId], ctx.database.backend === 'postgres');

export async function approve(ctx: Ctx, caller: Caller, input: { entryId: string; note?: string }) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const e = await entryOf(trx, village.id, input.entryId);
    await openYear(ctx, w, e);
    if (e.status !== 'proposed') throw wrongState('该条积分已处理', 'This entry has already been decided');
    const c = approvalConflict(e.proposedBy, actor.accountId);
    if (c) throw conflictError(c);
    const rule = e.ruleId
      ? await trx.selectFrom('pointsRules').select('needsPublication').where('id', '=', e.ruleId).executeTakeFirst()
      : undefined;
    const publish = rule?.needsPublication !== 0;
    const s = await getSettings(trx, village.id);
    const [done] = await takeEffect(ctx, w, village.id, [
      {
        id: e.id,
        existing: true,
        accountId: e.accountId,
        kind: e.kind,
        ruleId: e.ruleId,
        requested: e.requested,
        reason: e.reason,
        evidence: JSON.parse(e.evidence),
        status: publish ? 'published' : 'final',
        proposedBy: e.proposedBy,
        approvedBy: actor.accountId,
        reviewNote: input.note ?? null,
        createdAt: e.createdAt,
        publishedUntil: publish ? w.now + s.publicationDays * 86_400_000 : null,
        event: 'points.entry.approved',
        to: await addresseeOf(trx, village.id, e),
      },
    ]);
    w.audit({
      action: 'points.approve',
      targetType: 'points_entry',
      targetId: e.id,
      before: { status: e.status },
      after: { status: done.status, effective: done.effective },
    });
    return done;
  });
}

export async function reject(ctx: Ctx, caller: Caller, input: { entryId: string; reason: string }) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const e = await entryOf(trx, village.id, input.entryId);
    await openYear(ctx, w, e);
    if (e.status !== 'proposed') throw wrongState('该条积分已处理', 'This entry has already been decided');
    const c = approvalConflict(e.proposedBy, actor.accountId);
    if (c) throw conflictError(c);
    const res = await trx
      .updateTable('pointsEntries')
      .set({ status: 'rejected', approvedBy: actor.accountId, reviewNote: input.reason, decidedAt: w.now })
      .where('id', '=', e.id)
      .where('status', '=', 'proposed')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw wrongState('该条积分已处理', 'This entry has already been decided');
    w.audit({
      action: 'points.reject',
      targetType: 'points_entry',
      targetId: e.id,
      before: { status: e.status },
      after: { status: 'rejected', reason: input.reason },
    });
    entryEvent(w, 'points.entry.rejected', e, 'rejected', await addresseeOf(trx, village.id, e));
    return { ...plain(e), status: 'rejected' as const, reviewNote: input.reason };
  });
}

/** The proposer takes back a proposal that nobody has decided yet. */
export async function withdraw(ctx: Ctx, caller: Caller, input: { entryId: string }) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const e = await entryOf(trx, village.id, input.entryId);
    await openYear(ctx, w, e);
    if (e.proposedBy !== actor.accountId)
      throw new AppError(
        403,
        'NOT_PROPOSER',
        '只能撤回自己提出的积分',
        'Only the proposer can withdraw a proposal',
        'entryId',
      );
    const res = await trx
      .updateTable('pointsEntries')
      .set({ status: 'rejected', reviewNote: '提议人撤回 / withdrawn by the proposer', decidedAt: w.now })
      .where('id', '=', e.id)
      .where('status', '=', 'proposed')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw wrongState('该条积分已处理', 'This entry has already been decided');
    w.audit({
      action: 'points.withdraw',
      targetType: 'points_entry',
      targetId: e.id,
      before: { status: e.status },
      after: { status: 'rejected' },
    });
    entryEvent(w, 'points.entry.withdrawn', e, 'rejected', await addresseeOf(trx, village.id, e));
    return { id: e.id, status: 'rejected' as const };
  });
}

/** An objection's event: to the entry's household or member (and the staff over them), and to the objector. */
function objectionEvent(
  w: Write,
  type: string,
  o: { id: string; entryId: string; byAccount: string },
  to: Addressee,
  payload: Record<string, unknown>,
) {
  w.emit({
    type,
    subjectType: 'points_objection',
    subjectId: o.id,
    householdId: to.householdId,
    path: to.path,
    accountId: o.byAccount,
    payload: { entryId: o.entryId, ...payload },
  });
}

/**
 * Any villager or staff member objects to an entry during its publication. Retry-safe at the
 * route (the client's id is the idempotency key; the objection's id is the server's). An open
 * objection keeps the entry from becoming final when its publication ends: the ruling decides.
 */
export async function object(ctx: Ctx, caller: Caller, input: { entryId: string; reason: string }) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const e = await entryOf(trx, village.id, input.entryId);
    await openYear(ctx, w, e);
    if (!['published', 'disputed'].includes(e.status) || (e.publishedUntil ?? 0) <= w.now)
      throw wrongState('公示期已过或该条不在公示中', 'The entry is not (or no longer) open for objection');
    const row: PointsObjection = {
      id: newId(),
      villageId: village.id,
      entryId: e.id,
      byAccount: actor.accountId,
      reason: input.reason,
      status: 'open',
      ruling: null,
      ruledBy: null,
      ruledAt: null,
      appealReason: null,
      appealBy: null,
      appealedAt: null,
      appealRuling: null,
      appealRuledBy: null,
      appealRuledAt: null,
      createdAt: w.now,
    };
    await trx.insertInto('pointsObjections').values(row).execute();
    await trx.updateTable('pointsEntries').set({ status: 'disputed' }).where('id', '=', e.id).execute();
    w.audit({
      action: 'points.object',
      targetType: 'points_entry',
      targetId: e.id,
      after: { objectionId: row.id, reason: input.reason },
    });
    objectionEvent(w, 'points.objection.filed', row, await addresseeOf(trx, village.id, e), { status: 'open' });
    boardChanged(w, village.id);
    return { id: row.id, entryId: row.entryId, status: row.status };
  });
}

async function objectionOf(db: Executor, villageId: string, id: string) {
  const o = await db
    .selectFrom('pointsObjections')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!o) throw notFound({ zh: '异议', en: 'Objection' }, 'objectionId');
  return o;
}

/** Post the reversal of an entry (or of a reversal), final at once. */
async function reverse(
  ctx: Ctx,
  w: Write,
  villageId: string,
  e: PointsEntry,
  by: string,
  reason: string,
  to: Addressee,
) {
  const [r] = await takeEffect(ctx, w, villageId, [
    {
      id: newId(),
      existing: false,
      accountId: e.accountId,
      kind: 'reversal',
      ruleId: e.ruleId,
      requested: 0 - e.effective,
      reason,
      evidence: [],
      status: 'final',
      proposedBy: by,
      approvedBy: by,
      reverses: e.id,
      event: 'points.entry.reversed',
      to,
    },
  ]);
  return r;
}

/** The entry stands (final) or not (overturned, reversed once); returns where its events go. */
async function settleEntry(
  ctx: Ctx,
  w: Write,
  villageId: string,
  entryId: string,
  stands: boolean,
  by: string,
  ruling: string,
): Promise<Addressee> {
  const trx = w.trx;
  const e = await entryOf(trx, villageId, entryId);
  await openYear(ctx, w, e);
  const to = await addresseeOf(trx, villageId, e);
  const reversal = await trx
    .selectFrom('pointsEntries')
    .selectAll()
    .where('reverses', '=', e.id)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  const reversed = e.status === 'overturned';
  if (stands && reversed && reversal) {
    await reverse(ctx, w, villageId, reversal, by, `申诉改判恢复 / restored on appeal: ${ruling}`, to);
  }
  if (!stands && !reversed)
    await reverse(ctx, w, villageId, plain(e), by, `异议成立冲正 / reversed on objection: ${ruling}`, to);
  const status = stands ? 'final' : 'overturned';
  await trx.updateTable('pointsEntries').set({ status, finalAt: w.now }).where('id', '=', e.id).execute();
  if (e.status !== status) {
    entryEvent(w, stands ? 'points.entry.finalised' : 'points.entry.overturned', e, status, to);
    boardChanged(w, villageId);
  }
  return to;
}

/**
 * A ruling is on the entry: it answers every objection about the entry still in `waiting` (the one
 * ruled on included). Returns the objections it answered.
 */
async function answerAll(
  trx: Executor,
  o: PointsObjection,
  waiting: 'open' | 'appealed',
  answer: Partial<Omit<PointsObjection, 'id' | 'entryId'>>,
): Promise<{ id: string; byAccount: string }[]> {
  return trx
    .updateTable('pointsObjections')
    .set(answer)
    .where('entryId', '=', o.entryId)
    .where('status', '=', waiting)
    .returning(['id', 'byAccount'])
    .execute();
}

/** Each objection answered by a ruling is announced (to its own objector too). */
function announceRuling(
  w: Write,
  o: PointsObjection,
  settled: { id: string; byAccount: string }[],
  to: Addressee,
  status: string,
) {
  for (const s of settled)
    objectionEvent(w, 'points.objection.ruled', { id: s.id, entryId: o.entryId, byAccount: s.byAccount }, to, {
      status,
    });
}

export async function ruleObjection(
  ctx: Ctx,
  caller: Caller,
  input: { objectionId: string; decision: 'uphold' | 'overturn'; ruling: string },
) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const o = await objectionOf(trx, village.id, input.objectionId);
    if (o.status !== 'open')
      throw new AppError(409, 'WRONG_STATE', '该异议已处理', 'This objection has already been ruled on', 'objectionId');
    // "uphold" keeps the entry; "overturn" reverses it — for every objection still open against it
    // (two rulings could otherwise contradict each other).
    const to = await settleEntry(
      ctx,
      w,
      village.id,
      o.entryId,
      input.decision === 'uphold',
      actor.accountId,
      input.ruling,
    );
    const status = input.decision === 'uphold' ? 'upheld' : 'overturned';
    const settled = await answerAll(trx, o, 'open', {
      status,
      ruling: input.ruling,
      ruledBy: actor.accountId,
      ruledAt: w.now,
    });
    const alsoSettled = settled.map((r) => r.id).filter((id) => id !== o.id);
    w.audit({
      action: 'points.objection.rule',
      targetType: 'points_objection',
      targetId: o.id,
      after: { status, ruling: input.ruling, alsoSettled },
    });
    announceRuling(w, o, settled, to, status);
    return { id: o.id, status, alsoSettled };
  });
}

/** The objector, or the person concerned (the grid member, or a member of the household), may appeal. */
export async function appeal(ctx: Ctx, caller: Caller, input: { objectionId: string; reason: string }) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const o = await objectionOf(trx, village.id, input.objectionId);
    if (!['upheld', 'overturned'].includes(o.status))
      throw new AppError(
        409,
        'WRONG_STATE',
        '只能对已裁定的异议申诉一次',
        'Only a ruled objection can be appealed, once',
        'objectionId',
      );
    const e = await entryOf(trx, village.id, o.entryId);
    await openYear(ctx, w, e);
    const concerned =
      (!!e.ownerPersonId && e.ownerPersonId === actor.personId) ||
      (!!e.ownerHouseholdId && e.ownerHouseholdId === actor.householdId);
    if (o.byAccount !== actor.accountId && !concerned)
      throw new AppError(
        403,
        'NOT_A_PARTY',
        '只有提出异议者或当事人可以申诉',
        'Only the objector or the person concerned may appeal',
        'objectionId',
      );
    if (!input.reason.trim())
      throw badRequest('REASON_REQUIRED', '请说明申诉理由', 'Give the reason for the appeal', 'reason');
    const res = await trx
      .updateTable('pointsObjections')
      .set({ status: 'appealed', appealReason: input.reason, appealBy: actor.accountId, appealedAt: w.now })
      .where('id', '=', o.id)
      .where('status', '=', o.status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(409, 'WRONG_STATE', '该异议已申诉', 'This objection has already been appealed', 'objectionId');
    w.audit({
      action: 'points.appeal',
      targetType: 'points_objection',
      targetId: o.id,
      after: { reason: input.reason },
    });
    objectionEvent(w, 'points.objection.appealed', o, await addresseeOf(trx, village.id, e), { status: 'appealed' });
    return { id: o.id, status: 'appealed' as const, previous: o.status };
  });
}

/** The chief's ruling on an appeal: the entry stands or not, whatever the evaluator decided. */
export async function ruleAppeal(
  ctx: Ctx,
  caller: Caller,
  input: { objectionId: string; entryStands: boolean; ruling: string },
) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const o = await objectionOf(trx, village.id, input.objectionId);
    if (o.status !== 'appealed')
      throw new AppError(
        409,
        'WRONG_STATE',
        '该异议没有待裁定的申诉',
        'This objection has no pending appeal',
        'objectionId',
      );
    const to = await settleEntry(ctx, w, village.id, o.entryId, input.entryStands, actor.accountId, input.ruling);
    const status = input.entryStands ? 'appeal_upheld' : 'appeal_overturned';
    const settled = await answerAll(trx, o, 'appealed', {
      status,
      appealRuling: input.ruling,
      appealRuledBy: actor.accountId,
      appealRuledAt: w.now,
    });
    const alsoSettled = settled.map((r) => r.id).filter((id) => id !== o.id);
    w.audit({
      action: 'points.appeal.rule',
      targetType: 'points_objection',
      targetId: o.id,
      after: { status, ruling: input.ruling, alsoSettled },
    });
    announceRuling(w, o, settled, to, status);
    return { id: o.id, status, alsoSettled };
  });
}
