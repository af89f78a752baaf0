/**
 * What every request would otherwise read again: the session behind a cookie (by token hash),
 * the API token behind a bearer, the account with its posts in the active structure (the actor)
 * and the village by code. One cache per context (so per database), kept in step with the
 * database by two kinds of news, both delivered synchronously:
 *
 * - the writes of this process, as committed (db/observe.ts): an UPDATE or DELETE of sessions,
 *   API tokens or accounts, any write to posts, structures, nodes or places, an UPDATE or DELETE
 *   of villages. No event needs to be written for this: a revoked session, a disabled account, a
 *   replaced post or an activated structure is seen by the very next request of this process.
 * - the events of every process (`ctx.events.onCommit`): `access.*` addressed to an account drops
 *   that account's sessions, tokens and actor (without an account: all of them), `posts.*` and
 *   `structure.*` drop the actors, `village.*` the villages. Another process's events arrive
 *   through PostgreSQL LISTEN/NOTIFY within milliseconds of their commit (the catch-up poll, every
 *   second, when the listener is down; on SQLite, another process is heard by the poll).
 *
 * Entries also expire after `TTL_MS`: the bound for a change made by another process that
 * announces no event (raw SQL by hand). A fill that began before an invalidation is never stored
 * (an epoch per map), so a read racing a commit cannot put the old row back.
 */
import { cachePerDatabase } from '../../core/context-cache';
import type { Ctx } from '../../context';
import type { WriteFact } from '../../db/observe';
import type { EventRow, Village } from '../../db/types';
import type { ActorCore } from './actor';
import { LoadingCache } from '../../lib/loading-cache';

export { LoadingCache, TTL_MS } from '../../lib/loading-cache';

export interface SessionRow {
  id: string;
  accountId: string;
  csrf: string;
  expiresAt: number;
  revokedAt: number | null;
  lastSeenAt: number;
}
export interface TokenRow {
  id: string;
  accountId: string;
  policies: string;
  revokedAt: number | null;
  /** When this process last wrote lastUsedAt. */
  touchedAt: number;
}

export class AccessCache {
  readonly sessions = new LoadingCache<string, SessionRow>();
  readonly tokens = new LoadingCache<string, TokenRow>();
  readonly actors = new LoadingCache<string, ActorCore>();
  readonly villages = new LoadingCache<string, Village>();

  /** Committed writes of this process. */
  written(facts: WriteFact[]) {
    for (const f of facts) {
      const changes = f.op !== 'insert'; // a new row was in no cache (misses are not kept)
      switch (f.table) {
        case 'sessions':
          if (changes && !only(f, ['last_seen_at'])) this.sessions.drop();
          break;
        case 'api_tokens':
          if (changes && !only(f, ['last_used_at'])) this.tokens.drop();
          break;
        case 'accounts':
          // Sign-ins count failures and clear locks; a password hash is not part of the actor.
          if (changes && !only(f, ['failed_logins', 'locked_until', 'updated_at', 'password_hash'])) this.actors.drop();
          break;
        case 'posts':
        case 'structures':
        case 'nodes':
        case 'places':
          this.actors.drop();
          break;
        case 'villages':
          if (changes) this.villages.drop();
          break;
      }
    }
  }

  /** Events of any process. */
  announced(rows: EventRow[]) {
    for (const r of rows) {
      const area = r.type.slice(0, r.type.indexOf('.') + 1);
      if (area === 'access.') {
        if (r.accountId) {
          const id = r.accountId;
          this.sessions.drop((s) => s.accountId === id);
          this.tokens.drop((t) => t.accountId === id);
          this.actors.drop((a) => a.accountId === id);
        } else {
          this.sessions.drop();
          this.tokens.drop();
          this.actors.drop();
        }
      } else if (area === 'posts.' || area === 'structure.' || area === 'structures.') {
        const village = r.villageId;
        this.actors.drop((a) => a.villageId === village);
      } else if (area === 'village.' || area === 'villages.') this.villages.drop();
    }
  }
}

/** An UPDATE that sets nothing but these columns (known columns only). */
const only = (f: WriteFact, columns: string[]) =>
  f.op === 'update' && f.columns !== null && f.columns.every((c) => columns.includes(c));

/** The access cache of a context's database (made, and subscribed to its news, on first use). */
export const accessCache: (ctx: Ctx) => AccessCache = cachePerDatabase(() => new AccessCache());
