/** Creating and editing households and units. A new household is covered at once if a grid is named. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { Household, HouseholdKind } from '../../db/types';
import { AppError, badRequest, conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { toJsonText } from '../../lib/json';
import { nameOrThrow } from '../../lib/text';
import { cleanCode, cleanText } from './normalize';
import { presentHousehold } from './present';
import { scopedHousehold } from './scoped';

export interface HouseholdInput {
  number: string;
  kind: HouseholdKind;
  name?: string | null;
  address: string;
  tags?: string[];
  lat?: number | null;
  lng?: number | null;
  /** A grid of the active structure. */
  gridId?: string;
}

/**
 * Puts a household into a grid of the active structure, inside the caller's write, and answers
 * the grid's path. Coverage is the structures module's to write (structures/placement.ts); the
 * registry is given it where the routes are wired (http/routes.ts), so it depends on no module.
 */
export type PlaceInGrid = (
  ctx: Ctx,
  caller: Caller,
  input: { householdId: string; gridId: string },
) => Promise<{ path: string }>;

function clean(input: HouseholdInput) {
  const number = cleanCode(input.number);
  const address = cleanText(input.address);
  if (!number) throw badRequest('MISSING_HOUSEHOLD_NUMBER', '户号不能为空', 'Household number is required', 'number');
  if (!address) throw badRequest('MISSING_ADDRESS', '地址不能为空', 'Address is required', 'address');
  return {
    number,
    kind: input.kind,
    // A unit's name is optional: nothing visible typed is no name.
    name: cleanText(input.name) ? nameOrThrow(input.name, 'name', { max: 100 }) : null,
    address,
    tags: toJsonText(input.tags ?? []),
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}

const duplicateNumber = (number: string) =>
  conflict(
    'DUPLICATE_HOUSEHOLD_NUMBER',
    `户号 ${number} 已存在`,
    `Household number ${number} already exists`,
    'number',
  );

export async function createHousehold(ctx: Ctx, caller: Caller, input: HouseholdInput, placeInGrid?: PlaceInGrid) {
  const village = villageOf(caller);
  const fields = clean(input);
  if (!caller.scope.all && !input.gridId)
    throw badRequest('GRID_REQUIRED', '请选择所属网格', 'Choose the grid the household belongs to', 'gridId');
  if (input.gridId && !placeInGrid) throw new Error('createHousehold: a grid was named but no placement was wired');
  return write(ctx, caller, async (w) => {
    const dup = await w.trx
      .selectFrom('households')
      .select('id')
      .where('villageId', '=', village.id)
      .where('number', '=', fields.number)
      .executeTakeFirst();
    if (dup) throw duplicateNumber(fields.number);
    const row: Household = { id: newId(), villageId: village.id, ...fields, createdAt: w.now, updatedAt: w.now };
    await w.trx.insertInto('households').values(row).execute();
    const placed = input.gridId ? await placeInGrid!(ctx, caller, { householdId: row.id, gridId: input.gridId }) : null;
    const shown = presentHousehold(row);
    w.audit({
      action: 'household.create',
      targetType: 'household',
      targetId: row.id,
      after: { ...shown, gridId: input.gridId ?? null },
      status: 201,
    });
    w.emit({
      type: 'registry.household.created',
      subjectType: 'household',
      subjectId: row.id,
      householdId: row.id,
      path: placed?.path ?? null,
    });
    return shown;
  });
}

export async function updateHousehold(
  ctx: Ctx,
  caller: Caller,
  input: Omit<HouseholdInput, 'gridId'> & { householdId: string },
) {
  const village = villageOf(caller);
  const fields = clean(input);
  return write(ctx, caller, async (w) => {
    const { household: existing, path } = await scopedHousehold(w.trx, village.id, caller.scope, input.householdId);
    const dup = await w.trx
      .selectFrom('households')
      .select('id')
      .where('villageId', '=', village.id)
      .where('number', '=', fields.number)
      .executeTakeFirst();
    if (dup && dup.id !== existing.id) throw duplicateNumber(fields.number);
    const res = await w.trx
      .updateTable('households')
      .set({ ...fields, updatedAt: w.now })
      .where('id', '=', existing.id)
      .where('updatedAt', '=', existing.updatedAt)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(
        409,
        'CONCURRENT_EDIT',
        '记录已被他人修改，请刷新后重试',
        'The record was changed by someone else; reload and retry',
      );
    const after = presentHousehold({ ...existing, ...fields, updatedAt: w.now });
    w.audit({
      action: 'household.update',
      targetType: 'household',
      targetId: existing.id,
      before: presentHousehold(existing),
      after,
      status: 200,
    });
    w.emit({
      type: 'registry.household.updated',
      subjectType: 'household',
      subjectId: existing.id,
      householdId: existing.id,
      path,
    });
    return after;
  });
}
