/**
 * Scope is a path prefix: each person's posts in the ACTIVE structure give subtree roots; a
 * household is in scope when its current grid's path starts with one of them. The access guard
 * computes it per request (modules/access/scope.ts `scopeOf`); queries only read it.
 */
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

/** Is a node path (e.g. a household's grid) inside the scope? */
export const pathInScope = (scope: Scope, path: string | null | undefined) =>
  scope.all || (!!path && scope.paths.some((p) => path.startsWith(p)));
