/**
 * Queries of the registry used in more than one place (by the registry and by the modules built
 * on it: structures, import, the CLI). Plain reads on whatever executor is given: inside a write,
 * pass `w.trx`.
 */
import type { Executor } from '../../db/database';

/** The village's active structure, if it has one. */
export async function activeStructureId(db: Executor, villageId: string): Promise<string | null> {
  const s = await db
    .selectFrom('structures')
    .select('id')
    .where('villageId', '=', villageId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return s?.id ?? null;
}

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

/** Households and units of the village in no grid of the given (active) structure. */
export async function countWithoutGrid(db: Executor, villageId: string, structureId: string): Promise<number> {
  const [row] = await db
    .selectFrom('households')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('households.villageId', '=', villageId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('assignments')
            .select('assignments.householdId')
            .whereRef('assignments.householdId', '=', 'households.id')
            .where('assignments.structureId', '=', structureId),
        ),
      ),
    )
    .execute();
  return Number(row.n);
}

/** The grid members now holding a post at the given grids, by name. */
export const gridMembersAt = (db: Executor, gridIds: string[]) =>
  gridIds.length
    ? db
        .selectFrom('posts')
        .innerJoin('people', 'people.id', 'posts.personId')
        .select(['posts.nodeId', 'people.name'])
        .where('posts.nodeId', 'in', gridIds)
        .where('posts.role', '=', 'gridMember')
        .where('posts.validTo', 'is', null)
        .orderBy('people.name')
        .execute()
    : Promise.resolve([]);
