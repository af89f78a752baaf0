/**
 * Move counters by deltas on a parent row (an instruction, a muster, a notice) and on its node
 * counter rows for every node on a path, in the caller's transaction: boards read them, never
 * recount.
 */
import type { Executor } from '../../db/database';
import type { DB } from '../../db/types';
import { pathIds } from './rules';

type Table = keyof DB;

export async function bumpCounters(
  db: Executor,
  at: { parent: Table; nodes: Table; key: string; id: string },
  path: string,
  deltas: Partial<Record<string, number>>,
) {
  for (const [counter, delta] of Object.entries(deltas)) {
    if (!delta) continue;
    const add = (eb: any) => ({ [counter]: eb(eb.ref(counter), '+', delta) });
    await (db.updateTable(at.parent) as any).set(add).where('id', '=', at.id).execute();
    await (db.updateTable(at.nodes) as any)
      .set(add)
      .where(at.key, '=', at.id)
      .where('nodeId', 'in', pathIds(path))
      .execute();
  }
}
