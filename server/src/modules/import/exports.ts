/** Spreadsheet exports of a village: the roster (masked unless revealed) and the grid assignments. */
import type { Ctx } from '../../context';
import type { HouseholdKind } from '../../db/types';
import { AppError } from '../../lib/errors';
import { householdKinds } from '../registry/labels';
import { activeStructureId, gridMembersAt } from '../registry/repo';
import { COLUMNS } from './columns';
import { loadSnapshot } from './repo';
import { rosterRows, rowValues } from './roster';
import { writeXlsx } from './xlsx';

export async function rosterXlsx(ctx: Ctx, villageId: string, opts: { reveal?: boolean } = {}): Promise<Buffer> {
  const snap = await ctx.db.transaction().execute((trx) => loadSnapshot(ctx.database, trx, villageId));
  const rows = rosterRows(snap, opts).map(rowValues);
  return writeXlsx([
    { name: '花名册', columns: COLUMNS.map((c) => ({ header: c.zh, width: c.width, text: c.text })), rows },
  ]);
}

const ASSIGNMENT_COLUMNS = [
  { header: '网格编号', width: 10 },
  { header: '网格名称', width: 16 },
  { header: '片', width: 12 },
  { header: '区', width: 12 },
  { header: '网格员', width: 16 },
  { header: '户号', width: 10, text: true },
  { header: '地址', width: 24 },
  { header: '户类型', width: 10 },
  { header: '人数', width: 6 },
];

/** One row per household in the active structure, grouped by grid; unassigned households last. */
export async function assignmentsXlsx(ctx: Ctx, villageId: string): Promise<Buffer> {
  const db = ctx.db;
  const active = await activeStructureId(db, villageId);
  if (!active) {
    throw new AppError(
      409,
      'NO_ACTIVE_STRUCTURE',
      '本村还没有启用的网格结构',
      'The village has no active grid structure',
      'village',
    );
  }
  const nodes = await db
    .selectFrom('nodes')
    .select(['id', 'parentId', 'kind', 'code', 'name', 'sort'])
    .where('structureId', '=', active)
    .execute();
  const [posts, households, assignments, counts] = await Promise.all([
    gridMembersAt(
      db,
      nodes.filter((n) => n.kind === 'grid').map((n) => n.id),
    ),
    db
      .selectFrom('households')
      .select(['id', 'number', 'address', 'kind'])
      .where('villageId', '=', villageId)
      .execute(),
    db.selectFrom('assignments').select(['householdId', 'nodeId']).where('structureId', '=', active).execute(),
    db
      .selectFrom('residents')
      .select(['householdId', (eb) => eb.fn.countAll<number>().as('n')])
      .where('villageId', '=', villageId)
      .groupBy('householdId')
      .execute(),
  ]);
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  const ancestor = (id: string | null, kind: string): string => {
    for (let n = id ? nodeById.get(id) : undefined; n; n = n.parentId ? nodeById.get(n.parentId) : undefined)
      if (n.kind === kind) return n.name;
    return '';
  };
  const memberNames = new Map<string, string[]>();
  for (const p of posts) memberNames.set(p.nodeId, [...(memberNames.get(p.nodeId) ?? []), p.name]);
  const gridOf = new Map(assignments.map((a) => [a.householdId, a.nodeId]));
  const residentCount = new Map(counts.map((c) => [c.householdId, Number(c.n)]));
  const collator = new Intl.Collator('zh', { numeric: true }).compare;
  const rows = households
    .map((h) => ({ h, grid: nodeById.get(gridOf.get(h.id) ?? '') }))
    .sort(
      (a, b) =>
        (a.grid && b.grid ? collator(a.grid.code, b.grid.code) : a.grid ? -1 : b.grid ? 1 : 0) ||
        collator(a.h.number, b.h.number),
    )
    .map(({ h, grid }) => [
      grid?.code ?? '',
      grid?.name ?? '',
      grid ? ancestor(grid.parentId, 'patch') : '',
      grid ? ancestor(grid.parentId, 'zone') : '',
      grid ? (memberNames.get(grid.id) ?? []).join('、') : '',
      h.number,
      h.address,
      householdKinds[h.kind as HouseholdKind].zh,
      residentCount.get(h.id) ?? 0,
    ]);
  return writeXlsx([{ name: '网格分配', columns: ASSIGNMENT_COLUMNS, rows }]);
}
