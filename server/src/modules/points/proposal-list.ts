/**
 * A proposer's own proposals (我提出的积分): what they proposed, for whom, under which rule, and
 * what became of it — waiting (and so still withdrawable), counted, rejected with the reason, or
 * withdrawn. Entries the caller posted as a ruling (report deductions, reversals) or in the shop
 * are not proposals.
 */
import type { Ctx } from '../../context';
import type { EntryStatus, Village } from '../../db/types';
import type { Actor } from '../access/actor';

export async function listMyProposals(
  ctx: Ctx,
  village: Village,
  actor: Actor,
  filter: { statuses?: EntryStatus[]; limit: number },
) {
  let q = ctx.db
    .selectFrom('pointsEntries as e')
    .innerJoin('pointsAccounts as a', 'a.id', 'e.accountId')
    .leftJoin('pointsRules as r', 'r.id', 'e.ruleId')
    .leftJoin('people as p', 'p.id', 'a.personId')
    .leftJoin('households as h', 'h.id', 'a.householdId')
    .select([
      'e.id',
      'e.kind',
      'e.requested',
      'e.effective',
      'e.reason',
      'e.status',
      'e.evidence',
      'e.createdAt',
      'e.decidedAt',
      'e.publishedUntil',
      'e.reviewNote',
      'e.approvedBy',
      'r.code as ruleCode',
      'r.name as ruleName',
      'a.kind as accountKind',
      'a.personId',
      'a.householdId',
      'p.name as memberName',
      'h.number as householdNumber',
    ])
    .where('e.proposedBy', '=', actor.accountId)
    .where('e.villageId', '=', village.id)
    .where('e.kind', 'in', ['positive', 'bonus', 'deduction', 'redline'])
    .where('e.reportId', 'is', null);
  if (filter.statuses?.length) q = q.where('e.status', 'in', filter.statuses);
  const rows = await q.orderBy('e.createdAt', 'desc').limit(filter.limit).execute();
  return rows.map(
    ({ approvedBy, evidence, accountKind, personId, householdId, memberName, householdNumber, ...e }) => ({
      ...e,
      evidence: JSON.parse(evidence) as string[],
      /** Rejected without a reviewer: the proposer took it back. */
      withdrawn: e.status === 'rejected' && approvedBy === null,
      target:
        accountKind === 'member'
          ? { kind: 'member' as const, personId, name: memberName }
          : { kind: 'household' as const, householdId, name: householdNumber },
    }),
  );
}
