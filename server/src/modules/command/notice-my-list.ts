/**
 * A grid member's not-yet-reached list: the households and units of the grids they cover in
 * the ACTIVE structure (so a restructuring during the response hands them over at once) that
 * this notice has not reached, with the residents' phones and the tags, priority tags
 * (独居老人, 行动不便) first. Phones are masked unless revealed; a reveal is audited.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { parseTags } from '../../lib/json';
import { pathInScope } from '../access/scope';
import { maskPhone } from '../registry/normalize';
import { listNodes } from '../structures/repo';
import { getNotice } from './notice-repo';
import { listOrder } from './notice-rules';
import { activeStructureId } from './repo';

export async function myNoticeList(ctx: Ctx, caller: Caller, noticeId: string, reveal: boolean) {
  const village = villageOf(caller);
  const n = await getNotice(ctx.db, village.id, noticeId);
  const structureId = await activeStructureId(ctx.db, village.id);
  const grids = (await listNodes(ctx.db, structureId)).filter(
    (x) => x.kind === 'grid' && pathInScope(caller.scope, x.path), // the notice's households are joined below
  );
  const gridName = new Map(grids.map((g) => [g.id, g.name]));
  const rows = grids.length
    ? await ctx.db
        .selectFrom('assignments')
        .innerJoin('commandNoticeHouseholds', (j) =>
          j
            .onRef('commandNoticeHouseholds.householdId', '=', 'assignments.householdId')
            .on('commandNoticeHouseholds.noticeId', '=', n.id),
        )
        .innerJoin('households', 'households.id', 'assignments.householdId')
        .select([
          'households.id',
          'households.number',
          'households.kind',
          'households.name',
          'households.address',
          'households.tags',
          'assignments.nodeId',
          'commandNoticeHouseholds.state',
          'commandNoticeHouseholds.attempts',
          'commandNoticeHouseholds.reason',
        ])
        .where('assignments.structureId', '=', structureId)
        .where('assignments.nodeId', 'in', [...gridName.keys()])
        .where('commandNoticeHouseholds.state', '!=', 'reached')
        .execute()
    : [];
  const residents = new Map<string, { name: string; phone: string | null; tags: string[] }[]>();
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500)
    for (const r of await ctx.db
      .selectFrom('residents')
      .select(['householdId', 'name', 'phone', 'tags'])
      .where('householdId', 'in', ids.slice(i, i + 500))
      .execute())
      residents.set(r.householdId, [
        ...(residents.get(r.householdId) ?? []),
        { name: r.name, phone: r.phone, tags: parseTags(r.tags) },
      ]);
  const items = listOrder(
    rows.map((r) => {
      const people = residents.get(r.id) ?? [];
      return {
        householdId: r.id,
        number: r.number,
        kind: r.kind,
        name: r.name,
        address: r.address,
        gridId: r.nodeId,
        gridName: gridName.get(r.nodeId) ?? '',
        state: r.state,
        attempts: r.attempts,
        lastReason: r.reason,
        tags: [...new Set([...parseTags(r.tags), ...people.flatMap((p) => p.tags)])],
        phones: people
          .filter((p) => p.phone)
          .map((p) => ({ name: p.name, phone: reveal ? p.phone! : (maskPhone(p.phone) ?? '') })),
      };
    }),
  );
  if (reveal && items.length)
    await write(ctx, caller, async (w) =>
      w.audit({
        action: 'person.reveal.notice-list',
        targetType: 'commandNotice',
        targetId: n.id,
        after: { households: items.length },
      }),
    );
  return { noticeId: n.id, revealed: reveal, items };
}
