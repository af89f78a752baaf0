/**
 * A caller's scope from their posts in the ACTIVE structure (the shape and the path test live in
 * lib/scope.ts, where the registry's queries use them). Computed per request from the database,
 * so activating a structure or changing a post takes effect at once.
 */
import { everything, nothing, type Scope } from '../../lib/scope';
import type { Actor } from './actor';

export { everything, nothing, pathInScope, type Scope } from '../../lib/scope';

export function scopeOf(actor: Actor): Scope {
  if (actor.kind === 'villager') return { all: false, paths: [], householdId: actor.householdId };
  if (actor.kind !== 'staff') return nothing;
  if (actor.roles.includes('chief') || actor.roles.includes('evaluator')) return everything;
  return { all: false, paths: actor.posts.filter((p) => p.role !== 'reserve').map((p) => p.path), householdId: null };
}
