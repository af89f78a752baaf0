/** The command module's scope checks: a leader commands their subtree, nothing outside it. */
import type { Caller } from '../../core/caller';
import type { Executor } from '../../db/database';
import { AppError } from '../../lib/errors';
import { pathInScope, type Scope } from '../access/scope';

export const outsideScope = (field?: string) =>
  new AppError(403, 'OUTSIDE_SCOPE', '超出您负责的网格范围', 'Outside the part of the structure you lead', field);

/** A node of the structure the caller may command (its whole subtree). */
export async function commandableNode(db: Executor, caller: Caller, structureId: string, nodeId: string) {
  const node = await db
    .selectFrom('nodes')
    .select(['id', 'path', 'name'])
    .where('structureId', '=', structureId)
    .where('id', '=', nodeId)
    .executeTakeFirst();
  if (!node || !pathInScope(caller.scope, node.path)) throw outsideScope('nodeId');
  return node;
}

/** The caller's own top nodes: the root for the chief, their posts' nodes for a leader. */
export async function ownRoots(db: Executor, caller: Caller, structureId: string) {
  const q = db.selectFrom('nodes').select(['id', 'path', 'name']).where('structureId', '=', structureId);
  if (caller.scope.all) return q.where('parentId', 'is', null).execute();
  if (!caller.scope.paths.length) throw outsideScope();
  return q.where('path', 'in', caller.scope.paths).execute();
}

/**
 * Is a person called by an instruction or a muster in the caller's subtree? By their path when it
 * went out, or by their posts in the active structure now: a restructuring during the response
 * (new nodes, the grid densified overnight) hands them over with their grid.
 */
export async function personInScope(
  db: Executor,
  caller: Caller,
  villageId: string,
  personId: string,
  pathThen: string | null,
): Promise<boolean> {
  if (pathInScope(caller.scope, pathThen)) return true;
  const now = await db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
    .select('nodes.path')
    .where('posts.villageId', '=', villageId)
    .where('posts.personId', '=', personId)
    .where('posts.validTo', 'is', null)
    .where('structures.status', '=', 'active')
    .execute();
  return now.some((p) => pathInScope(caller.scope, p.path));
}

/**
 * The caller's scope over something sent in a structure that may since have been replaced (an
 * instruction, a muster, a notice keep the paths of the structure they went out in): their
 * subtree now, and the posts they held in that structure at that time — a leader keeps their
 * board, and may amend, cancel or close what they led, across an overnight restructuring.
 */
export async function scopeAt(db: Executor, caller: Caller, structureId: string, at: number): Promise<Scope> {
  const personId = caller.actor?.personId;
  if (caller.scope.all || !personId) return caller.scope;
  const then = await db
    .selectFrom('posts')
    .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
    .select('nodes.path')
    .where('posts.structureId', '=', structureId)
    .where('posts.personId', '=', personId)
    .where('posts.role', '!=', 'reserve')
    .where((eb) => eb.or([eb('posts.validFrom', 'is', null), eb('posts.validFrom', '<=', at)]))
    .where((eb) => eb.or([eb('posts.validTo', 'is', null), eb('posts.validTo', '>=', at)]))
    .execute();
  return { ...caller.scope, paths: [...new Set([...caller.scope.paths, ...then.map((p) => p.path)])] };
}
