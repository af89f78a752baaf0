/**
 * The two grid structures of the demo village, as node trees with materialised paths and
 * household assignments:
 *  - peacetime "1+4+14+76" (active; households only; 15–20 per grid), following the streets;
 *  - crisis "1+23+74" (draft; households and units; 12–18 per grid), the November 2021 net,
 *    cut anew over all 1,324 households and units in geographic order.
 */
import { demoId } from './ids';
import { villageName } from './geography';
import type { Layout } from './households';
import type { Rng } from './random';
import type { DemoAssignment, DemoHousehold, DemoNode, DemoStructure } from './types';
import type { NodeKind } from '../../db/types';

export interface GridInfo {
  node: DemoNode;
  householdIds: string[];
}
export interface PatchInfo {
  node: DemoNode;
  grids: GridInfo[];
}
export interface ZoneInfo {
  node: DemoNode;
  patches: PatchInfo[];
}

export interface BuiltStructure {
  structure: DemoStructure;
  root: DemoNode;
  zones: ZoneInfo[];
  patches: PatchInfo[];
  grids: GridInfo[];
  nodes: DemoNode[];
  assignments: DemoAssignment[];
}

const pad = (n: number) => String(n).padStart(2, '0');

function nodeMaker(seed: number, structure: DemoStructure, nodes: DemoNode[]) {
  const counts = new Map<string | null, number>();
  return (parent: DemoNode | null, kind: NodeKind, code: string, name: string): DemoNode => {
    const id = demoId(seed, `node/${structure.id}`, code);
    const sort = counts.get(parent?.id ?? null) ?? 0;
    counts.set(parent?.id ?? null, sort + 1);
    const node: DemoNode = {
      id,
      villageId: structure.villageId,
      structureId: structure.id,
      parentId: parent?.id ?? null,
      kind,
      code,
      name,
      path: `${parent ? parent.path : '/'}${id}/`,
      depth: parent ? parent.depth + 1 : 0,
      sort,
    };
    nodes.push(node);
    return node;
  };
}

function assign(structure: DemoStructure, grids: GridInfo[]): DemoAssignment[] {
  return grids.flatMap((g) =>
    g.householdIds.map((householdId) => ({
      structureId: structure.id,
      householdId,
      villageId: structure.villageId,
      nodeId: g.node.id,
    })),
  );
}

export function buildPeacetime(seed: number, villageId: string, layout: Layout): BuiltStructure {
  const structure: DemoStructure = {
    id: demoId(seed, 'structure', 'peacetime'),
    villageId,
    name: '平时网格 1+4+14+76',
    status: 'active',
    coverage: 'households',
    sizeMin: 15,
    sizeMax: 20,
    basedOn: null,
    note: '“1+4+14+76+N”网格积分制管理模式：总格长统筹，4名分支长各管一区，14名网格长包片，76名网格员包户（每人15–20户）。',
  };
  const nodes: DemoNode[] = [];
  const make = nodeMaker(seed, structure, nodes);
  const root = make(null, 'root', 'ROOT', villageName);
  const zones: ZoneInfo[] = [];
  let p = 0,
    g = 0;
  layout.zones.forEach((z, zi) => {
    const zone: ZoneInfo = { node: make(root, 'zone', `Z${zi + 1}`, z.name), patches: [] };
    zones.push(zone);
    for (const pp of z.patches) {
      const patch: PatchInfo = { node: make(zone.node, 'patch', `P${pad(++p)}`, pp.name), grids: [] };
      zone.patches.push(patch);
      for (const gg of pp.grids)
        patch.grids.push({ node: make(patch.node, 'grid', `G${pad(++g)}`, gg.name), householdIds: gg.householdIds });
    }
  });
  const patches = zones.flatMap((z) => z.patches);
  const grids = patches.flatMap((x) => x.grids);
  return { structure, root, zones, patches, grids, nodes, assignments: assign(structure, grids) };
}

const CRISIS_GRIDS = 74;
const CRISIS_PATCHES = 23;

export function buildCrisis(
  rng: Rng,
  seed: number,
  villageId: string,
  entries: DemoHousehold[],
  basedOn: string,
): BuiltStructure {
  const structure: DemoStructure = {
    id: demoId(seed, 'structure', 'crisis'),
    villageId,
    name: '疫情网格 1+23+74',
    status: 'draft',
    coverage: 'all',
    sizeMin: 12,
    sizeMax: 18,
    basedOn,
    note: '2021年11月疫情应急：加宽网面（住户、商户、机关单位全覆盖），加密网格（74格，每格12–18户），加强网线（总网格长直管23名分网格长，每人管3–5名网格员）。',
  };
  // 1,324 = 66 × 18 + 8 × 17, in geographic order; 74 = 19 × 3 + 3 × 4 + 1 × 5 grids per patch.
  const small = CRISIS_GRIDS * 18 - entries.length;
  const sizes = rng.shuffle(Array.from({ length: CRISIS_GRIDS }, (_, i) => (i < small ? 17 : 18)));
  const perPatch = rng.shuffle([5, 4, 4, 4, ...Array.from({ length: CRISIS_PATCHES - 4 }, () => 3)]);
  const nodes: DemoNode[] = [];
  const make = nodeMaker(seed, structure, nodes);
  const root = make(null, 'root', 'ROOT', villageName);
  const patches: PatchInfo[] = [];
  let from = 0,
    g = 0;
  perPatch.forEach((count, pi) => {
    const first = streetOf(entries[from]);
    const patch: PatchInfo = {
      node: make(root, 'patch', `S${pad(pi + 1)}`, `第${pi + 1}分网格（${first}）`),
      grids: [],
    };
    patches.push(patch);
    for (let k = 0; k < count; k++) {
      const members = entries.slice(from, from + sizes[g]);
      from += sizes[g];
      g++;
      patch.grids.push({
        node: make(patch.node, 'grid', `C${pad(g)}`, `第${g}网格（${mainStreet(members)}）`),
        householdIds: members.map((m) => m.id),
      });
    }
  });
  if (from !== entries.length || g !== CRISIS_GRIDS) throw new Error('crisis grids do not add up');
  const grids = patches.flatMap((x) => x.grids);
  return { structure, root, zones: [], patches, grids, nodes, assignments: assign(structure, grids) };
}

export const streetOf = (h: DemoHousehold) => h.address.slice(villageName.length).replace(/\d+号$/, '');

function mainStreet(members: DemoHousehold[]): string {
  const count = new Map<string, number>();
  for (const m of members) count.set(streetOf(m), (count.get(streetOf(m)) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0][0];
}
