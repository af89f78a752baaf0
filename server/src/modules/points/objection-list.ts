/**
 * The village's objections as each party may see them: whoever rules on objections or appeals
 * (the evaluator, the chief) sees all of them, with who objected and who ruled; everyone else
 * (villagers, grid members) sees their own and those against their own points (their household's,
 * or their own account's: the party concerned, who may appeal), with the entry and the outcome,
 * never who objected.
 */
import type { Ctx } from '../../context';
import type { PointsObjection, Village } from '../../db/types';
import type { Actor } from '../access/actor';
import { allows } from '../access/policies';

export type ObjectionStatus = PointsObjection['status'];

export interface ObjectionFilter {
  statuses?: ObjectionStatus[];
  /** Only the caller's own objections (not those about their points). */
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
      'o.id',
      'o.status',
      'o.reason',
      'o.createdAt',
      'o.byAccount',
      'o.ruling',
      'o.ruledAt',
      'o.appealReason',
      'o.appealedAt',
      'o.appealRuling',
      'o.appealRuledAt',
      'e.id as entryId',
      'e.kind as entryKind',
      'e.requested',
      'e.effective',
      'e.reason as entryReason',
      'e.status as entryStatus',
      'e.decidedAt',
      'e.publishedUntil',
      'a.kind as accountKind',
      'a.householdId as ownerHouseholdId',
      'a.personId as ownerPersonId',
      'p.name as memberName',
      'h.number as householdNumber',
      'r.code as ruleCode',
      'r.name as ruleName',
      'objector.displayName as objectorName',
      'ruler.displayName as ruledByName',
      'appellant.displayName as appealByName',
      'judge.displayName as appealRuledByName',
    ])
    .where('o.villageId', '=', village.id);
  const aboutMe = (o: { ownerHouseholdId: string | null; ownerPersonId: string | null }) =>
    (!!actor.householdId && o.ownerHouseholdId === actor.householdId) ||
    (!!actor.personId && o.ownerPersonId === actor.personId);
  if (filter.mine) q = q.where('o.byAccount', '=', actor.accountId);
  else if (!all)
    q = q.where((eb) =>
      eb.or([
        eb('o.byAccount', '=', actor.accountId),
        ...(actor.householdId ? [eb('a.householdId', '=', actor.householdId)] : []),
        ...(actor.personId ? [eb('a.personId', '=', actor.personId)] : []),
      ]),
    );
  if (filter.statuses?.length) q = q.where('o.status', 'in', filter.statuses);
  const rows = await q.orderBy('o.createdAt', 'desc').limit(500).execute();
  return rows.map((o) => ({
    id: o.id,
    status: o.status,
    reason: o.reason,
    createdAt: o.createdAt,
    mine: o.byAccount === actor.accountId,
    /** Against the caller's own points: they are the party concerned. */
    aboutMe: aboutMe(o),
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
    ...(all
      ? {
          names: {
            objector: o.objectorName,
            ruledBy: o.ruledByName,
            appealBy: o.appealByName,
            appealRuledBy: o.appealRuledByName,
          },
        }
      : {}),
  }));
}
