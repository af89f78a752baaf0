/**
 * Moving households between grids, splitting and merging grids. In a draft these only change the
 * draft's assignments; in the active structure a move also closes the household's open coverage
 * row and opens a new one, so history answers "who covered household X on date D".
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import type { Executor } from '../../db/database';
import { insertMany } from '../../db/bulk';
import type { Structure } from '../../db/types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { insertNode } from './draft';
import { getDraft, getNode, getStructure, gridPathsOf } from './repo';

const CHUNK = 500;
export const chunks = <T>(xs: T[]) =>
  Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export async function assertGrid(trx: Executor, structureId: string, nodeId: string, field: string) {
  const node = await getNode(trx, structureId, nodeId).catch(() => {
    throw notFound({ zh: '网格', en: 'Grid' }, field);
  });
  if (node.kind !== 'grid')
    throw badRequest('NOT_A_GRID', `${node.code} 不是网格`, `${node.code} is not a grid`, field);
  return node;
}

/** Point households at a grid within one structure (the caller's transaction). */
export async function assignHouseholds(
  ctx: Ctx,
  trx: Executor,
  s: Structure,
  householdIds: string[],
  toNodeId: string,
): Promise<number> {
  const ids = [...new Set(householdIds)];
  const current = new Map<string, string>();
  for (const part of chunks(ids)) {
    const found = await trx
      .selectFrom('households')
      .select('id')
      .where('villageId', '=', s.villageId)
      .where('id', 'in', part)
      .execute();
    if (found.length !== part.length) {
      const known = new Set(found.map((f) => f.id));
      const missing = part.find((id) => !known.has(id));
      throw notFound({ zh: `户 ${missing}`, en: `Household ${missing}` }, 'householdIds');
    }
    const rows = await trx
      .selectFrom('assignments')
      .select(['householdId', 'nodeId'])
      .where('structureId', '=', s.id)
      .where('householdId', 'in', part)
      .execute();
    for (const r of rows) current.set(r.householdId, r.nodeId);
  }
  const toUpdate = ids.filter((id) => current.has(id) && current.get(id) !== toNodeId);
  const toInsert = ids.filter((id) => !current.has(id));
  for (const part of chunks(toUpdate)) {
    await trx
      .updateTable('assignments')
      .set({ nodeId: toNodeId })
      .where('structureId', '=', s.id)
      .where('householdId', 'in', part)
      .execute();
  }
  await insertMany(
    ctx.database,
    trx,
    'assignments',
    toInsert.map((householdId) => ({ structureId: s.id, householdId, villageId: s.villageId, nodeId: toNodeId })),
  );
  const moved = [...toUpdate, ...toInsert];
  if (s.status === 'active' && moved.length) {
    const now = ctx.clock.now();
    for (const part of chunks(moved)) {
      await trx
        .updateTable('coverage')
        .set({ validTo: now })
        .where('householdId', 'in', part)
        .where('validTo', 'is', null)
        .execute();
    }
    await insertMany(
      ctx.database,
      trx,
      'coverage',
      moved.map((householdId) => ({
        id: newId(),
        villageId: s.villageId,
        householdId,
        structureId: s.id,
        nodeId: toNodeId,
        validFrom: now,
        validTo: null,
      })),
    );
  }
  return moved.length;
}

/** One event per grid whose households changed, filed under the grid's path (scoped like its households). */
function announceGrids(w: Write, s: Structure, grids: { id: string; path: string }[]) {
  const seen = new Set<string>();
  for (const g of grids) {
    if (seen.has(g.id)) continue;
    seen.add(g.id);
    w.emit({
      type: 'structure.assignments.changed',
      subjectType: 'node',
      subjectId: g.id,
      path: g.path,
      payload: { structureId: s.id, nodeId: g.id, active: s.status === 'active' },
    });
  }
}

const retired = () =>
  new AppError(409, 'STRUCTURE_RETIRED', '历史结构不能修改', 'A retired structure cannot be changed', 'structureId');

export async function moveHouseholds(
  ctx: Ctx,
  caller: Caller,
  input: { structureId: string; householdIds: string[]; toNodeId: string },
) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const s = await getStructure(trx, village.id, input.structureId);
    if (s.status === 'retired') throw retired();
    const to = await assertGrid(trx, s.id, input.toNodeId, 'toNodeId');
    const from = await gridPathsOf(trx, s.id, input.householdIds);
    const moved = await assignHouseholds(ctx, trx, s, input.householdIds, input.toNodeId);
    w.audit({
      action: 'structure.move',
      targetType: 'structure',
      targetId: s.id,
      after: { householdIds: input.householdIds, toNodeId: to.id, moved },
      status: 200,
    });
    if (moved) announceGrids(w, s, [to, ...from]);
    return { moved };
  });
}

export async function splitGrid(
  ctx: Ctx,
  caller: Caller,
  input: { structureId: string; nodeId: string; householdIds: string[]; name: string; code?: string },
) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const s = await getDraft(trx, village.id, input.structureId);
    const grid = await assertGrid(trx, s.id, input.nodeId, 'nodeId');
    if (input.householdIds.length === 0)
      throw badRequest('NOTHING_TO_SPLIT', '请选择要分出的住户', 'Choose the households to split off', 'householdIds');
    const inGrid = await trx
      .selectFrom('assignments')
      .select('householdId')
      .where('structureId', '=', s.id)
      .where('nodeId', '=', grid.id)
      .execute();
    const members = new Set(inGrid.map((r) => r.householdId));
    const stray = input.householdIds.find((id) => !members.has(id));
    if (stray)
      throw badRequest(
        'NOT_IN_GRID',
        `户 ${stray} 不在网格 ${grid.code} 中`,
        `Household ${stray} is not in grid ${grid.code}`,
        'householdIds',
      );
    const node = await insertNode(trx, s, {
      parentId: grid.parentId!,
      kind: 'grid',
      name: input.name,
      code: input.code,
    });
    await assignHouseholds(ctx, trx, s, input.householdIds, node.id);
    w.audit({
      action: 'structure.split',
      targetType: 'node',
      targetId: grid.id,
      after: { nodeId: node.id, code: node.code, name: node.name, householdIds: input.householdIds },
      status: 201,
    });
    w.emit({
      type: 'structure.grid.split',
      subjectType: 'node',
      subjectId: node.id,
      path: node.path,
      payload: { structureId: s.id, nodeId: node.id, from: grid.id },
    });
    return node;
  });
}

export async function mergeGrids(
  ctx: Ctx,
  caller: Caller,
  input: { structureId: string; nodeIds: string[]; name?: string },
) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const s = await getDraft(trx, village.id, input.structureId);
    const ids = [...new Set(input.nodeIds)];
    if (ids.length < 2)
      throw badRequest('MERGE_NEEDS_TWO', '至少选择两个网格合并', 'Choose at least two grids to merge', 'nodeIds');
    for (const id of ids) await assertGrid(trx, s.id, id, 'nodeIds');
    const [keep, ...others] = ids;
    await trx
      .updateTable('assignments')
      .set({ nodeId: keep })
      .where('structureId', '=', s.id)
      .where('nodeId', 'in', others)
      .execute();
    await trx.deleteFrom('posts').where('structureId', '=', s.id).where('nodeId', 'in', others).execute();
    await trx.deleteFrom('nodes').where('structureId', '=', s.id).where('id', 'in', others).execute();
    if (input.name) await trx.updateTable('nodes').set({ name: input.name }).where('id', '=', keep).execute();
    const kept = await getNode(trx, s.id, keep);
    w.audit({
      action: 'structure.merge',
      targetType: 'node',
      targetId: keep,
      after: { merged: others, name: kept.name },
      status: 200,
    });
    w.emit({
      type: 'structure.grid.merged',
      subjectType: 'node',
      subjectId: keep,
      path: kept.path,
      payload: { structureId: s.id, nodeId: keep, merged: others },
    });
    return kept;
  });
}

/** Take households out of a draft's grids (e.g. a house pulled down); validation then lists them as uncovered. */
export async function unassignHouseholds(
  ctx: Ctx,
  caller: Caller,
  input: { structureId: string; householdIds: string[] },
) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const s = await getDraft(trx, village.id, input.structureId);
    const ids = [...new Set(input.householdIds)];
    const from = await gridPathsOf(trx, s.id, ids);
    let removed = 0;
    for (const part of chunks(ids)) {
      const res = await trx
        .deleteFrom('assignments')
        .where('structureId', '=', s.id)
        .where('householdId', 'in', part)
        .executeTakeFirst();
      removed += Number(res.numDeletedRows);
    }
    w.audit({
      action: 'structure.unassign',
      targetType: 'structure',
      targetId: s.id,
      after: { householdIds: ids, removed },
      status: 200,
    });
    if (removed) announceGrids(w, s, from);
    return { removed };
  });
}
