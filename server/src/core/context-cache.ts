/**
 * A cache per database of a context, told of the database's own writes (as they commit) and of
 * the events committed by any process: the pattern of the access cache and the grids cache.
 */
import type { Ctx } from '../context';

type Facts = Parameters<Parameters<Ctx['database']['observer']['onWrite']>[0]>[0];
type Rows = Parameters<Parameters<Ctx['events']['onCommit']>[0]>[0];

export interface Invalidated {
  written(facts: Facts): void;
  announced(rows: Rows): void;
}

/** `of(ctx)`: the context's cache, made and subscribed on first use (once per database and event bus). */
export function cachePerDatabase<C extends Invalidated>(make: () => C): (ctx: Ctx) => C {
  const caches = new WeakMap<Ctx['database'], C>();
  const heard = new WeakSet<Ctx['events']>();
  return (ctx) => {
    let c = caches.get(ctx.database);
    if (!c) {
      const cache = make();
      ctx.database.observer.onWrite((facts) => cache.written(facts));
      caches.set(ctx.database, (c = cache));
    }
    if (!heard.has(ctx.events)) {
      const cache = c;
      ctx.events.onCommit((rows) => cache.announced(rows));
      heard.add(ctx.events);
    }
    return c;
  };
}
