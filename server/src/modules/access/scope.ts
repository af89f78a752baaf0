/**
 * Scope is a path prefix: each person's posts in the ACTIVE structure give subtree roots; a
 * household is in scope when its current grid's path starts with one of them. Computed per
 * request from the database, so activating a structure or changing a post takes effect at once.
 */
import type { Actor } from './actor';

export interface Scope {
  /** The whole village (the chief; the evaluator for reading). */
  all: boolean;
  /** Node paths of the active structure. */
  paths: string[];
  /** A villager's own household. */
  householdId: string | null;
}

export const everything: Scope = { all: true, paths: [], householdId: null };
export const nothing: Scope = { all: false, paths: [], householdId: null };

export function scopeOf(actor: Actor): Scope {
  if (actor.kind === 'villager') return { all: false, paths: [], householdId: actor.householdId };
  if (actor.kind !== 'staff') return nothing;
  if (actor.roles.includes('chief') || actor.roles.includes('evaluator')) return everything;
  return { all: false, paths: actor.posts.filter((p) => p.role !== 'reserve').map((p) => p.path), householdId: null };
}

/** Is a node path (e.g. a household's grid) inside the scope? */
export const pathInScope = (scope: Scope, path: string | null | undefined) =>
  scope.all || (!!path && scope.paths.some((p) => path.startsWith(p)));
