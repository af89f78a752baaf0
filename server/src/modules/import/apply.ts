/**
 * The import itself: check against the stored village, plan the writes, and write them all or
 * nothing in one transaction. A dry run does everything except the writes.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { Executor } from '../../db/database';
import { insertMany } from '../../db/bulk';
import { AppError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { checkRows } from './check';
import { planImport, type Plan } from './diff';
import type { Problem } from './problems';
import { loadSnapshot, type Snapshot } from './repo';
import { updateMany } from '../../db/bulk-update';
import type { CheckResult, ImportReport, Sheet } from './types';

export interface ImportMeta {
  fileName: string;
  /** sha256 of the uploaded bytes (recorded in `imports`). */
  fileHash?: string;
  dryRun: boolean;
}

/** The part of a parsed sheet the import needs (the benchmark builds it without a file). */
export type SheetInput = Pick<Sheet, 'columns' | 'rows'> & Partial<Pick<Sheet, 'problems' | 'warnings'>>;

const invalid = (problems: Problem[]) =>
  new AppError(
    400,
    'IMPORT_INVALID',
    `文件有 ${problems.length} 处问题，未导入任何数据`,
    `The file has ${problems.length} problem(s); nothing was imported`,
    'file',
    problems,
  );

function check(sheet: SheetInput, snap: Snapshot, now: number): CheckResult {
  // Without the right headers every row would fail: report the headers alone.
  if (sheet.problems?.length)
    return { households: [], residents: [], problems: sheet.problems, rows: sheet.rows.length };
  return checkRows(sheet, {
    grids: snap.grids,
    residents: snap.residents,
    households: snap.households,
    today: new Date(now),
  });
}

function report(meta: ImportMeta, sheet: SheetInput, result: CheckResult, plan: Plan | undefined): ImportReport {
  const zero = { created: 0, updated: 0, unchanged: 0 };
  return {
    dryRun: meta.dryRun,
    fileName: meta.fileName,
    rows: result.rows,
    households: plan?.counts.households ?? zero,
    residents: plan?.counts.residents ?? { ...zero, moved: 0 },
    assignments: plan?.counts.assignments ?? { created: 0, changed: 0 },
    problems: result.problems,
    withoutGrid: plan?.withoutGrid.length ?? 0,
    warnings: [...(sheet.warnings ?? []), ...(plan?.withoutGrid ?? [])],
  };
}

async function writePlan(ctx: Ctx, trx: Executor, plan: Plan, now: number): Promise<void> {
  const d = ctx.database;
  await insertMany(d, trx, 'households', plan.households.insert);
  await updateMany(d, trx, 'households', ['id'], plan.households.update);
  await insertMany(d, trx, 'residents', plan.residents.insert);
  await updateMany(d, trx, 'residents', ['id'], plan.residents.update);
  await updateMany(
    d,
    trx,
    'assignments',
    ['structureId', 'householdId'],
    plan.assignments.update as unknown as Record<string, unknown>[],
  );
  await insertMany(d, trx, 'assignments', plan.assignments.insert);
  await updateMany(
    d,
    trx,
    'coverage',
    ['id'],
    plan.coverage.close.map((id) => ({ id, validTo: now })),
  );
  await insertMany(d, trx, 'coverage', plan.coverage.insert);
}

/** What the audit log keeps of an import: the file and the counts, never the rows. */
const audited = (r: ImportReport) => ({
  fileName: r.fileName,
  rows: r.rows,
  households: r.households,
  residents: r.residents,
  assignments: r.assignments,
  problems: r.problems.length,
  withoutGrid: r.withoutGrid,
});

/**
 * Import already-parsed rows into the caller's village. Dry run: every problem, counts of what
 * would change, no write (audited: the file was looked at). Real run: refuses with
 * IMPORT_INVALID (details = problems) if there is any problem; otherwise writes everything in one
 * transaction with an `imports` row, its audit row and one village-wide event.
 */
export async function applyImport(
  ctx: Ctx,
  caller: Caller,
  sheet: SheetInput,
  meta: ImportMeta,
): Promise<ImportReport> {
  const villageId = villageOf(caller).id;
  // A dry run reads in a transaction too (one consistent view; the raw SQLite reads need it) and writes nothing.
  return write(ctx, caller, async (w) => {
    const { trx, now } = w;
    const snap = await loadSnapshot(ctx.database, trx, villageId);
    const result = check(sheet, snap, now);
    if (meta.dryRun) {
      const dry = report(meta, sheet, result, planImport(result, snap, now, newId));
      w.audit({
        action: 'import.dry_run',
        targetType: 'village',
        targetId: villageId,
        after: audited(dry),
        status: 200,
      });
      return dry;
    }
    if (result.problems.length) throw invalid(result.problems);
    const plan = planImport(result, snap, now, newId);
    await writePlan(ctx, trx, plan, now);
    const importId = newId();
    await trx
      .insertInto('imports')
      .values({
        id: importId,
        villageId,
        fileName: meta.fileName,
        fileHash: meta.fileHash ?? '',
        rows: result.rows,
        householdsCreated: plan.counts.households.created,
        householdsUpdated: plan.counts.households.updated,
        residentsCreated: plan.counts.residents.created,
        residentsUpdated: plan.counts.residents.updated,
        createdAt: now,
      })
      .execute();
    const done = { ...report(meta, sheet, result, plan), importId };
    w.audit({ action: 'import.apply', targetType: 'import', targetId: importId, after: audited(done), status: 200 });
    // One event for the village, not one per household: whoever shows the registry refetches.
    w.emit({
      type: 'registry.roster.imported',
      subjectType: 'import',
      subjectId: importId,
      payload: {
        importId,
        households: plan.counts.households,
        residents: plan.counts.residents,
        assignments: plan.counts.assignments,
      },
    });
    return done;
  });
}
