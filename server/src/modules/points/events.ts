/**
 * Where the events of the points module go. An event about a household's account carries the
 * household and its current grid path (its villagers and the staff over that grid hear it); one
 * about a grid member's account the path of the member's post node (the member and the staff
 * above them); the board, the catalogue, the settings and the shop are village-wide (`all`).
 * Events carry ids and states only: clients refetch through the scoped endpoints.
 */
import type { Write } from '../../core/write';
import type { Executor } from '../../db/database';

export interface Addressee {
  householdId: string | null;
  path: string | null;
}

export const nowhere: Addressee = { householdId: null, path: null };

export interface OwnerRef {
  householdId: string | null;
  personId: string | null;
}

/**
 * The addressees of many accounts' owners in two queries at most (one for households, one for
 * grid members), however many owners: ledger batches must not pay a round trip per entry.
 */
export async function addresseesOf(
  db: Executor,
  villageId: string,
  owners: OwnerRef[],
): Promise<(o: OwnerRef) => Addressee> {
  const households = [...new Set(owners.map((o) => o.householdId).filter((h): h is string => !!h))];
  const people = [...new Set(owners.map((o) => o.personId).filter((p): p is string => !!p))];
  const grid = new Map<string, string>();
  const post = new Map<string, string>();
  if (households.length) {
    let q = db
      .selectFrom('assignments')
      .innerJoin('structures', 'structures.id', 'assignments.structureId')
      .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
      .select(['assignments.householdId', 'nodes.path'])
      .where('structures.villageId', '=', villageId)
      .where('structures.status', '=', 'active');
    // A large batch: one pass over the village's coverage beats a long IN list.
    if (households.length <= 1000) q = q.where('assignments.householdId', 'in', households);
    for (const r of await q.execute()) grid.set(r.householdId, r.path);
  }
  if (people.length) {
    let q = db
      .selectFrom('posts')
      .innerJoin('structures', 'structures.id', 'posts.structureId')
      .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
      .select(['posts.personId', 'posts.role', 'nodes.path'])
      .where('structures.villageId', '=', villageId)
      .where('structures.status', '=', 'active')
      .where('posts.validTo', 'is', null);
    if (people.length <= 1000) q = q.where('posts.personId', 'in', people);
    // A member's grid-member post names the node their points concern; another post otherwise.
    for (const r of await q.orderBy('nodes.path').execute())
      if (!post.has(r.personId) || r.role === 'gridMember') post.set(r.personId, r.path);
  }
  return (o) =>
    o.householdId
      ? { householdId: o.householdId, path: grid.get(o.householdId) ?? null }
      : { householdId: null, path: (o.personId && post.get(o.personId)) || null };
}

/** The addressee of one points account. */
export async function addresseeOfAccount(db: Executor, villageId: string, accountId: string): Promise<Addressee> {
  const a = await db
    .selectFrom('pointsAccounts')
    .select(['householdId', 'personId'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (!a) return nowhere;
  return (await addresseesOf(db, villageId, [a]))(a);
}

const boardAnnounced = new WeakSet<Write>();

/**
 * The board (entries in publication and the standings) changed: once per write, to the whole
 * village, so every screen showing the board refetches it.
 */
export function boardChanged(w: Write, villageId: string) {
  if (boardAnnounced.has(w)) return;
  boardAnnounced.add(w);
  w.emit({ villageId, type: 'points.board.changed', subjectType: 'village', subjectId: villageId, audience: 'all' });
}
