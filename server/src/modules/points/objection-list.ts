/**
 * The village's objections as each party may see them: whoever rules on objections or appeals
 * (the evaluator, the chief) sees all of them, with who objected and who ruled; everyone else
 * (villagers, grid members) sees their own, with the entry concerned and the outcome.
 */
import type { Ctx } from '../../context';
import type { PointsObjection, Village } from '../../db/types';
import type { Actor } from '../access/actor';
import { allows } from '../access/policies';

export type ObjectionStatus = PointsObjection['status'];

export interface ObjectionFilter {
  statuses?: ObjectionStatus[];
  /** Only the caller's own objections (implied for those who do not see all). */
  mine?: boolean;
}

/** Those who rule on objections (points.review) or on appeals (points.appeal). */
export const seesAllObjections = (actor: Actor) => allows(actor, 'points.review') || allows(actor, 'points.appeal');

export async function listObjections(ctx: Ctx, village: Village, actor: Actor, filter: ObjectionFilter = {}) {
  const all = seesAllObjections(actor);
  let q = ctx.db
    .selectFrom('pointsObjections as o')
    .innerJoin('pointsEntries as e', 'e.id', 'o.entryId')
    .innerJoin('pointsAccounts as a', 'a.id', 'e.accountId')
    .leftJoin('pointsRules as r', 'r.id', 'e.ruleId')
    .leftJoin('people as p', 'p.id', 'a.personId')
    .leftJoin('households as h', 'h.id', 'a.householdId')
    .leftJoin('accounts as objector', 'objector.id', 'o.byAccount')
    .leftJoin('accounts as ruler', 'ruler.id', 'o.ruledBy')
    .leftJoin('accounts as appellant', 'appellant.id', 'o.appealBy')
    .leftJoin('accounts as judge', 'judge.id', 'o.appealRuledBy')
    .select([
      'o.id', 'o.status', 'o.reason', 'o.createdAt', 'o.byAccount', 'o.ruling', 'o.ruledAt', 'o.appealReason', 'o.appealedAt', 'o.appealRuling', 'o.appealRuledAt',
      'e.id as entryId', 'e.kind as entryKind', 'e.requested', 'e.effective', 'e.reason as entryReason', 'e.status as entryStatus', 'e.decidedAt', 'e.publishedUntil',
      'a.kind as accountKind', 'p.name as memberName', 'h.number as householdNumber', 'r.code as ruleCode', 'r.name as ruleName',
      'objector.displayName as objectorName', 'ruler.displayName as ruledByName', 'appellant.displayName as appealByName', 'judge.displayName as appealRuledByName',
    ])
    .where('o.villageId', '=', village.id);
  if (!all || filter.mine) q = q.where('o.byAccount', '=', actor.accountId);
  if (filter.statuses?.length) q = q.where('o.status', 'in', filter.statuses);
  const rows = await q.orderBy('o.createdAt', 'desc').limit(500).execute();
  return rows.map((o) => ({
    id: o.id,
    status: o.status,
    reason: o.reason,
    createdAt: o.createdAt,
    mine: o.byAccount === actor.accountId,
    ruling: o.ruling,
    ruledAt: o.ruledAt,
    appealReason: o.appealReason,
    appealedAt: o.appealedAt,
    appealRuling: o.appealRuling,
    appealRuledAt: o.appealRuledAt,
    entry: {
      id: o.entryId,
      kind: o.entryKind,
      status: o.entryStatus,
      requested: o.requested,
      effective: o.effective,
      reason: o.entryReason,
      decidedAt: o.decidedAt,
      publishedUntil: o.publishedUntil,
      ruleCode: o.ruleCode,
      ruleName: o.ruleName,
      owner: { kind: o.accountKind, name: o.accountKind === 'member' ? o.memberName : o.householdNumber },
    },
    ...(all ? { names: { objector: o.objectorName, ruledBy: o.ruledByName, appealBy: o.appealByName, appealRuledBy: o.appealRuledByName } } : {}),
  }));
}
