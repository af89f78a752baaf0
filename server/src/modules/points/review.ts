/**
 * Review and publication (公示): the evaluator approves or rejects a proposal; an approved entry
 * takes effect and is posted on the village board for the publication period, during which any
 * villager or staff member may object. The evaluator rules on objections; a ruling can be
 * appealed to the chief. Overturning always posts a reversal entry; nothing is edited away.
 */
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import type { PointsEntry, PointsObjection, Village } from '../../db/types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import type { Actor } from '../access/actor';
import { scopeOf } from '../access/scope';
import type { Caller } from '../../core/caller';
import { write } from '../../core/write';
import { replayOf } from './idempotency';
import { takeEffect } from './ledger';
import { conflictError } from './propose';
import { approvalConflict } from './rules';
import { getSettings } from './settings';

async function entryOf(db: Executor, villageId: string, id: string): Promise<PointsEntry> {
  const e = await db
    .selectFrom('pointsEntries')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!e) throw notFound({ zh: '积分记录', en: 'Entry' }, 'entryId');
  return e;
}

const wrongState = (zh: string, en: string) => new AppError(409, 'WRONG_STATE', zh, en, 'entryId');

// TEMPORARY (branch live-e, for the live e2e spec): approve on the write envelope with its events.
// The points helper's version (branch points-b) replaces this function at merge.
const liveCaller = (village: Village, actor: Actor): Caller => ({
  village,
  actor,
  scope: scopeOf(actor),
  via: 'http',
  operator: null,
  ip: null,
  method: null,
  path: null,
  idempotency: null,
});

export async function approve(ctx: Ctx, village: Village, actor: Actor, entryId: string, note?: string) {
  return write(ctx, liveCaller(village, actor), async (w) => {
    const trx = w.trx;
    const e = await entryOf(trx, village.id, entryId);
    if (e.status !== 'proposed') throw wrongState('该条积分已处理', 'This entry has already been decided');
    const c = approvalConflict(e.proposedBy, actor.accountId);
    if (c) throw conflictError(c);
    const rule = e.ruleId
      ? await trx.selectFrom('pointsRules').select('needsPublication').where('id', '=', e.ruleId).executeTakeFirst()
      : undefined;
    const publish = rule?.needsPublication !== 0;
    const s = await getSettings(trx, village.id);
    const [done] = await takeEffect(ctx, trx, village.id, [
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
        reviewNote: note ?? null,
        idempotencyKey: e.idempotencyKey,
        payloadHash: e.payloadHash,
        createdAt: e.createdAt,
        publishedUntil: publish ? ctx.clock.now() + s.publicationDays * 86_400_000 : null,
      },
    ]);
    auditNote({
      action: 'points.approve',
      targetType: 'points_entry',
      targetId: e.id,
      before: { status: e.status },
      after: { status: done.status, effective: done.effective },
    });
    const owner = await trx
      .selectFrom('pointsAccounts')
      .select('householdId')
      .where('id', '=', e.accountId)
      .executeTakeFirst();
    const grid = owner?.householdId
      ? await trx
          .selectFrom('coverage')
          .innerJoin('structures', 'structures.id', 'coverage.structureId')
          .innerJoin('nodes', 'nodes.id', 'coverage.nodeId')
          .select('nodes.path')
          .where('coverage.householdId', '=', owner.householdId)
          .where('coverage.validTo', 'is', null)
          .where('structures.status', '=', 'active')
          .executeTakeFirst()
      : undefined;
    w.emit({
      type: 'points.entry.approved',
      subjectType: 'points_entry',
      subjectId: e.id,
      householdId: owner?.householdId ?? null,
      path: grid?.path ?? null,
      payload: { status: done.status },
    });
    w.emit({ type: 'points.board.changed', subjectType: 'village', subjectId: village.id, audience: 'all' });
    return done;
  });
}

export async function reject(ctx: Ctx, village: Village, actor: Actor, entryId: string, reason: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const e = await entryOf(trx, village.id, entryId);
    if (e.status !== 'proposed') throw wrongState('该条积分已处理', 'This entry has already been decided');
    const c = approvalConflict(e.proposedBy, actor.accountId);
    if (c) throw conflictError(c);
    await trx
      .updateTable('pointsEntries')
      .set({ status: 'rejected', approvedBy: actor.accountId, reviewNote: reason, decidedAt: ctx.clock.now() })
      .where('id', '=', e.id)
      .where('status', '=', 'proposed')
      .execute();
    auditNote({
      action: 'points.reject',
      targetType: 'points_entry',
      targetId: e.id,
      before: { status: e.status },
      after: { status: 'rejected', reason },
    });
    return { ...e, status: 'rejected' as const, reviewNote: reason };
  });
}

/** The proposer takes back a proposal that nobody has decided yet. */
export async function withdraw(ctx: Ctx, village: Village, actor: Actor, entryId: string) {
  const e = await entryOf(ctx.db, village.id, entryId);
  if (e.proposedBy !== actor.accountId)
    throw new AppError(
      403,
      'NOT_PROPOSER',
      '只能撤回自己提出的积分',
      'Only the proposer can withdraw a proposal',
      'entryId',
    );
  const res = await ctx.db
    .updateTable('pointsEntries')
    .set({ status: 'rejected', reviewNote: '提议人撤回 / withdrawn by the proposer', decidedAt: ctx.clock.now() })
    .where('id', '=', e.id)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw wrongState('该条积分已处理', 'This entry has already been decided');
  auditNote({
    action: 'points.withdraw',
    targetType: 'points_entry',
    targetId: e.id,
    before: { status: e.status },
    after: { status: 'rejected' },
  });
  return { id: e.id, status: 'rejected' as const };
}

/** Entries whose publication period has passed without objection become final. Idempotent. */
export async function finaliseDue(ctx: Ctx, villageId: string) {
  const now = ctx.clock.now();
  const res = await ctx.db
    .updateTable('pointsEntries')
    .set({ status: 'final', finalAt: now })
    .where('villageId', '=', villageId)
    .where('status', '=', 'published')
    .where('publishedUntil', '<=', now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/**
 * Any villager or staff member objects to an entry during its publication. The client's id makes
 * retries safe: the same id from the same account about the same entry with the same reason
 * answers the first objection again.
 */
export async function object(
  ctx: Ctx,
  village: Village,
  actor: Actor,
  entryId: string,
  input: { id?: string; reason: string },
) {
  const id = input.id ?? newId();
  const expected = { villageId: village.id, entryId, byAccount: actor.accountId, reason: input.reason };
  const answer = (o: { id: string; entryId: string; status: PointsObjection['status'] }, replayed: boolean) => ({
    objection: { id: o.id, entryId: o.entryId, status: o.status },
    replayed,
  });
  return ctx.db.transaction().execute(async (trx) => {
    const prior = replayOf(await objectionById(trx, id), expected);
    if (prior) return answer(prior, true);
    const e = await entryOf(trx, village.id, entryId);
    const now = ctx.clock.now();
    if (!['published', 'disputed'].includes(e.status) || (e.publishedUntil ?? 0) <= now)
      throw wrongState('公示期已过或该条不在公示中', 'The entry is not (or no longer) open for objection');
    const row: PointsObjection = {
      id,
      ...expected,
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
      createdAt: now,
    };
    const res = await trx
      .insertInto('pointsObjections')
      .values(row)
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    // A simultaneous retry (PostgreSQL) recorded it first: answer that one.
    if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1)
      return answer(replayOf(await objectionById(trx, id), expected)!, true);
    await trx.updateTable('pointsEntries').set({ status: 'disputed' }).where('id', '=', e.id).execute();
    auditNote({
      action: 'points.object',
      targetType: 'points_entry',
      targetId: e.id,
      after: { objectionId: id, reason: input.reason },
    });
    return answer(row, false);
  });
}

const objectionById = (db: Executor, id: string) =>
  db.selectFrom('pointsObjections').selectAll().where('id', '=', id).executeTakeFirst();

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
async function reverse(ctx: Ctx, trx: Executor, villageId: string, e: PointsEntry, by: string, reason: string) {
  const [r] = await takeEffect(ctx, trx, villageId, [
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
    },
  ]);
  return r;
}

async function settleEntry(
  ctx: Ctx,
  trx: Executor,
  villageId: string,
  entryId: string,
  stands: boolean,
  by: string,
  ruling: string,
) {
  const e = await entryOf(trx, villageId, entryId);
  const now = ctx.clock.now();
  const reversal = await trx
    .selectFrom('pointsEntries')
    .selectAll()
    .where('reverses', '=', e.id)
    .orderBy('createdAt', 'desc')
    .executeTakeFirst();
  const reversed = e.status === 'overturned';
  if (stands && reversed && reversal) {
    await reverse(ctx, trx, villageId, reversal, by, `申诉改判恢复 / restored on appeal: ${ruling}`);
  }
  if (!stands && !reversed)
    await reverse(ctx, trx, villageId, e, by, `异议成立冲正 / reversed on objection: ${ruling}`);
  await trx
    .updateTable('pointsEntries')
    .set({ status: stands ? 'final' : 'overturned', finalAt: now })
    .where('id', '=', e.id)
    .execute();
}

/**
 * A ruling is on the entry: it answers every objection about the entry still in `waiting` (the one
 * ruled on included). Returns the ids of the others it answered.
 */
async function answerAll(
  trx: Executor,
  o: PointsObjection,
  waiting: 'open' | 'appealed',
  answer: Partial<Omit<PointsObjection, 'id' | 'entryId'>>,
): Promise<string[]> {
  const settled = await trx
    .updateTable('pointsObjections')
    .set(answer)
    .where('entryId', '=', o.entryId)
    .where('status', '=', waiting)
    .returning('id')
    .execute();
  return settled.map((r) => r.id).filter((id) => id !== o.id);
}

export async function ruleObjection(
  ctx: Ctx,
  village: Village,
  actor: Actor,
  objectionId: string,
  decision: 'uphold' | 'overturn',
  ruling: string,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const o = await objectionOf(trx, village.id, objectionId);
    if (o.status !== 'open')
      throw new AppError(409, 'WRONG_STATE', '该异议已处理', 'This objection has already been ruled on', 'objectionId');
    // "uphold" keeps the entry; "overturn" reverses it — for every objection still open against it
    // (two rulings could otherwise contradict each other).
    await settleEntry(ctx, trx, village.id, o.entryId, decision === 'uphold', actor.accountId, ruling);
    const status = decision === 'uphold' ? 'upheld' : 'overturned';
    const alsoSettled = await answerAll(trx, o, 'open', {
      status,
      ruling,
      ruledBy: actor.accountId,
      ruledAt: ctx.clock.now(),
    });
    auditNote({
      action: 'points.objection.rule',
      targetType: 'points_objection',
      targetId: o.id,
      after: { status, ruling, alsoSettled },
    });
    return { id: o.id, status, alsoSettled };
  });
}

/** The objector, or the person concerned (the grid member, or a member of the household), may appeal. */
export async function appeal(ctx: Ctx, village: Village, actor: Actor, objectionId: string, reason: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const o = await objectionOf(trx, village.id, objectionId);
    if (!['upheld', 'overturned'].includes(o.status))
      throw new AppError(
        409,
        'WRONG_STATE',
        '只能对已裁定的异议申诉一次',
        'Only a ruled objection can be appealed, once',
        'objectionId',
      );
    const e = await entryOf(trx, village.id, o.entryId);
    const owner = await trx
      .selectFrom('pointsAccounts')
      .select(['personId', 'householdId'])
      .where('id', '=', e.accountId)
      .executeTakeFirstOrThrow();
    const concerned =
      (!!owner.personId && owner.personId === actor.personId) ||
      (!!owner.householdId && owner.householdId === actor.householdId);
    if (o.byAccount !== actor.accountId && !concerned)
      throw new AppError(
        403,
        'NOT_A_PARTY',
        '只有提出异议者或当事人可以申诉',
        'Only the objector or the person concerned may appeal',
        'objectionId',
      );
    if (!reason.trim())
      throw badRequest('REASON_REQUIRED', '请说明申诉理由', 'Give the reason for the appeal', 'reason');
    await trx
      .updateTable('pointsObjections')
      .set({ status: 'appealed', appealReason: reason, appealBy: actor.accountId, appealedAt: ctx.clock.now() })
      .where('id', '=', o.id)
      .execute();
    auditNote({ action: 'points.appeal', targetType: 'points_objection', targetId: o.id, after: { reason } });
    return { id: o.id, status: 'appealed' as const, previous: o.status };
  });
}

/** The chief's ruling on an appeal: the entry stands or not, whatever the evaluator decided. */
export async function ruleAppeal(
  ctx: Ctx,
  village: Village,
  actor: Actor,
  objectionId: string,
  entryStands: boolean,
  ruling: string,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const o = await objectionOf(trx, village.id, objectionId);
    if (o.status !== 'appealed')
      throw new AppError(
        409,
        'WRONG_STATE',
        '该异议没有待裁定的申诉',
        'This objection has no pending appeal',
        'objectionId',
      );
    await settleEntry(ctx, trx, village.id, o.entryId, entryStands, actor.accountId, ruling);
    const status = entryStands ? 'appeal_upheld' : 'appeal_overturned';
    const alsoSettled = await answerAll(trx, o, 'appealed', {
      status,
      appealRuling: ruling,
      appealRuledBy: actor.accountId,
      appealRuledAt: ctx.clock.now(),
    });
    auditNote({
      action: 'points.appeal.rule',
      targetType: 'points_objection',
      targetId: o.id,
      after: { status, ruling, alsoSettled },
    });
    return { id: o.id, status, alsoSettled };
  });
}
