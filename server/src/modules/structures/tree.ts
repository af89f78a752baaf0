/** The structure as a tree for the console: every node with its counts and who is responsible. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import type { Executor } from '../../db/database';
import type { NodeKind, Role, Structure } from '../../db/types';
import { notFound } from '../../lib/errors';
import { parseTags } from '../../lib/json';
import { maskPhone } from '../registry/normalize';
import { activeStructureId } from '../registry/repo';
import { getStructure, listNodes, openPosts } from './repo';

export interface TreeNode {
  id: string;
  parentId: string | null;
  kind: NodeKind;
  code: string;
  name: string;
  depth: number;
  path: string;
  /** Households and units in this node's subtree. */
  households: number;
  units: number;
  grids: number;
  staff: {
    postId: string;
    personId: string;
    name: string;
    role: Role;
    phone: string | null;
    partyMember: boolean;
    dutyTags: string[];
  }[];
}

export async function resolveStructure(db: Executor, villageId: string, idOrActive: string): Promise<Structure> {
  if (idOrActive !== 'active') return getStructure(db, villageId, idOrActive);
  const id = await activeStructureId(db, villageId);
  if (!id) throw notFound({ zh: '启用中的网格结构', en: 'Active structure' }, 'structureId');
  return getStructure(db, villageId, id);
}

export async function structureTree(ctx: Ctx, caller: Caller, input: { structureId: string }) {
  const village = villageOf(caller);
  const structure = await resolveStructure(ctx.db, village.id, input.structureId);
  const [nodes, posts, counts] = await Promise.all([
    listNodes(ctx.db, structure.id),
    openPosts(ctx.db, structure.id),
    ctx.db
      .selectFrom('assignments')
      .innerJoin('households', 'households.id', 'assignments.householdId')
      .select(['assignments.nodeId', 'households.kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('assignments.structureId', '=', structure.id)
      .groupBy(['assignments.nodeId', 'households.kind'])
      .execute(),
  ]);
  const byId = new Map<string, TreeNode>(
    nodes.map((n) => [
      n.id,
      {
        id: n.id,
        parentId: n.parentId,
        kind: n.kind,
        code: n.code,
        name: n.name,
        depth: n.depth,
        path: n.path,
        households: 0,
        units: 0,
        grids: 0,
        staff: [],
      },
    ]),
  );
  const addUp = (nodeId: string, f: (t: TreeNode) => void) => {
    for (let t = byId.get(nodeId); t; t = t.parentId ? byId.get(t.parentId) : undefined) f(t);
  };
  for (const c of counts)
    addUp(c.nodeId, (t) => (c.kind === 'household' ? (t.households += Number(c.n)) : (t.units += Number(c.n))));
  for (const n of nodes) if (n.kind === 'grid') addUp(n.id, (t) => t.grids++);
  for (const p of posts) {
    byId.get(p.nodeId)?.staff.push({
      postId: p.id,
      personId: p.personId,
      name: p.personName,
      role: p.role,
      phone: maskPhone(p.phone),
      partyMember: p.partyMember === 1,
      dutyTags: parseTags(p.dutyTags),
    });
  }
  return { structure, nodes: [...byId.values()] };
}
