/**
 * The import's write path step by step, to see where the time goes. It follows
 * server/src/modules/import/apply.ts (applyImport + writePlan) call for call, with a clock
 * around each step; keep the two in step if apply.ts changes.
 */
import type { Ctx } from '../../server/src/context';
import { insertMany } from '../../server/src/db/bulk';
import { newId } from '../../server/src/lib/ids';
import { updateMany } from '../../server/src/db/bulk-update';
import { checkRows } from '../../server/src/modules/import/check';
import { planImport } from '../../server/src/modules/import/diff';
import { loadSnapshot } from '../../server/src/modules/import/repo';
import type { SheetInput } from '../../server/src/modules/import/apply';
import { villageByCode } from '../../server/src/modules/registry/villages';
import { elapsedMs, nowNs } from './timer';

export type Phases = [string, number][];

export async function importPhases(ctx: Ctx, villageCode: string, sheet: SheetInput): Promise<Phases> {
  const phases: Phases = [];
  let t = nowNs();
  const lap = (name: string) => {
    phases.push([name, elapsedMs(t)]);
    t = nowNs();
  };
  const village = await villageByCode(ctx.db, villageCode);
  const now = ctx.clock.now();
  const d = ctx.database;
  await ctx.db.transaction().execute(async (trx) => {
    lap('begin (village lookup, transaction)');
    const snap = await loadSnapshot(d, trx, village.id);
    lap('load snapshot (loadSnapshot)');
    const result = checkRows(sheet, {
      grids: snap.grids,
      residents: snap.residents,
      households: snap.households,
      today: new Date(now),
    });
    if (result.problems.length)
      throw new Error(`phases: unexpected problems ${JSON.stringify(result.problems.slice(0, 3))}`);
    lap('normalise + validate (checkRows)');
    const plan = planImport(result, snap, now, newId);
    lap('plan (planImport)');
    await insertMany(d, trx, 'households', plan.households.insert);
    await updateMany(d, trx, 'households', ['id'], plan.households.update);
    lap(`write households (${plan.households.insert.length.toLocaleString('en')} inserts)`);
    await insertMany(d, trx, 'residents', plan.residents.insert);
    await updateMany(d, trx, 'residents', ['id'], plan.residents.update);
    lap(`write residents (${plan.residents.insert.length.toLocaleString('en')} inserts)`);
    await updateMany(
      d,
      trx,
      'assignments',
      ['structureId', 'householdId'],
      plan.assignments.update as unknown as Record<string, unknown>[],
    );
    await insertMany(d, trx, 'assignments', plan.assignments.insert);
    lap(`write assignments (${plan.assignments.insert.length.toLocaleString('en')} inserts)`);
    await updateMany(
      d,
      trx,
      'coverage',
      ['id'],
      plan.coverage.close.map((id) => ({ id, validTo: now })),
    );
    await insertMany(d, trx, 'coverage', plan.coverage.insert);
    lap(`write coverage (${plan.coverage.insert.length.toLocaleString('en')} inserts)`);
    await trx
      .insertInto('imports')
      .values({
        id: newId(),
        villageId: village.id,
        fileName: 'phases',
        fileHash: '',
        rows: result.rows,
        householdsCreated: plan.counts.households.created,
        householdsUpdated: plan.counts.households.updated,
        residentsCreated: plan.counts.residents.created,
        residentsUpdated: plan.counts.residents.updated,
        createdAt: now,
      })
      .execute();
  });
  lap('commit');
  return phases;
}
