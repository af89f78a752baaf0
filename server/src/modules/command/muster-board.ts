/**
 * The live board of a muster as the caller may see it: who arrived and when, who is on the way,
 * who cannot come and why, who is missing (no answer yet, with a phone to call), the roll-up per
 * node from the counter rows, and the times to 50 / 90 / 100 % of arrivals.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { pathInScope } from '../access/scope';
import { getMuster } from './muster-repo';
import { presentMuster, presentMusterPerson } from './muster-present';
import { phonesOf } from './repo';
import { timeToShare } from './rules';
import { outsideScope, scopeAt } from './scope';

export const arrivalTimes = (m: { recipients: number; openedAt: number }, arrivedAt: number[]) => ({
  to50Ms: timeToShare(arrivedAt, m.recipients, m.openedAt, 0.5),
  to90Ms: timeToShare(arrivedAt, m.recipients, m.openedAt, 0.9),
  to100Ms: timeToShare(arrivedAt, m.recipients, m.openedAt, 1),
});

export async function musterBoard(ctx: Ctx, caller: Caller, musterId: string) {
  const village = villageOf(caller);
  const m = await getMuster(ctx.db, village.id, musterId);
  const all = await ctx.db.selectFrom('commandMusterPeople').selectAll().where('musterId', '=', m.id).execute();
  const scope = await scopeAt(ctx.db, caller, m.structureId, m.openedAt);
  const mine = all.filter((p) => pathInScope(scope, p.path));
  if (!mine.length && m.openedBy !== caller.actor?.accountId) throw outsideScope('musterId');
  const [nodes, phones] = await Promise.all([
    ctx.db
      .selectFrom('commandMusterNodeCounts')
      .innerJoin('nodes', 'nodes.id', 'commandMusterNodeCounts.nodeId')
      .select([
        'commandMusterNodeCounts.nodeId',
        'commandMusterNodeCounts.path',
        'nodes.name',
        'commandMusterNodeCounts.recipients',
        'commandMusterNodeCounts.onMyWay',
        'commandMusterNodeCounts.cannotCome',
        'commandMusterNodeCounts.arrived',
      ])
      .where('commandMusterNodeCounts.musterId', '=', m.id)
      .orderBy('commandMusterNodeCounts.path')
      .execute(),
    phonesOf(
      ctx.db,
      mine.map((p) => p.personId),
    ),
  ]);
  const withPhone = (p: (typeof all)[number]) => ({ ...presentMusterPerson(p), phone: phones.get(p.personId) ?? null });
  const by = (s: string) => mine.filter((p) => p.state === s).map(withPhone);
  return {
    muster: presentMuster(m, true),
    elapsedMs: Math.max(0, ctx.clock.now() - m.openedAt),
    ...arrivalTimes(
      m,
      all.filter((p) => p.arrivedAt !== null).map((p) => Number(p.arrivedAt)),
    ),
    arrived: by('arrived').sort((a, b) => (a.arrivedAt ?? 0) - (b.arrivedAt ?? 0)),
    onTheWay: by('on_my_way'),
    cannotCome: by('cannot_come'),
    missing: by('called'),
    nodes: nodes.filter((n) => pathInScope(scope, n.path)),
  };
}
