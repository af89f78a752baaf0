/**
 * Activation: the draft becomes the village's structure in one transaction, or not at all.
 * The previous structure is retired (its posts and coverage rows closed, kept as history).
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { insertMany } from '../../db/bulk';
import { AppError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { activeStructureId } from '../registry/repo';
import { getDraft, loadSnapshot } from './repo';
import { validate } from './rules';

export async function activate(ctx: Ctx, caller: Caller, input: { structureId: string }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const draft = await getDraft(trx, village.id, input.structureId);
    const snapshot = await loadSnapshot(trx, draft);
    const violations = validate(snapshot);
    if (violations.length) {
      const first = violations[0];
      throw new AppError(
        409,
        'STRUCTURE_INVALID',
        `结构有 ${violations.length} 处问题，不能启用。第一处：${first.zh}`,
        `The structure has ${violations.length} violation(s) and cannot be activated. First: ${first.en}`,
        'structureId',
        violations,
      );
    }
    const now = w.now;
    const previous = await activeStructureId(trx, village.id);
    if (previous) {
      await trx
        .updateTable('structures')
        .set({ status: 'retired', retiredAt: now })
        .where('id', '=', previous)
        .execute();
      await trx
        .updateTable('posts')
        .set({ validTo: now })
        .where('structureId', '=', previous)
        .where('validTo', 'is', null)
        .execute();
      await trx
        .updateTable('coverage')
        .set({ validTo: now })
        .where('villageId', '=', village.id)
        .where('validTo', 'is', null)
        .execute();
    }
    // Guarded by status: a concurrent activation of the same draft finds nothing to update.
    const res = await trx
      .updateTable('structures')
      .set({ status: 'active', activatedAt: now })
      .where('id', '=', draft.id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(
        409,
        'STRUCTURE_NOT_DRAFT',
        '该结构已不是草稿',
        'The structure is no longer a draft',
        'structureId',
      );
    await trx.updateTable('posts').set({ validFrom: now }).where('structureId', '=', draft.id).execute();
    await insertMany(
      ctx.database,
      trx,
      'coverage',
      snapshot.assignments.map((a) => ({
        id: newId(),
        villageId: village.id,
        householdId: a.householdId,
        structureId: draft.id,
        nodeId: a.nodeId,
        validFrom: now,
        validTo: null,
      })),
    );
    const result = {
      structureId: draft.id,
      activatedAt: now,
      retired: previous,
      households: snapshot.assignments.length,
      grids: snapshot.nodes.filter((n) => n.kind === 'grid').length,
    };
    w.audit({ action: 'structure.activate', targetType: 'structure', targetId: draft.id, after: result, status: 200 });
    // Everyone's grid, posts and scope may have changed: every stream of the village ends and
    // reconnects under the new structure (villagers too: their grid member may be another).
    w.emit({
      type: 'structure.activated',
      subjectType: 'structure',
      subjectId: draft.id,
      audience: 'all',
      payload: { structureId: draft.id, retired: previous },
    });
    return result;
  });
}
