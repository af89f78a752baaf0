/**
 * Pure rules of grid structures: what makes a structure valid (exact cover, size bounds, staffed
 * nodes) and what changed between two structures. No I/O: tested in milliseconds.
 */
import type { HouseholdKind, NodeKind, Role, StructureCoverage } from '../../db/types';

export interface SnapshotNode {
  id: string;
  parentId: string | null;
  kind: NodeKind;
  code: string;
  name: string;
}
export interface SnapshotPost {
  id: string;
  nodeId: string;
  personId: string;
  personName?: string;
  role: Role;
}
export interface SnapshotAssignment {
  householdId: string;
  nodeId: string;
}
export interface SnapshotHousehold {
  id: string;
  number: string;
  kind: HouseholdKind;
}

export interface Snapshot {
  coverage: StructureCoverage;
  sizeMin: number;
  sizeMax: number;
  nodes: SnapshotNode[];
  /** Open posts only. */
  posts: SnapshotPost[];
  assignments: SnapshotAssignment[];
  /** Every household and unit of the village. */
  households: SnapshotHousehold[];
}

export type ViolationCode =
  | 'UNCOVERED'
  | 'DOUBLE_COVERED'
  | 'ASSIGNED_TO_NON_GRID'
  | 'UNKNOWN_NODE'
  | 'GRID_TOO_SMALL'
  | 'GRID_TOO_LARGE'
  | 'GRID_WITHOUT_MEMBER'
  | 'NODE_WITHOUT_LEADER'
  | 'GRID_HAS_CHILDREN'
  | 'NODE_WITHOUT_GRIDS'
  | 'NO_ROOT';

export interface Violation {
  code: ViolationCode;
  zh: string;
  en: string;
  householdId?: string;
  householdNumber?: string;
  nodeId?: string;
  nodeCode?: string;
  size?: number;
}

/** Which posts lead which kind of node. A grid is staffed by a grid member. */
export const leaderRoles: Record<NodeKind, Role[]> = {
  root: ['chief'],
  zone: ['branchLeader', 'subLeader'],
  patch: ['gridLeader', 'subLeader'],
  grid: ['gridMember'],
};

export const inCoverage = (coverage: StructureCoverage, kind: HouseholdKind) =>
  coverage === 'all' || kind === 'household';

export function validate(s: Snapshot): Violation[] {
  const out: Violation[] = [];
  const nodes = new Map(s.nodes.map((n) => [n.id, n]));
  const children = new Map<string, SnapshotNode[]>();
  for (const n of s.nodes) if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const hh = new Map(s.households.map((h) => [h.id, h]));

  if (!s.nodes.some((n) => n.kind === 'root'))
    out.push({ code: 'NO_ROOT', zh: '结构没有根节点', en: 'The structure has no root node' });

  const assigned = new Map<string, string[]>();
  const sizes = new Map<string, number>();
  for (const a of s.assignments) {
    assigned.set(a.householdId, [...(assigned.get(a.householdId) ?? []), a.nodeId]);
    const node = nodes.get(a.nodeId);
    const h = hh.get(a.householdId);
    if (!node) {
      out.push({
        code: 'UNKNOWN_NODE',
        zh: `户 ${h?.number ?? a.householdId} 分配到不存在的节点`,
        en: `Household ${h?.number ?? a.householdId} is assigned to an unknown node`,
        householdId: a.householdId,
        householdNumber: h?.number,
        nodeId: a.nodeId,
      });
      continue;
    }
    if (node.kind !== 'grid') {
      out.push({
        code: 'ASSIGNED_TO_NON_GRID',
        zh: `户 ${h?.number} 分配到非网格节点 ${node.code}`,
        en: `Household ${h?.number} is assigned to ${node.code}, which is not a grid`,
        householdId: a.householdId,
        householdNumber: h?.number,
        nodeId: node.id,
        nodeCode: node.code,
      });
    }
    sizes.set(a.nodeId, (sizes.get(a.nodeId) ?? 0) + 1);
  }

  for (const h of s.households) {
    const at = assigned.get(h.id) ?? [];
    if (at.length > 1) {
      const codes = at.map((id) => nodes.get(id)?.code ?? id).join(', ');
      out.push({
        code: 'DOUBLE_COVERED',
        zh: `户 ${h.number} 被多个网格重复覆盖：${codes}`,
        en: `Household ${h.number} is covered by more than one grid: ${codes}`,
        householdId: h.id,
        householdNumber: h.number,
      });
    } else if (at.length === 0 && inCoverage(s.coverage, h.kind)) {
      out.push({
        code: 'UNCOVERED',
        zh: `户 ${h.number} 未被任何网格覆盖`,
        en: `Household ${h.number} is not covered by any grid`,
        householdId: h.id,
        householdNumber: h.number,
      });
    }
  }

  const staffed = new Set<string>();
  for (const p of s.posts) {
    const node = nodes.get(p.nodeId);
    if (node && leaderRoles[node.kind].includes(p.role)) staffed.add(node.id);
  }

  for (const n of s.nodes) {
    const kids = children.get(n.id) ?? [];
    if (n.kind === 'grid') {
      const size = sizes.get(n.id) ?? 0;
      if (size < s.sizeMin)
        out.push({
          code: 'GRID_TOO_SMALL',
          zh: `网格 ${n.code} ${n.name} 只有 ${size} 户，少于下限 ${s.sizeMin}`,
          en: `Grid ${n.code} ${n.name} has ${size} households, fewer than ${s.sizeMin}`,
          nodeId: n.id,
          nodeCode: n.code,
          size,
        });
      if (size > s.sizeMax)
        out.push({
          code: 'GRID_TOO_LARGE',
          zh: `网格 ${n.code} ${n.name} 有 ${size} 户，超过上限 ${s.sizeMax}`,
          en: `Grid ${n.code} ${n.name} has ${size} households, more than ${s.sizeMax}`,
          nodeId: n.id,
          nodeCode: n.code,
          size,
        });
      if (!staffed.has(n.id))
        out.push({
          code: 'GRID_WITHOUT_MEMBER',
          zh: `网格 ${n.code} ${n.name} 没有网格员`,
          en: `Grid ${n.code} ${n.name} has no grid member`,
          nodeId: n.id,
          nodeCode: n.code,
        });
      if (kids.length)
        out.push({
          code: 'GRID_HAS_CHILDREN',
          zh: `网格 ${n.code} 下不能再有下级节点`,
          en: `Grid ${n.code} cannot have child nodes`,
          nodeId: n.id,
          nodeCode: n.code,
        });
    } else {
      if (!staffed.has(n.id))
        out.push({
          code: 'NODE_WITHOUT_LEADER',
          zh: `节点 ${n.code} ${n.name} 没有负责人`,
          en: `Node ${n.code} ${n.name} has no leader`,
          nodeId: n.id,
          nodeCode: n.code,
        });
      if (!hasGridBelow(n.id, children))
        out.push({
          code: 'NODE_WITHOUT_GRIDS',
          zh: `节点 ${n.code} ${n.name} 下没有网格`,
          en: `Node ${n.code} ${n.name} has no grid below it`,
          nodeId: n.id,
          nodeCode: n.code,
        });
    }
  }
  return out;
}

function hasGridBelow(id: string, children: Map<string, SnapshotNode[]>): boolean {
  for (const k of children.get(id) ?? []) if (k.kind === 'grid' || hasGridBelow(k.id, children)) return true;
  return false;
}

// ---------------------------------------------------------------- diff

export interface StructureDiff {
  householdsMoved: {
    householdId: string;
    householdNumber: string;
    from: { code: string; name: string } | null;
    to: { code: string; name: string } | null;
  }[];
  gridsAdded: { code: string; name: string }[];
  gridsRemoved: { code: string; name: string }[];
  nodesRenamed: { code: string; from: string; to: string }[];
  staffChanged: { nodeCode: string; nodeName: string; role: Role; added: string[]; removed: string[] }[];
}

/**
 * Nodes are matched by code across structures (a draft cloned from the active structure keeps
 * its codes); a household "moved" when the code of its grid differs.
 */
export function diff(from: Snapshot, to: Snapshot): StructureDiff {
  const fromNodes = new Map(from.nodes.map((n) => [n.id, n]));
  const toNodes = new Map(to.nodes.map((n) => [n.id, n]));
  const gridOf = (s: Snapshot, nodes: Map<string, SnapshotNode>) => {
    const m = new Map<string, SnapshotNode>();
    for (const a of s.assignments) {
      const n = nodes.get(a.nodeId);
      if (n) m.set(a.householdId, n);
    }
    return m;
  };
  const before = gridOf(from, fromNodes);
  const after = gridOf(to, toNodes);
  const numbers = new Map([...from.households, ...to.households].map((h) => [h.id, h.number]));
  const householdsMoved: StructureDiff['householdsMoved'] = [];
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(id);
    const b = after.get(id);
    if (a?.code === b?.code) continue;
    householdsMoved.push({
      householdId: id,
      householdNumber: numbers.get(id) ?? id,
      from: a ? { code: a.code, name: a.name } : null,
      to: b ? { code: b.code, name: b.name } : null,
    });
  }
  householdsMoved.sort((x, y) => x.householdNumber.localeCompare(y.householdNumber));

  const byCode = (s: Snapshot) => new Map(s.nodes.map((n) => [n.code, n]));
  const fc = byCode(from);
  const tc = byCode(to);
  const gridsAdded = to.nodes
    .filter((n) => n.kind === 'grid' && fc.get(n.code)?.kind !== 'grid')
    .map(({ code, name }) => ({ code, name }));
  const gridsRemoved = from.nodes
    .filter((n) => n.kind === 'grid' && tc.get(n.code)?.kind !== 'grid')
    .map(({ code, name }) => ({ code, name }));
  const byCodeOrder = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  gridsAdded.sort(byCodeOrder);
  gridsRemoved.sort(byCodeOrder);
  const nodesRenamed = to.nodes
    .filter((n) => fc.has(n.code) && fc.get(n.code)!.name !== n.name)
    .map((n) => ({ code: n.code, from: fc.get(n.code)!.name, to: n.name }));

  const staff = (s: Snapshot, nodes: Map<string, SnapshotNode>) => {
    const m = new Map<string, { nodeCode: string; nodeName: string; role: Role; people: Map<string, string> }>();
    for (const p of s.posts) {
      const n = nodes.get(p.nodeId);
      if (!n) continue;
      const key = `${n.code}\u0000${p.role}`;
      if (!m.has(key)) m.set(key, { nodeCode: n.code, nodeName: n.name, role: p.role, people: new Map() });
      m.get(key)!.people.set(p.personId, p.personName ?? p.personId);
    }
    return m;
  };
  const sf = staff(from, fromNodes);
  const st = staff(to, toNodes);
  const staffChanged: StructureDiff['staffChanged'] = [];
  for (const key of new Set([...sf.keys(), ...st.keys()])) {
    const a = sf.get(key);
    const b = st.get(key);
    const added = [...(b?.people ?? new Map()).entries()].filter(([id]) => !a?.people.has(id)).map(([, n]) => n);
    const removed = [...(a?.people ?? new Map()).entries()].filter(([id]) => !b?.people.has(id)).map(([, n]) => n);
    if (added.length || removed.length) {
      const ref = (b ?? a)!;
      staffChanged.push({ nodeCode: ref.nodeCode, nodeName: ref.nodeName, role: ref.role, added, removed });
    }
  }
  staffChanged.sort((x, y) => x.nodeCode.localeCompare(y.nodeCode));
  return { householdsMoved, gridsAdded, gridsRemoved, nodesRenamed, staffChanged };
}

/** Materialised path of a node: its parent's path plus its own id. */
export const childPath = (parentPath: string | null, id: string) => `${parentPath ?? '/'}${id}/`;

/** `n` codes not yet taken, numbered after the highest `<prefix><number>` in use ("G77", "G78", …). */
export function freshCodes(taken: Iterable<string>, prefix: string, n: number): string[] {
  const used = new Set(taken);
  let max = 0;
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  for (const code of used) {
    const m = pattern.exec(code);
    if (m) max = Math.max(max, Number(m[1]));
  }
  const out: string[] = [];
  for (let i = max + 1; out.length < n; i++) {
    const code = `${prefix}${String(i).padStart(2, '0')}`;
    if (!used.has(code)) out.push(code);
  }
  return out;
}
