/**
 * Grid members' accounts are scoped like households: a member's account is in scope for the
 * member and for the leaders above their post (the member's post nodes inside the caller's
 * scope paths); the chief and the evaluator see every one. Out of scope is "not found", as in
 * the registry, so guessing a person id of another grid yields nothing.
 */
import type { Caller } from '../../core/caller';
import type { Executor } from '../../db/database';
import { notFound } from '../../lib/errors';
import { pathInScope } from '../access/scope';
import { householdPath } from '../registry/repo';
import { activePostsOf } from '../structures/repo';
import type { Addressee } from './events';

type Post = Awaited<ReturnType<typeof activePostsOf>>[number];

const missing = (field: string) => notFound({ zh: '网格员', en: 'Grid member' }, field);

async function personWithPosts(db: Executor, villageId: string, personId: string, field: string) {
  const person = await db
    .selectFrom('people')
    .select('id')
    .where('id', '=', personId)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!person) throw missing(field);
  const posts = (await activePostsOf(db, villageId, person.id)).sort((a, b) => a.path.localeCompare(b.path));
  return { personId: person.id, posts };
}

/** Where a member's events go: their grid-member post's node, else another post's (as addresseesOf). */
const addresseeOf = (posts: Post[]): Addressee => ({
  householdId: null,
  path: (posts.find((p) => p.role === 'gridMember') ?? posts[0])?.path ?? null,
});

/**
 * The grid member whose account the caller reads or proposes for, when in the caller's scope
 * (else "not found" on `field`), with where that account's events go.
 */
export async function memberInScope(
  db: Executor,
  villageId: string,
  caller: Caller,
  personId: string,
  field: string,
): Promise<Addressee & { personId: string }> {
  const { posts, personId: id } = await personWithPosts(db, villageId, personId, field);
  const scope = caller.scope;
  const self = !!caller.actor?.personId && caller.actor.personId === id;
  const visible = scope.all || self || (!scope.householdId && posts.some((p) => pathInScope(scope, p.path)));
  if (!visible) throw missing(field);
  return { personId: id, ...addresseeOf(posts) };
}

/**
 * The staff member a report may be about: someone holding a post now (not in the reserve). A
 * villager reports the staff responsible for their household (the posts on the way from their
 * grid up to the village); a staff member reports those above or below their own posts; the chief
 * and the evaluator anyone of the village. Else "not found" on `field`.
 */
export async function reportableSubject(
  db: Executor,
  villageId: string,
  caller: Caller,
  personId: string,
  field: string,
): Promise<{ personId: string }> {
  const { posts: all, personId: id } = await personWithPosts(db, villageId, personId, field);
  const scope = caller.scope;
  if (scope.all) return { personId: id };
  const posts = all.filter((p) => p.role !== 'reserve');
  let related = false;
  if (scope.householdId) {
    const grid = await householdPath(db, villageId, scope.householdId);
    related = !!grid && posts.some((p) => grid.startsWith(p.path));
  } else {
    const mine = caller.actor?.posts.filter((p) => p.role !== 'reserve').map((p) => p.path) ?? [];
    related = posts.some((p) => pathInScope(scope, p.path) || mine.some((m) => m.startsWith(p.path)));
  }
  if (!related) throw missing(field);
  return { personId: id };
}
