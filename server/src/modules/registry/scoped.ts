/**
 * Scope filters for registry queries. A household outside the caller's scope is "not found":
 * guessing another grid's household id yields 404, never data.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../../db/database';
import type { DB, Household } from '../../db/types';
import { notFound } from '../../lib/errors';
import { pathInScope, type Scope } from '../access/scope';
import { activeStructureId } from './villages';

/** The grid path of a household in the village's active structure, or null when uncovered. */
export async function householdPath(db: Executor, villageId: string, householdId: string): Promise<string | null> {
  const sid = await activeStructureId(db, villageId);
  if (!sid) return null;
  const row = await db
    .selectFrom('assignments')
    .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
    .select('nodes.path')
    .where('assignments.structureId', '=', sid)
    .where('assignments.householdId', '=', householdId)
    .executeTakeFirst();
  return row?.path ?? null;
}

export async function householdInScope(
  db: Executor,
  villageId: string,
  scope: Scope,
  householdId: string,
): Promise<Household> {
  const h = await db
    .selectFrom('households')
    .selectAll()
    .where('id', '=', householdId)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  const visible =
    h &&
    (scope.all ||
      scope.householdId === h.id ||
      (!scope.householdId && pathInScope(scope, await householdPath(db, villageId, h.id))));
  if (!visible) throw notFound({ zh: '户', en: 'Household' }, 'householdId');
  return h;
}

/**
 * A where-clause for queries that join `nodes` (the household's grid in the active structure)
 * and `households`: keeps only rows in scope.
 */
export function scopeWhere(scope: Scope) {
  return (eb: ExpressionBuilder<DB & { nodes: DB['nodes'] }, 'households' | 'nodes'>) => {
    if (scope.all) return eb.lit(true);
    if (scope.householdId) return eb('households.id', '=', scope.householdId);
    if (!scope.paths.length) return eb.lit(false);
    return eb.or(scope.paths.map((p) => eb('nodes.path', 'like', `${p}%`)));
  };
}
