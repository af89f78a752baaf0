/**
 * Scope filters for registry queries. A household outside the caller's scope is "not found":
 * guessing another grid's household id yields 404, never data.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../../db/database';
import type { DB, Household } from '../../db/types';
import { notFound } from '../../lib/errors';
import { pathInScope, type Scope } from '../../lib/scope';
import { householdPath } from './repo';

const loadHousehold = async (db: Executor, villageId: string, householdId: string) => {
  const h = await db
    .selectFrom('households')
    .selectAll()
    .where('id', '=', householdId)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!h) throw notFound({ zh: '户', en: 'Household' }, 'householdId');
  return h;
};

const visible = (scope: Scope, h: Household, path: string | null) =>
  scope.all || scope.householdId === h.id || (!scope.householdId && pathInScope(scope, path));

export async function householdInScope(
  db: Executor,
  villageId: string,
  scope: Scope,
  householdId: string,
): Promise<Household> {
  const h = await loadHousehold(db, villageId, householdId);
  // The grid path is looked up only when the scope needs it.
  const path = scope.all || scope.householdId ? null : await householdPath(db, villageId, h.id);
  if (!visible(scope, h, path)) throw notFound({ zh: '户', en: 'Household' }, 'householdId');
  return h;
}

/** A household in scope with its grid path in the active structure (null when uncovered): what a write announces. */
export async function scopedHousehold(
  db: Executor,
  villageId: string,
  scope: Scope,
  householdId: string,
): Promise<{ household: Household; path: string | null }> {
  const h = await loadHousehold(db, villageId, householdId);
  const path = await householdPath(db, villageId, h.id);
  if (!visible(scope, h, path)) throw notFound({ zh: '户', en: 'Household' }, 'householdId');
  return { household: h, path };
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
