/**
 * The points shop (积分超市): goods with stock and a price in points. A household redeems; stock
 * and available points never go below zero, even with concurrent redemptions (conditional
 * updates inside one transaction); staff confirm pick-up; cancelling returns the points by a
 * reversal entry. "Earned this year" (balance: tiers, rankings) stays apart from "available to
 * spend" (balance − spent).
 */
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import { insertMany } from '../../db/bulk';
import type { PointsEntry, Village } from '../../db/types';
import { AppError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import { accountFor } from './accounts';
import { replayOf } from './idempotency';
import { link, saveChainHead } from './ledger';
import { payloadHash } from './rules';
import { getSettings, openPeriod } from './settings';

export async function listItems(ctx: Ctx, villageId: string, all = false) {
  let q = ctx.db.selectFrom('shopItems').selectAll().where('villageId', '=', villageId);
  if (!all) q = q.where('active', '=', 1);
  return (await q.orderBy('price').execute()).map((i) => ({ ...i, active: i.active === 1 }));
}

export async function createItem(ctx: Ctx, villageId: string, input: { name: string; price: number; stock: number }) {
  const row = {
    id: newId(),
    villageId,
    name: input.name,
    price: input.price,
    stock: input.stock,
    active: 1,
    createdAt: ctx.clock.now(),
  };
  await ctx.db.insertInto('shopItems').values(row).execute();
  auditNote({ action: 'shop.item.create', targetType: 'shop_item', targetId: row.id, after: row });
  return { ...row, active: true };
}

export async function updateItem(
  ctx: Ctx,
  villageId: string,
  id: string,
  input: { price?: number; addStock?: number; active?: boolean },
) {
  const item = await ctx.db
    .selectFrom('shopItems')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!item) throw notFound({ zh: '商品', en: 'Item' }, 'itemId');
  await ctx.db
    .updateTable('shopItems')
    .set((eb) => ({
      price: input.price ?? item.price,
      active: input.active === undefined ? item.active : input.active ? 1 : 0,
      stock: eb('stock', '+', input.addStock ?? 0),
    }))
    .where('id', '=', id)
    .execute();
  auditNote({ action: 'shop.item.update', targetType: 'shop_item', targetId: id, before: item, after: input });
  return (await listItems(ctx, villageId, true)).find((i) => i.id === id)!;
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

export async function redeem(
  ctx: Ctx,
  village: Village,
  by: string,
  input: { id: string; itemId: string; householdId: string },
) {
  const hash = payloadHash({ itemId: input.itemId, householdId: input.householdId });
  return ctx.db.transaction().execute(async (trx) => {
    await lockChain(ctx, trx, village.id);
    const prior = await trx.selectFrom('shopRedemptions').selectAll().where('id', '=', input.id).executeTakeFirst();
    const again = replayOf(prior, { payloadHash: hash, villageId: village.id });
    if (again) return { redemption: again, replayed: true };
    const item = await trx
      .selectFrom('shopItems')
      .selectAll()
      .where('id', '=', input.itemId)
      .where('villageId', '=', village.id)
      .executeTakeFirst();
    if (!item || item.active !== 1) throw notFound({ zh: '商品', en: 'Item' }, 'itemId');
    const period = await openPeriod(trx, village.id);
    const account = await accountFor(ctx, trx, village.id, period.id, {
      kind: 'household',
      householdId: input.householdId,
    });
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
    const now = ctx.clock.now();
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
      id: input.id,
      villageId: village.id,
      accountId: account.id,
      itemId: item.id,
      price: item.price,
      status: 'reserved' as const,
      entryId: entry.id,
      cancelEntryId: null,
      byAccount: by,
      payloadHash: hash,
      createdAt: now,
      pickedUpBy: null,
      pickedUpAt: null,
      cancelledAt: null,
    };
    await trx.insertInto('shopRedemptions').values(redemption).execute();
    auditNote({
      action: 'shop.redeem',
      targetType: 'shop_redemption',
      targetId: input.id,
      after: { item: item.name, price: item.price },
    });
    return { redemption, replayed: false };
  });
}

async function redemptionOf(db: Executor, villageId: string, id: string) {
  const r = await db
    .selectFrom('shopRedemptions')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '兑换记录', en: 'Redemption' }, 'redemptionId');
  return r;
}

export async function cancelRedemption(ctx: Ctx, village: Village, by: string, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    await lockChain(ctx, trx, village.id);
    const r = await redemptionOf(trx, village.id, id);
    if (r.status !== 'reserved')
      throw new AppError(
        409,
        'WRONG_STATE',
        '已领取或已取消的兑换不能取消',
        'A picked-up or cancelled redemption cannot be cancelled',
        'redemptionId',
      );
    const now = ctx.clock.now();
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
    auditNote({ action: 'shop.cancel', targetType: 'shop_redemption', targetId: r.id });
    return { id: r.id, status: 'cancelled' as const };
  });
}

export async function confirmPickup(ctx: Ctx, village: Village, by: string, id: string) {
  const r = await redemptionOf(ctx.db, village.id, id);
  const res = await ctx.db
    .updateTable('shopRedemptions')
    .set({ status: 'picked_up', pickedUpBy: by, pickedUpAt: ctx.clock.now() })
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
  auditNote({ action: 'shop.pickup', targetType: 'shop_redemption', targetId: r.id });
  return { id: r.id, status: 'picked_up' as const };
}

export async function listRedemptions(ctx: Ctx, villageId: string, filter: { accountIds?: string[]; status?: string }) {
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
  return q.orderBy('shopRedemptions.createdAt', 'desc').limit(500).execute();
}
