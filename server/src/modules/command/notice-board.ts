/**
 * The coverage of a notice as the caller may see it: per node (grid, patch, zone) the households,
 * reached, not reachable and pending, read from the counter rows; and the households that could
 * not be reached, with the reason, for a leader to follow up.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { pathInScope } from '../access/scope';
import { getNotice, presentNotice } from './notice-repo';
import { outsideScope, scopeAt } from './scope';

export async function noticeCoverage(ctx: Ctx, caller: Caller, noticeId: string) {
  const village = villageOf(caller);
  const n = await getNotice(ctx.db, village.id, noticeId);
  const scope = await scopeAt(ctx.db, caller, n.structureId, n.openedAt);
  const nodes = (
    await ctx.db
      .selectFrom('commandNoticeNodeCounts')
      .innerJoin('nodes', 'nodes.id', 'commandNoticeNodeCounts.nodeId')
      .select([
        'commandNoticeNodeCounts.nodeId',
        'commandNoticeNodeCounts.path',
        'nodes.name',
        'nodes.kind',
        'commandNoticeNodeCounts.households',
        'commandNoticeNodeCounts.reached',
        'commandNoticeNodeCounts.unreachable',
      ])
      .where('commandNoticeNodeCounts.noticeId', '=', n.id)
      .orderBy('commandNoticeNodeCounts.path')
      .execute()
  ).filter((x) => pathInScope(scope, x.path));
  if (!nodes.length && n.openedBy !== caller.actor?.accountId) throw outsideScope('noticeId');
  const unreachable = (
    await ctx.db
      .selectFrom('commandNoticeHouseholds')
      .innerJoin('households', 'households.id', 'commandNoticeHouseholds.householdId')
      .select([
        'commandNoticeHouseholds.householdId',
        'households.number',
        'households.address',
        'commandNoticeHouseholds.path',
        'commandNoticeHouseholds.reason',
        'commandNoticeHouseholds.attempts',
        'commandNoticeHouseholds.lastAt',
        'commandNoticeHouseholds.byName',
      ])
      .where('commandNoticeHouseholds.noticeId', '=', n.id)
      .where('commandNoticeHouseholds.state', '=', 'unreachable')
      .execute()
  ).filter((h) => pathInScope(scope, h.path));
  return {
    notice: presentNotice(n),
    nodes: nodes.map((x) => ({ ...x, pending: x.households - x.reached - x.unreachable })),
    unreachable: unreachable.map((h) => ({
      ...h,
      reason: h.reason ?? '',
      lastAt: h.lastAt ?? 0,
      byName: h.byName ?? '',
    })),
  };
}
