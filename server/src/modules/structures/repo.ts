import type { Executor } from '../../db/database';
import type { Structure } from '../../db/types';
import { AppError, notFound } from '../../lib/errors';
import type { Snapshot } from './rules';

export async function getStructure(db: Executor, villageId: string, id: string): Promise<Structure> {
  const s = await db
    .selectFrom('structures')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!s) throw notFound({ zh: '网格结构', en: 'Structure' }, 'structureId');
  return s;
}

export async function getDraft(db: Executor, villageId: string, id: string): Promise<Structure> {
  const s = await getStructure(db, villageId, id);
  if (s.status !== 'draft') {
    throw new AppError(
      409,
      'STRUCTURE_NOT_DRAFT',
      '只有草稿结构可以这样修改，请先基于它新建草稿',
      'Only a draft structure can be changed this way; create a draft from it first',
      'structureId',
    );
  }
  return s;
}

export const listNodes = (db: Executor, structureId: string) =>
  db
    .selectFrom('nodes')
    .selectAll()
    .where('structureId', '=', structureId)
    .orderBy('depth')
    .orderBy('sort')
    .orderBy('code')
    .execute();

export async function getNode(db: Executor, structureId: string, nodeId: string) {
  const n = await db
    .selectFrom('nodes')
    .selectAll()
    .where('id', '=', nodeId)
    .where('structureId', '=', structureId)
    .executeTakeFirst();
  if (!n) throw notFound({ zh: '节点', en: 'Node' }, 'nodeId');
  return n;
}

export const openPosts = (db: Executor, structureId: string) =>
  db
    .selectFrom('posts')
    .innerJoin('people', 'people.id', 'posts.personId')
    .select([
      'posts.id',
      'posts.nodeId',
      'posts.personId',
      'posts.role',
      'posts.validFrom',
      'people.name as personName',
      'people.phone',
      'people.partyMember',
      'people.dutyTags',
    ])
    .where('posts.structureId', '=', structureId)
    .where('posts.validTo', 'is', null)
    .execute();

export const listAssignments = (db: Executor, structureId: string) =>
  db.selectFrom('assignments').select(['householdId', 'nodeId']).where('structureId', '=', structureId).execute();

export const gridSizes = (db: Executor, structureId: string) =>
  db
    .selectFrom('assignments')
    .select(['nodeId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('structureId', '=', structureId)
    .groupBy('nodeId')
    .execute();

export async function loadSnapshot(db: Executor, s: Structure): Promise<Snapshot> {
  const [nodes, posts, assignments, households] = await Promise.all([
    listNodes(db, s.id),
    openPosts(db, s.id),
    listAssignments(db, s.id),
    db.selectFrom('households').select(['id', 'number', 'kind']).where('villageId', '=', s.villageId).execute(),
  ]);
  return {
    coverage: s.coverage,
    sizeMin: s.sizeMin,
    sizeMax: s.sizeMax,
    nodes: nodes.map(({ id, parentId, kind, code, name }) => ({ id, parentId, kind, code, name })),
    posts: posts.map((p) => ({
      id: p.id,
      nodeId: p.nodeId,
      personId: p.personId,
      personName: p.personName,
      role: p.role,
    })),
    assignments,
    households,
  };
}

/**
 * The path of a structure's root: where an event about the structure as a whole (a draft
 * created, households taken out) is filed, so that only those who see the whole village hear it.
 */
export async function rootPath(db: Executor, structureId: string): Promise<string | null> {
  const root = await db
    .selectFrom('nodes')
    .select('path')
    .where('structureId', '=', structureId)
    .where('parentId', 'is', null)
    .executeTakeFirst();
  return root?.path ?? null;
}

/** The grid paths that given households are assigned to in a structure (before they move). */
export async function gridPathsOf(db: Executor, structureId: string, householdIds: string[]) {
  const grids = new Map<string, string>();
  for (let i = 0; i < householdIds.length; i += 500) {
    const rows = await db
      .selectFrom('assignments')
      .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
      .select(['nodes.id', 'nodes.path'])
      .distinct()
      .where('assignments.structureId', '=', structureId)
      .where('assignments.householdId', 'in', householdIds.slice(i, i + 500))
      .execute();
    for (const r of rows) grids.set(r.id, r.path);
  }
  return [...grids].map(([id, path]) => ({ id, path }));
}

/** A post still held (validTo open) in a structure. */
export async function getOpenPost(db: Executor, structureId: string, postId: string) {
  const post = await db
    .selectFrom('posts')
    .selectAll()
    .where('id', '=', postId)
    .where('structureId', '=', structureId)
    .where('validTo', 'is', null)
    .executeTakeFirst();
  if (!post) throw notFound({ zh: '岗位', en: 'Post' }, 'postId');
  return post;
}

/** The posts a person holds now in the village's active structure, with their nodes. */
export const activePostsOf = (db: Executor, villageId: string, personId: string) =>
  db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
    .select(['posts.role', 'posts.nodeId', 'nodes.path', 'nodes.code as nodeCode', 'nodes.name as nodeName'])
    .where('posts.personId', '=', personId)
    .where('posts.validTo', 'is', null)
    .where('structures.status', '=', 'active')
    .where('structures.villageId', '=', villageId)
    .execute();
