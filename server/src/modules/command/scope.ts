/** The command module's scope checks: a leader commands their subtree, nothing outside it. */
import type { Caller } from '../../core/caller';
import type { Executor } from '../../db/database';
import { AppError } from '../../lib/errors';
import { pathInScope } from '../access/scope';

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
