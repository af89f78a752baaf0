/** Creating and editing households and units. A new household is covered at once if a grid is named. */
import type { Ctx } from '../../context';
import type { Household, HouseholdKind } from '../../db/types';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { toJsonText } from '../../lib/json';
import { assignHouseholds } from '../structures/moves';
import { getNode, getStructure } from '../structures/repo';
import { cleanCode, cleanText } from './normalize';
import { presentHousehold } from './present';
import { activeStructureId, villageByCode } from './villages';
import { pathInScope, type Scope } from '../access/scope';
import { householdInScope } from './scoped';
import { auditNote } from '../../lib/request-context';

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

function clean(input: HouseholdInput) {
  const number = cleanCode(input.number);
  const address = cleanText(input.address);
  if (!number) throw badRequest('MISSING_HOUSEHOLD_NUMBER', '户号不能为空', 'Household number is required', 'number');
  if (!address) throw badRequest('MISSING_ADDRESS', '地址不能为空', 'Address is required', 'address');
  return {
    number,
    kind: input.kind,
    name: input.name ? cleanText(input.name) : null,
    address,
    tags: toJsonText(input.tags ?? []),
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}

export async function createHousehold(ctx: Ctx, villageCode: string, input: HouseholdInput, scope: Scope) {
  const village = await villageByCode(ctx.db, villageCode);
  const fields = clean(input);
  if (!scope.all && !input.gridId)
    throw badRequest('GRID_REQUIRED', '请选择所属网格', 'Choose the grid the household belongs to', 'gridId');
  return ctx.db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('households')
      .select('id')
      .where('villageId', '=', village.id)
      .where('number', '=', fields.number)
      .executeTakeFirst();
    if (dup)
      throw conflict(
        'DUPLICATE_HOUSEHOLD_NUMBER',
        `户号 ${fields.number} 已存在`,
        `Household number ${fields.number} already exists`,
        'number',
      );
    const now = ctx.clock.now();
    const row: Household = { id: newId(), villageId: village.id, ...fields, createdAt: now, updatedAt: now };
    await trx.insertInto('households').values(row).execute();
    if (input.gridId) {
      const sid = await activeStructureId(trx, village.id);
      if (!sid) throw notFound({ zh: '启用中的网格结构', en: 'Active structure' }, 'gridId');
      const node = await getNode(trx, sid, input.gridId);
      if (node.kind !== 'grid')
        throw badRequest('NOT_A_GRID', `${node.code} 不是网格`, `${node.code} is not a grid`, 'gridId');
      if (!pathInScope(scope, node.path)) throw notFound({ zh: '网格', en: 'Grid' }, 'gridId');
      await assignHouseholds(ctx, trx, await getStructure(trx, village.id, sid), [row.id], node.id);
    }
    auditNote({ action: 'household.create', targetType: 'household', targetId: row.id, after: presentHousehold(row) });
    return presentHousehold(row);
  });
}

export async function updateHousehold(
  ctx: Ctx,
  villageCode: string,
  householdId: string,
  input: HouseholdInput,
  scope: Scope,
) {
  const village = await villageByCode(ctx.db, villageCode);
  const fields = clean(input);
  const existing = await householdInScope(ctx.db, village.id, scope, householdId);
  const dup = await ctx.db
    .selectFrom('households')
    .select('id')
    .where('villageId', '=', village.id)
    .where('number', '=', fields.number)
    .executeTakeFirst();
  if (dup && dup.id !== existing.id)
    throw conflict(
      'DUPLICATE_HOUSEHOLD_NUMBER',
      `户号 ${fields.number} 已存在`,
      `Household number ${fields.number} already exists`,
      'number',
    );
  const now = ctx.clock.now();
  const res = await ctx.db
    .updateTable('households')
    .set({ ...fields, updatedAt: now })
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
  auditNote({
    action: 'household.update',
    targetType: 'household',
    targetId: existing.id,
    before: presentHousehold(existing),
    after: presentHousehold({ ...existing, ...fields, updatedAt: now }),
  });
  return presentHousehold({ ...existing, ...fields, updatedAt: now });
}
