/** Read-side use cases of structures: list, validation report, diff, households left uncovered. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { pathInScope } from '../../lib/scope';
import { getStructure, loadSnapshot } from './repo';
import { diff, inCoverage, validate } from './rules';
import { resolveStructure } from './tree';

export async function listStructures(ctx: Ctx, caller: Caller) {
  const village = villageOf(caller);
  const rows = await ctx.db
    .selectFrom('structures')
    .selectAll()
    .where('villageId', '=', village.id)
    .orderBy('createdAt', 'desc')
    .execute();
  const grids = await ctx.db
    .selectFrom('nodes')
    .select(['structureId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('villageId', '=', village.id)
    .where('kind', '=', 'grid')
    .groupBy('structureId')
    .execute();
  const gridCount = new Map(grids.map((g) => [g.structureId, Number(g.n)]));
  return rows.map((s) => ({ ...s, grids: gridCount.get(s.id) ?? 0 }));
}

export async function validationReport(ctx: Ctx, caller: Caller, input: { structureId: string }) {
  const village = villageOf(caller);
  const s = await resolveStructure(ctx.db, village.id, input.structureId);
  const violations = validate(await loadSnapshot(ctx.db, s));
  return { structureId: s.id, ok: violations.length === 0, violations };
}

export async function structureDiff(ctx: Ctx, caller: Caller, input: { from: string; to: string }) {
  const village = villageOf(caller);
  const { from: fromId, to: toId } = input;
  const from = await resolveStructure(ctx.db, village.id, fromId);
  const to = await getStructure(
    ctx.db,
    village.id,
    toId === 'active' ? (await resolveStructure(ctx.db, village.id, 'active')).id : toId,
  );
  return { from: from.id, to: to.id, ...diff(await loadSnapshot(ctx.db, from), await loadSnapshot(ctx.db, to)) };
}

/** Households and units in the structure's coverage that no grid covers yet (the editor's inbox). */
export async function uncovered(ctx: Ctx, caller: Caller, input: { structureId: string }) {
  const village = villageOf(caller);
  const s = await resolveStructure(ctx.db, village.id, input.structureId);
  const rows = await ctx.db
    .selectFrom('households')
    .leftJoin('assignments', (j) =>
      j.onRef('assignments.householdId', '=', 'households.id').on('assignments.structureId', '=', s.id),
    )
    .select(['households.id', 'households.number', 'households.kind', 'households.name', 'households.address'])
    .where('households.villageId', '=', village.id)
    .where('assignments.nodeId', 'is', null)
    .orderBy('households.number')
    .execute();
  const scope = caller.scope;
  const covered = rows.filter((h) => inCoverage(s.coverage, h.kind));
  if (scope.all) return covered;
  // Staff with a subtree see those of the households in it (by their grid in the active structure).
  const paths = await gridPathsInActive(
    ctx,
    village.id,
    covered.map((h) => h.id),
  );
  return covered.filter((h) => pathInScope(scope, paths.get(h.id)));
}

async function gridPathsInActive(ctx: Ctx, villageId: string, householdIds: string[]) {
  const paths = new Map<string, string>();
  for (let i = 0; i < householdIds.length; i += 500) {
    const rows = await ctx.db
      .selectFrom('assignments')
      .innerJoin('structures', 'structures.id', 'assignments.structureId')
      .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
      .select(['assignments.householdId', 'nodes.path'])
      .where('structures.villageId', '=', villageId)
      .where('structures.status', '=', 'active')
      .where('assignments.householdId', 'in', householdIds.slice(i, i + 500))
      .execute();
    for (const r of rows) paths.set(r.householdId, r.path);
  }
  return paths;
}
