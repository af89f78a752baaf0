/**
 * A structure's grids as the lists read them: each grid's path (to turn a caller's scope into grid
 * ids), code, name and the grid members now posted there. The active structure's are cached per
 * village, kept in step with the database like the access cache (modules/access/cache.ts):
 *
 * - the writes of this process, as committed (db/observe.ts): any write to structures, nodes,
 *   posts or people drops the cache, so an activated structure, a moved or renamed grid and a
 *   replaced post are seen by the very next request;
 * - the events of every process (`ctx.events.onCommit`): `structure.*`, `posts.*` and
 *   `registry.*` (people renamed by an import) drop the village's entry;
 * - every entry expires after `TTL_MS` (a change by hand in SQL that announces nothing).
 *
 * Inside a write (`db` is its transaction) a fresh entry is used, and a miss is read through the
 * transaction and kept only once it has committed (never the transaction's own uncommitted rows:
 * a write to these tables drops the cache at that commit, before the value would be kept).
 */
import { cachePerDatabase } from '../../core/context-cache';
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import type { WriteFact } from '../../db/observe';
import type { EventRow } from '../../db/types';
import { LoadingCache } from '../../lib/loading-cache';
import { activeStructureId } from './repo';

export interface GridInfo {
  id: string;
  path: string;
  code: string;
  name: string;
  /** The grid members holding a post there now, by name. */
  members: string[];
}

export interface Grids {
  structureId: string;
  /** The nodes of kind grid. */
  grids: GridInfo[];
  /** Every node of the structure (a household is assigned to a grid; the rest for safety). */
  byId: Map<string, GridInfo>;
}

/** The nodes and grid members of a structure (two reads). */
export async function gridsOf(db: Executor, structureId: string): Promise<Grids> {
  const [nodes, posts] = await Promise.all([
    db
      .selectFrom('nodes')
      .select(['id', 'kind', 'path', 'code', 'name'])
      .where('structureId', '=', structureId)
      .execute(),
    db
      .selectFrom('posts')
      .innerJoin('people', 'people.id', 'posts.personId')
      .select(['posts.nodeId', 'people.name'])
      .where('posts.structureId', '=', structureId)
      .where('posts.role', '=', 'gridMember')
      .where('posts.validTo', 'is', null)
      .orderBy('people.name')
      .execute(),
  ]);
  const byId = new Map<string, GridInfo>(
    nodes.map((n) => [n.id, { id: n.id, path: n.path, code: n.code, name: n.name, members: [] }]),
  );
  for (const p of posts) byId.get(p.nodeId)?.members.push(p.name);
  const grids = nodes.filter((n) => n.kind === 'grid').map((n) => byId.get(n.id)!);
  return { structureId, grids, byId };
}

const DROPS = new Set(['structures', 'nodes', 'posts', 'people']);
const ANNOUNCES = /^(structure|structures|posts|registry)\./;

type Cached = Grids & { villageId: string };

class GridCache {
  readonly active = new LoadingCache<string, Cached>();

  /** Committed writes of this process. */
  written(facts: WriteFact[]) {
    if (facts.some((f) => DROPS.has(f.table))) this.active.drop();
  }

  /** Events of any process. */
  announced(rows: EventRow[]) {
    for (const r of rows) {
      if (!ANNOUNCES.test(r.type)) continue;
      const village = r.villageId;
      this.active.drop((g) => g.villageId === village);
    }
  }
}

const gridCache = cachePerDatabase(() => new GridCache());
const cacheOf = (ctx: Ctx): LoadingCache<string, Cached> => gridCache(ctx).active;

async function loadActive(db: Executor, villageId: string): Promise<Cached | null> {
  const sid = await activeStructureId(db, villageId);
  return sid ? { ...(await gridsOf(db, sid)), villageId } : null;
}

/**
 * The grids of the village's active structure (null: no active structure). Outside a write, pass
 * nothing; inside one, pass the write (`w`): its transaction reads a miss, kept after commit.
 */
export async function activeGrids(
  ctx: Ctx,
  villageId: string,
  w?: { trx: Executor; afterCommit(fn: () => void): void },
): Promise<Grids | null> {
  const cache = cacheOf(ctx);
  if (!w) return cache.get(villageId, () => loadActive(ctx.db, villageId));
  const hit = cache.peek(villageId);
  if (hit) return hit;
  const version = cache.version;
  const value = await loadActive(w.trx, villageId);
  if (value) w.afterCommit(() => cache.offer(villageId, value, version));
  return value;
}
