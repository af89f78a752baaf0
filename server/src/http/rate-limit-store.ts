/**
 * A store for @fastify/rate-limit kept in the database (`rate_limits`): one counter per route and
 * key (the caller's address) and window, counted by one atomic upsert, so every process serving
 * the database counts the same requests — on SQLite with no setup, on PostgreSQL in the shared
 * database. The window follows the injected clock. Counters of past windows are pruned daily.
 */
import { sql } from 'kysely';
import type { Ctx } from '../context';

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

export function databaseRateLimitStore(ctx: Ctx) {
  return class DatabaseRateLimitStore {
    constructor(private prefix = '') {}

    child(routeOptions: { routeInfo?: { method?: string | string[]; url?: string } }) {
      const r = routeOptions.routeInfo ?? {};
      return new DatabaseRateLimitStore(r.url ? `${[r.method].flat().join(',')} ${r.url} ` : this.prefix);
    }

    incr(key: string, cb: Callback, timeWindow: number) {
      const now = ctx.clock.now();
      const expired = sql<boolean>`${sql.ref('rateLimits.windowStart')} + ${timeWindow} <= ${now}`;
      ctx.db
        .insertInto('rateLimits')
        .values({ key: this.prefix + key, hits: 1, windowStart: now })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql`case when ${expired} then 1 else ${sql.ref('rateLimits.hits')} + 1 end`,
            windowStart: sql`case when ${expired} then ${now} else ${sql.ref('rateLimits.windowStart')} end`,
          }),
        )
        .returning(['hits', 'windowStart'])
        .executeTakeFirstOrThrow()
        .then(
          (r) => cb(null, { current: Number(r.hits), ttl: Math.max(0, Number(r.windowStart) + timeWindow - now) }),
          (err: Error) => cb(err),
        );
    }

    read(key: string, cb: Callback, timeWindow: number) {
      const now = ctx.clock.now();
      ctx.db
        .selectFrom('rateLimits')
        .select(['hits', 'windowStart'])
        .where('key', '=', this.prefix + key)
        .executeTakeFirst()
        .then(
          (r) =>
            !r || Number(r.windowStart) + timeWindow <= now
              ? cb(null, { current: 0, ttl: 0 })
              : cb(null, { current: Number(r.hits), ttl: Number(r.windowStart) + timeWindow - now }),
          (err: Error) => cb(err),
        );
    }
  };
}
