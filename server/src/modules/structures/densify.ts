/**
 * Densify a draft (加密网格, issue #10 point 9): re-cut its grids within [min, max] households and
 * units (densify-rules.ts), optionally widening coverage to shops and institutions. A dry run
 * answers the proposal and writes nothing; otherwise the draft is rewritten in one write: parts
 * as new grid nodes under the same parents, assignments moved, absorbed grids removed, the
 * structure's coverage and size bounds set, one audit row and one event. The first part of a
 * split grid keeps its node and grid member; the other parts are answered as `unstaffed`.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { Executor } from '../../db/database';
import type { Structure } from '../../db/types';
import { conflict } from '../../lib/errors';
import { insertNode, codePrefix } from './draft';
import { densify, type DensifyGrid, type DensifyMember, type DensifyPlan } from './densify-rules';
import { assignHouseholds, chunks } from './moves';
import { getDraft, listAssignments, listNodes, rootPath } from './repo';
import { freshCodes } from './rules';

export interface DensifyRequest {
  structureId: string;
  min: number;
  max: number;
  includeUnits: boolean;
  dryRun?: boolean;
}

interface Loaded {
  grids: (DensifyGrid & { staffed: boolean })[];
  add: DensifyMember[];
  codes: string[];
  assignedTo: Map<string, string>;
}

/** The draft's grids in tree order (parents first, siblings by sort and code) with their members. */
async function load(db: Executor, s: Structure, includeUnits: boolean): Promise<Loaded> {
  const [nodes, assignments, households, members] = await Promise.all([
    listNodes(db, s.id),
    listAssignments(db, s.id),
    db
      .selectFrom('households')
      .select(['id', 'number', 'kind', 'address', 'lat', 'lng'])
      .where('villageId', '=', s.villageId)
      .execute(),
    db
      .selectFrom('posts')
      .select('nodeId')
      .where('structureId', '=', s.id)
      .where('role', '=', 'gridMember')
      .where('validTo', 'is', null)
      .execute(),
  ]);
  const kids = new Map<string | null, typeof nodes>();
  for (const n of nodes) kids.set(n.parentId, [...(kids.get(n.parentId) ?? []), n]);
  const ordered: typeof nodes = [];
  const walk = (parentId: string | null) => {
    for (const n of kids.get(parentId) ?? []) {
      ordered.push(n);
      walk(n.id);
    }
  };
  walk(null);
  const byId = new Map(households.map((h) => [h.id, h]));
  const assignedTo = new Map(assignments.map((a) => [a.householdId, a.nodeId]));
  const inGrid = new Map<string, DensifyMember[]>();
  for (const a of assignments) inGrid.set(a.nodeId, [...(inGrid.get(a.nodeId) ?? []), byId.get(a.householdId)!]);
  const staffed = new Set(members.map((p) => p.nodeId));
  return {
    grids: ordered
      .filter((n) => n.kind === 'grid')
      .map((n) => ({
        id: n.id,
        code: n.code,
        name: n.name,
        parentId: n.parentId,
        members: inGrid.get(n.id) ?? [],
        staffed: staffed.has(n.id),
      })),
    add: households.filter((h) => !assignedTo.has(h.id) && (includeUnits || h.kind === 'household')),
    codes: nodes.map((n) => n.code),
    assignedTo,
  };
}

/** The plan as answered: each proposed grid with its node (null for a part not yet written) and code. */
function present(loaded: Loaded, plan: DensifyPlan, nodeIds?: (string | null)[]) {
  const old = new Map(loaded.grids.map((g) => [g.id, g]));
  const fresh = freshCodes(loaded.codes, codePrefix.grid, plan.grids.filter((g) => g.part > 1).length);
  let next = 0;
  const grids = plan.grids.map((g, i) => {
    const from = old.get(g.from)!;
    const keeps = g.part === 1;
    return {
      nodeId: keeps ? from.id : (nodeIds?.[i] ?? null),
      code: keeps ? from.code : fresh[next++],
      name: g.name,
      parentId: g.parentId,
      from: { id: from.id, code: from.code, name: from.name },
      sources: g.sources.map((id) => old.get(id)!.code),
      households: g.households,
      units: g.units,
      size: g.memberIds.length,
      withinBounds: g.withinBounds,
      staffed: keeps && from.staffed,
      householdIds: g.memberIds,
    };
  });
  return {
    grids,
    unstaffed: grids.filter((g) => !g.staffed).map(({ nodeId, code, name }) => ({ nodeId, code, name })),
    summary: { ...plan.summary, removed: plan.summary.removed.map((id) => old.get(id)!.code) },
  };
}

export async function densifyDraft(ctx: Ctx, caller: Caller, input: DensifyRequest) {
  const village = villageOf(caller);
  const { min, max, includeUnits } = input;
  const answer = (s: Structure, body: ReturnType<typeof present>, dryRun: boolean) => ({
    structureId: s.id,
    dryRun,
    min,
    max,
    coverage: includeUnits ? ('all' as const) : s.coverage,
    ...body,
  });
  const propose = async (db: Executor, s: Structure) => {
    const loaded = await load(db, s, includeUnits);
    if (!loaded.grids.length)
      throw conflict('NO_GRIDS', '草稿中没有网格，无法加密', 'The draft has no grid to densify', 'structureId');
    return { loaded, plan: densify({ grids: loaded.grids, add: loaded.add, min, max }) };
  };

  if (input.dryRun) {
    const s = await getDraft(ctx.db, village.id, input.structureId);
    const { loaded, plan } = await propose(ctx.db, s);
    return answer(s, present(loaded, plan), true);
  }

  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const s = await getDraft(trx, village.id, input.structureId);
    const { loaded, plan } = await propose(trx, s);
    const preview = present(loaded, plan);
    const nodeIds: (string | null)[] = [];
    for (const [i, g] of plan.grids.entries()) {
      const p = preview.grids[i];
      if (g.part === 1) {
        if (g.name !== p.from.name)
          await trx.updateTable('nodes').set({ name: g.name }).where('id', '=', g.from).execute();
        nodeIds.push(g.from);
      } else {
        const node = await insertNode(trx, s, { parentId: g.parentId!, kind: 'grid', name: g.name, code: p.code });
        nodeIds.push(node.id);
      }
    }
    const targets = new Map<string, string[]>();
    plan.grids.forEach((g, i) => {
      const to = nodeIds[i]!;
      const changed = g.memberIds.filter((id) => loaded.assignedTo.get(id) !== to);
      if (changed.length) targets.set(to, changed);
    });
    for (const [to, ids] of targets) await assignHouseholds(ctx, trx, s, ids, to);
    for (const part of chunks(plan.summary.removed)) {
      await trx.deleteFrom('posts').where('structureId', '=', s.id).where('nodeId', 'in', part).execute();
      await trx.deleteFrom('nodes').where('structureId', '=', s.id).where('id', 'in', part).execute();
    }
    const coverage = includeUnits ? 'all' : s.coverage;
    await trx.updateTable('structures').set({ coverage, sizeMin: min, sizeMax: max }).where('id', '=', s.id).execute();
    const result = answer(s, present(loaded, plan, nodeIds), false);
    w.audit({
      action: 'structure.densify',
      targetType: 'structure',
      targetId: s.id,
      before: { coverage: s.coverage, sizeMin: s.sizeMin, sizeMax: s.sizeMax, grids: loaded.grids.length },
      after: { coverage, sizeMin: min, sizeMax: max, ...result.summary, unstaffed: result.unstaffed.length },
      status: 200,
    });
    w.emit({
      type: 'structure.densified',
      subjectType: 'structure',
      subjectId: s.id,
      path: await rootPath(trx, s.id),
      payload: { structureId: s.id, grids: plan.grids.length },
    });
    return result;
  });
}
