/** Points settings and periods of a village, and the accounts of a period (opened on first use). */
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import type { PointsAccount, PointsSettings } from '../../db/types';
import { AppError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { Tier } from './rules';

export const defaultTiers: Tier[] = [
  { min: 80, zh: '一等：面粉一袋 + 食用油一桶', en: 'First: a bag of flour and a can of oil' },
  { min: 60, zh: '二等：面粉一袋', en: 'Second: a bag of flour' },
  { min: 40, zh: '三等：日用品一份', en: 'Third: a pack of daily goods' },
];

export const defaultSettings = (villageId: string, now: number): PointsSettings => ({
  villageId,
  memberBase: 200,
  rewardCap: 600,
  yuanPerPoint: 1,
  householdCap: 100,
  publicationDays: 3,
  tiers: JSON.stringify(defaultTiers),
  chainHead: null,
  chainLength: 0,
  updatedAt: now,
});

/** Periods are calendar years in China time. */
export function yearBounds(year: number) {
  return {
    label: String(year),
    startsAt: Date.parse(`${year}-01-01T00:00:00+08:00`),
    endsAt: Date.parse(`${year + 1}-01-01T00:00:00+08:00`),
  };
}
export const yearOf = (t: number) => new Date(t + 8 * 3_600_000).getUTCFullYear();

/** lock: PostgreSQL only (SELECT … FOR UPDATE); SQLite transactions are serial already. */
export async function getSettings(db: Executor, villageId: string, lock = false): Promise<PointsSettings> {
  let q = db.selectFrom('pointsSettings').selectAll().where('villageId', '=', villageId);
  if (lock) q = q.forUpdate();
  const s = await q.executeTakeFirst();
  if (!s)
    throw new AppError(
      409,
      'POINTS_NOT_SET_UP',
      '本村尚未启用积分制',
      'The points system is not set up for this village',
    );
  return s;
}

/** Settings (defaults) and the current year's period, created when missing. Idempotent. */
export async function ensurePoints(ctx: Ctx, villageId: string) {
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('pointsSettings')
    .values(defaultSettings(villageId, now))
    .onConflict((oc) => oc.column('villageId').doNothing())
    .execute();
  const open = await ctx.db
    .selectFrom('pointsPeriods')
    .select('id')
    .where('villageId', '=', villageId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (!open) {
    const b = yearBounds(yearOf(now));
    await ctx.db
      .insertInto('pointsPeriods')
      .values({ id: newId(), villageId, ...b, status: 'open', settledAt: null, settledBy: null })
      .onConflict((oc) => oc.columns(['villageId', 'label']).doNothing())
      .execute();
  }
}

/**
 * The open period. share: PostgreSQL only (SELECT … FOR SHARE), for a write that puts something
 * into the period: a settlement closing it waits for that write to commit, then sees it.
 */
export async function openPeriod(db: Executor, villageId: string, share = false) {
  let q = db
    .selectFrom('pointsPeriods')
    .selectAll()
    .where('villageId', '=', villageId)
    .where('status', '=', 'open')
    .orderBy('startsAt', 'desc');
  if (share) q = q.forShare();
  const p = await q.executeTakeFirst();
  if (!p) throw new AppError(409, 'NO_OPEN_PERIOD', '没有进行中的积分年度', 'There is no open points period');
  return p;
}

export const periodClosed = () =>
  new AppError(
    409,
    'PERIOD_CLOSED',
    '该积分年度已结算，不能再记账或更改',
    'The points period is settled; nothing may be posted to it or changed in it',
    'period',
  );

/**
 * Refuse a write into a settled period (an entry, a refund, an objection, an appeal, a ruling).
 * share: as for openPeriod (PostgreSQL only).
 */
export async function assertPeriodOpen(db: Executor, periodIds: string[], share = false) {
  const ids = [...new Set(periodIds)];
  if (!ids.length) return;
  let q = db.selectFrom('pointsPeriods').select(['id', 'status']).where('id', 'in', ids);
  if (share) q = q.forShare();
  const periods = await q.execute();
  if (periods.length !== ids.length || periods.some((p) => p.status !== 'open')) throw periodClosed();
}

export async function findAccount(
  db: Executor,
  periodId: string,
  owner: { kind: 'member'; personId: string } | { kind: 'household'; householdId: string },
): Promise<PointsAccount | undefined> {
  let q = db.selectFrom('pointsAccounts').selectAll().where('periodId', '=', periodId).where('kind', '=', owner.kind);
  q =
    owner.kind === 'member' ? q.where('personId', '=', owner.personId) : q.where('householdId', '=', owner.householdId);
  return q.executeTakeFirst();
}
