/**
 * A new household covered at once by the grid named (registry/household-write.ts calls this
 * through the routes' wiring): the grid must be one of the active structure's and in the caller's
 * scope; the assignment and the coverage row are written inside the caller's write.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { notFound } from '../../lib/errors';
import { pathInScope } from '../../lib/scope';
import { activeStructureId } from '../registry/repo';
import { assertGrid, assignHouseholds } from './moves';
import { getStructure } from './repo';

export async function placeInGrid(ctx: Ctx, caller: Caller, input: { householdId: string; gridId: string }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const sid = await activeStructureId(w.trx, village.id);
    if (!sid) throw notFound({ zh: '启用中的网格结构', en: 'Active structure' }, 'gridId');
    const node = await assertGrid(w.trx, sid, input.gridId, 'gridId');
    if (!pathInScope(caller.scope, node.path)) throw notFound({ zh: '网格', en: 'Grid' }, 'gridId');
    await assignHouseholds(ctx, w.trx, await getStructure(w.trx, village.id, sid), [input.householdId], node.id);
    return { path: node.path };
  });
}
