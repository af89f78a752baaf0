/**
 * The points shop (积分超市): goods with stock and a price in points. A household redeems; stock
 * and available points never go below zero, even with concurrent redemptions (conditional
 * updates inside one transaction); staff confirm pick-up; cancelling returns the points by a
 * reversal entry. "Earned this year" (balance: tiers, rankings) stays apart from "available to
 * spend" (balance − spent).
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import type { Executor } from '../../db/database';
import { insertMany } from '../../db/bulk';
import type { Selectable } from 'kysely';
import type { PointsEntry, ShopItemsTable } from '../../db/types';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { nameOrThrow } from '../../lib/text';
import { pathInScope, type Scope } from '../access/scope';
import { accountFor } from './accounts';
import { actorOf } from './caller';
import { addresseesOf, type Addressee } from './events';
import { link, saveChainHead } from './ledger';
import { assertPeriodOpen, getSettings, openPeriod } from './settings';

/** The most of one kind of goods the shop keeps (as when goods are added). */
export const MAX_STOCK = 1_000_000;

export async function listItems(ctx: Ctx, villageId: string, all = false) {
  let q = ctx.db.selectFrom('shopItems').selectAll().where('villageId', '=', villageId);
  if (!all) q = q.where('active', '=', 1);
  return (await q.orderBy('price').execute()).map((i) => ({ ...i, active: i.active === 1 }));
}

/** Goods changed (added, priced, stocked, taken off or put back, one redeemed): the whole village's shop. */
function itemChanged(w: Write, villageId: string, item: { id: string; active: number | boolean; stock: number }) {
  w.emit({
    villageId,
    type: 'shop.item.changed',
    subjectType: 'shop_item',
    subjectId: item.id,
    audience: 'all',
    payload: { active: item.active === true || item.active === 1, stock: item.stock },
  });
}

export async function createItem(ctx: Ctx, caller: Caller, input: { name: string; price: number; stock: number }) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const row = {
      id: newId(),
      villageId: village.id,
      name: nameOrThrow(input.name, 'name', { max: 100 }),
      price: input.price,
      stock: input.stock,
      active: 1,
      createdAt: w.now,
    };
    await w.trx.insertInto('shopItems').values(row).execute();
    w.audit({ action: 'shop.item.create', targetType: 'shop_item', targetId: row.id, after: row });
    itemChanged(w, village.id, row);
    return { ...row, active: true };
  });
}

export async function updateItem(
  ctx: Ctx,
  caller: Caller,
  input: { itemId: string; price?: number; addStock?: number; active?: boolean },
) {
  const village = villageOf(caller);
  const add = input.addStock ?? 0;
  return write(ctx, caller, async (w) => {
    const item = await itemOf(w.trx, village.id, input.itemId);
    if (item.stock + add > MAX_STOCK)
      throw conflict(
        'STOCK_TOO_HIGH',
        `库存最多 ${MAX_STOCK}（现有 ${item.stock}）`,
        `Stock may be at most ${MAX_STOCK} (now ${item.stock})`,
        'addStock',
        { stock: item.stock },
      );
    // Conditional: a redemption taking the last one meanwhile cannot push the stock below zero.
    const res = await w.trx
      .updateTable('shopItems')
      .set((eb) => ({
        price: input.price ?? item.price,
        active: input.active === undefined ? item.active : input.active ? 1 : 0,
        stock: eb('stock', '+', add),
      }))
      .where('id', '=', item.id)
      .where((eb) => eb(eb('stock', '+', add), '>=', 0))
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw conflict(
        'STOCK_BELOW_ZERO',
        `库存不能少于零（现有 ${item.stock}）`,
        `Stock cannot go below zero (now ${item.stock})`,
        'addStock',
        { stock: item.stock },
      );
    const after = await itemOf(w.trx, village.id, item.id);
    const { itemId: _id, ...change } = input;
    w.audit({ action: 'shop.item.update', targetType: 'shop_item', targetId: item.id, before: item, after: change });
    itemChanged(w, village.id, after);
    return { ...after, active: after.active === 1 };
  });
}

async function itemOf(db: Executor, villageId: string, id: string): Promise<Selectable<ShopItemsTable>> {
  const item = await db
    .selectFrom('shopItems')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!item) throw notFound({ zh: '商品', en: 'Item' }, 'itemId');
  return item;
}

/**
 * The village's chain head, locked (PostgreSQL) before any other row, in the same order as the
 * ledger's other writes take their locks, so that concurrent writers cannot deadlock.
 */
const lockChain = (ctx: Ctx, trx: Executor, villageId: string) =>
  getSettings(trx, villageId, ctx.database.backend === 'postgres');

/** Append a shop entry (it moves "spent", not the balance) to the village's chain. */
async function chainShopEntry(ctx: Ctx, trx: Executor, villageId: string, entry: PointsEntry) {
  const s = await getSettings(trx, villageId);
  const { head, length } = link([entry], s.chainHead, s.chainLength);
  await insertMany(ctx.database, trx, 'pointsEntries', [entry]);
  await saveChainHead(trx, villageId, head, length, ctx.clock.now());
}

function shopEntry(
  base: { id: string; villageId: string; periodId: string; accountId: string; by: string; now: number },
  kind: 'redemption' | 'redemption_cancel',
  amount: number,
  availableAfter: number,
  reason: string,
  reverses: string | null,
): PointsEntry {
  return {
    id: base.id,
    villageId: base.villageId,
    periodId: base.periodId,
    accountId: base.accountId,
    kind,
    ruleId: null,
    requested: amount,
    effective: amount,
    balanceAfter: availableAfter,
    reason,
    evidence: '[]',
    status: 'final',
    proposedBy: base.by,
    approvedBy: base.by,
    reviewNote: null,
    reverses,
    reportId: null,
    idempotencyKey: null,
    payloadHash: null,
    createdAt: base.now,
    decidedAt: base.now,
    publishedUntil: null,
    finalAt: base.now,
    seq: null,
    prevHash: null,
    hash: null,
  };
}

/**
 * The household a redemption is for, when the caller may act for it (a villager: their own; staff:
 * one in their scope; else "not found"), with its grid path (where the events go): one query.
 */
async function householdFor(db: Executor, caller: Caller, villageId: string, householdId: string): Promise<Addressee> {
  const scope = caller.scope;
  const h = await db
    .selectFrom('households')
    .leftJoin('structures', (j) => j.on('structures.villageId', '=', villageId).on('structures.status', '=', 'active'))
    .leftJoin('assignments', (j) =>
      j.onRef('assignments.householdId', '=', 'households.id').onRef('assignments.structureId', '=', 'structures.id'),
    )
    .leftJoin('nodes', 'nodes.id', 'assignments.nodeId')
    .select(['households.id', 'nodes.path'])
    .where('households.id', '=', householdId)
    .where('households.villageId', '=', villageId)
    .executeTakeFirst();
  const visible = h && (scope.all || scope.householdId === h.id || (!scope.householdId && pathInScope(scope, h.path)));
  if (!visible) throw notFound({ zh: '户', en: 'Household' }, 'householdId');
  return { householdId: h.id, path: h.path ?? null };
}

function redemptionEvent(w: Write, type: string, id: string, to: Addressee, status: string) {
  w.emit({
    type,
    subjectType: 'shop_redemption',
    subjectId: id,
    householdId: to.householdId,
    path: to.path,
    payload: { status },
  });
}

/**
 * A household redeems goods: a villager for their own household, staff for one in their scope.
 * Retry-safe at the route (the client's id is the idempotency key; the redemption's id is the
 * server's): the return value is the response body.
 */
export async function redeem(ctx: Ctx, caller: Caller, input: { itemId: string; householdId?: string }) {
  const village = villageOf(caller);
  const by = actorOf(caller).accountId;
  const householdId = caller.actor?.householdId ?? input.householdId;
  if (!householdId)
    throw badRequest('HOUSEHOLD_REQUIRED', '请指定兑换的户', 'Name the household that redeems', 'householdId');
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    await lockChain(ctx, trx, village.id);
    const to = await householdFor(trx, caller, village.id, householdId);
    const item = await trx
      .selectFrom('shopItems')
      .selectAll()
      .where('id', '=', input.itemId)
      .where('villageId', '=', village.id)
      .executeTakeFirst();
    if (!item || item.active !== 1) throw notFound({ zh: '商品', en: 'Item' }, 'itemId');
    const period = await openPeriod(trx, village.id);
    const account = await accountFor(ctx, w, village.id, period.id, { kind: 'household', householdId });
    const stock = await trx
      .updateTable('shopItems')
      .set((eb) => ({ stock: eb('stock', '-', 1) }))
      .where('id', '=', item.id)
      .where('stock', '>=', 1)
      .executeTakeFirst();
    if (Number(stock.numUpdatedRows) !== 1)
      throw new AppError(409, 'OUT_OF_STOCK', `${item.name}已兑完`, `${item.name} is out of stock`, 'itemId');
    const spent = await trx
      .updateTable('pointsAccounts')
      .set((eb) => ({ spent: eb('spent', '+', item.price) }))
      .where('id', '=', account.id)
      .where((eb) => eb(eb('balance', '-', eb.ref('spent')), '>=', item.price))
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1)
      throw new AppError(409, 'INSUFFICIENT_POINTS', '可用积分不足', 'Not enough points available', 'itemId');
    const now = w.now;
    const after = await trx
      .selectFrom('pointsAccounts')
      .select(['balance', 'spent'])
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    const entry = shopEntry(
      { id: newId(), villageId: village.id, periodId: period.id, accountId: account.id, by, now },
      'redemption',
      -item.price,
      after.balance - after.spent,
      `兑换 ${item.name} / redeemed ${item.name}`,
      null,
    );
    await chainShopEntry(ctx, trx, village.id, entry);
    const redemption = {
      id: newId(),
      villageId: village.id,
      accountId: account.id,
      itemId: item.id,
      price: item.price,
      status: 'reserved' as const,
      entryId: entry.id,
      cancelEntryId: null,
      byAccount: by,
      payloadHash: '', // not used any more (idempotency is the route's); the column is NOT NULL
      createdAt: now,
      pickedUpBy: null,
      pickedUpAt: null,
      cancelledAt: null,
    };
    await trx.insertInto('shopRedemptions').values(redemption).execute();
    w.audit({
      action: 'shop.redeem',
      targetType: 'shop_redemption',
      targetId: redemption.id,
      after: { item: item.name, price: item.price },
    });
    redemptionEvent(w, 'shop.redemption.reserved', redemption.id, to, 'reserved');
    itemChanged(w, village.id, { ...item, stock: item.stock - 1 });
    const { payloadHash: _hash, ...shown } = redemption;
    return shown;
  });
}

async function redemptionOf(db: Executor, villageId: string, id: string) {
  const r = await db
    .selectFrom('shopRedemptions')
    .innerJoin('pointsAccounts', 'pointsAccounts.id', 'shopRedemptions.accountId')
    .selectAll('shopRedemptions')
    .select(['pointsAccounts.householdId', 'pointsAccounts.periodId'])
    .where('shopRedemptions.id', '=', id)
    .where('shopRedemptions.villageId', '=', villageId)
    .executeTakeFirst();
  if (!r?.householdId) throw notFound({ zh: '兑换记录', en: 'Redemption' }, 'redemptionId');
  return { ...r, householdId: r.householdId };
}

/** Cancel a reservation (the household's own, or one in the staff member's scope); the points come back. */
export async function cancelRedemption(ctx: Ctx, caller: Caller, input: { redemptionId: string }) {
  const village = villageOf(caller);
  const by = actorOf(caller).accountId;
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    await lockChain(ctx, trx, village.id);
    const r = await redemptionOf(trx, village.id, input.redemptionId);
    const to = await householdFor(trx, caller, village.id, r.householdId);
    // The refund is an entry of the redemption's year: once that year is settled, it stays spent.
    await assertPeriodOpen(trx, [r.periodId]);
    if (r.status !== 'reserved')
      throw new AppError(
        409,
        'WRONG_STATE',
        '已领取或已取消的兑换不能取消',
        'A picked-up or cancelled redemption cannot be cancelled',
        'redemptionId',
      );
    const now = w.now;
    const res = await trx
      .updateTable('shopRedemptions')
      .set({ status: 'cancelled', cancelledAt: now })
      .where('id', '=', r.id)
      .where('status', '=', 'reserved')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(
        409,
        'WRONG_STATE',
        '该兑换已处理',
        'This redemption has already been handled',
        'redemptionId',
      );
    await trx
      .updateTable('shopItems')
      .set((eb) => ({ stock: eb('stock', '+', 1) }))
      .where('id', '=', r.itemId)
      .execute();
    await trx
      .updateTable('pointsAccounts')
      .set((eb) => ({ spent: eb('spent', '-', r.price) }))
      .where('id', '=', r.accountId)
      .execute();
    const account = await trx
      .selectFrom('pointsAccounts')
      .select(['balance', 'spent', 'periodId'])
      .where('id', '=', r.accountId)
      .executeTakeFirstOrThrow();
    const entry = shopEntry(
      { id: newId(), villageId: village.id, periodId: account.periodId, accountId: r.accountId, by, now },
      'redemption_cancel',
      r.price,
      account.balance - account.spent,
      '取消兑换，积分退回 / redemption cancelled, points returned',
      r.entryId,
    );
    await chainShopEntry(ctx, trx, village.id, entry);
    await trx.updateTable('shopRedemptions').set({ cancelEntryId: entry.id }).where('id', '=', r.id).execute();
    w.audit({ action: 'shop.cancel', targetType: 'shop_redemption', targetId: r.id });
    redemptionEvent(w, 'shop.redemption.cancelled', r.id, to, 'cancelled');
    itemChanged(w, village.id, await itemOf(trx, village.id, r.itemId));
    return { id: r.id, status: 'cancelled' as const };
  });
}

/** Staff confirm the pick-up of a reservation of a household in their scope (else "not found"). */
export async function confirmPickup(ctx: Ctx, caller: Caller, input: { redemptionId: string }) {
  const village = villageOf(caller);
  const by = actorOf(caller).accountId;
  return write(ctx, caller, async (w) => {
    const r = await redemptionOf(w.trx, village.id, input.redemptionId);
    await householdFor(w.trx, caller, village.id, r.householdId).catch(() => {
      throw notFound({ zh: '兑换记录', en: 'Redemption' }, 'redemptionId');
    });
    const res = await w.trx
      .updateTable('shopRedemptions')
      .set({ status: 'picked_up', pickedUpBy: by, pickedUpAt: w.now })
      .where('id', '=', r.id)
      .where('status', '=', 'reserved')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(
        409,
        'WRONG_STATE',
        '该兑换不在待领取状态',
        'This redemption is not waiting for pick-up',
        'redemptionId',
      );
    w.audit({ action: 'shop.pickup', targetType: 'shop_redemption', targetId: r.id });
    const to = (await addresseesOf(w.trx, village.id, [{ householdId: r.householdId, personId: null }]))({
      householdId: r.householdId,
      personId: null,
    });
    redemptionEvent(w, 'shop.redemption.picked_up', r.id, to, 'picked_up');
    return { id: r.id, status: 'picked_up' as const };
  });
}

/**
 * Redemptions of the village, newest first: of some accounts, in a state, and (scope) only of
 * households in the caller's scope (their current grid in the active structure).
 */
export async function listRedemptions(
  ctx: Ctx,
  villageId: string,
  filter: { accountIds?: string[]; status?: string; scope?: Scope },
) {
  let q = ctx.db
    .selectFrom('shopRedemptions')
    .innerJoin('shopItems', 'shopItems.id', 'shopRedemptions.itemId')
    .innerJoin('pointsAccounts', 'pointsAccounts.id', 'shopRedemptions.accountId')
    .leftJoin('households', 'households.id', 'pointsAccounts.householdId')
    .select([
      'shopRedemptions.id',
      'shopRedemptions.status',
      'shopRedemptions.price',
      'shopRedemptions.createdAt',
      'shopRedemptions.pickedUpAt',
      'shopItems.name as itemName',
      'households.number as householdNumber',
      'households.id as householdId',
    ])
    .where('shopRedemptions.villageId', '=', villageId);
  if (filter.accountIds)
    q = q.where('shopRedemptions.accountId', 'in', filter.accountIds.length ? filter.accountIds : ['-']);
  if (filter.status) q = q.where('shopRedemptions.status', '=', filter.status as 'reserved');
  const scope = filter.scope;
  if (scope && !scope.all) {
    if (scope.householdId) q = q.where('pointsAccounts.householdId', '=', scope.householdId);
    else if (!scope.paths.length) return [];
    else
      q = q.where('pointsAccounts.householdId', 'in', (eb) =>
        eb
          .selectFrom('assignments')
          .innerJoin('structures', 'structures.id', 'assignments.structureId')
          .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
          .select('assignments.householdId')
          .where('structures.villageId', '=', villageId)
          .where('structures.status', '=', 'active')
          .where((w) => w.or(scope.paths.map((p) => w('nodes.path', 'like', `${p}%`)))),
      );
  }
  return q.orderBy('shopRedemptions.createdAt', 'desc').limit(500).execute();
}
