/**
 * Year-end settlement (年终结算) as one batch: closes the period, pays each grid member
 * min(balance, cap) × rate, ranks grid members by the full balance (above-cap points count, for
 * "most beautiful grid member"), gives households their reward tier, and opens the next period.
 * It runs once per period: a second run is refused.
 */
import { loadExcel } from '../../lib/excel';
import { inertFormulaCells } from '../../lib/spreadsheet-text';
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { Village } from '../../db/types';
import { AppError, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { openMemberAccounts } from './accounts';
import { boardChanged } from './events';
import { payout, rank, tierFor, type Tier } from './rules';
import { getSettings, openPeriod, yearBounds } from './settings';

export interface SettlementResults {
  members: { accountId: string; personId: string; name: string; balance: number; payout: number; rank: number }[];
  households: { accountId: string; householdId: string; number: string; balance: number; tier: Tier | null }[];
}

/**
 * Settle a period. From the console (the chief or the evaluator) or the CLI (the operator is
 * recorded as the CLI): one transaction, audited and announced to the whole village.
 */
export async function settle(ctx: Ctx, caller: Caller, input: { period: string }) {
  const village = villageOf(caller);
  const periodLabel = input.period;
  const runBy = caller.actor?.accountId ?? null; // the CLI: named in the audit log
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    // The period is named, so that a retried or repeated settlement cannot close the next year.
    const named = await trx
      .selectFrom('pointsPeriods')
      .selectAll()
      .where('villageId', '=', village.id)
      .where('label', '=', periodLabel)
      .executeTakeFirst();
    if (!named) throw notFound({ zh: `${periodLabel} 积分年度`, en: `Points period ${periodLabel}` }, 'period');
    const done = await trx
      .selectFrom('pointsSettlements')
      .select('id')
      .where('periodId', '=', named.id)
      .executeTakeFirst();
    if (done || named.status !== 'open')
      throw new AppError(409, 'ALREADY_SETTLED', '该年度已结算', 'This period has already been settled', 'period', {
        settlementId: done?.id,
      });
    const period = await openPeriod(trx, village.id);
    if (period.id !== named.id)
      throw new AppError(
        409,
        'NOT_CURRENT_PERIOD',
        '只能结算当前年度',
        'Only the current period can be settled',
        'period',
      );
    // The year after a settled one opens at once, but it is settled only once it has begun.
    if (w.now < period.startsAt)
      throw new AppError(
        409,
        'PERIOD_NOT_BEGUN',
        `${period.label} 年度尚未开始，不能结算`,
        `The period ${period.label} has not begun; it cannot be settled yet`,
        'period',
      );
    // Close the period first. Locks in this order (the period, then the chain's settings row), as
    // every write into the period takes them (PostgreSQL: it holds the period FOR SHARE): a
    // proposal, objection or appeal under way is waited for and then seen by the checks below;
    // one that comes later finds the period closed.
    const closed = await trx
      .updateTable('pointsPeriods')
      .set({ status: 'settled', settledAt: w.now, settledBy: runBy })
      .where('id', '=', period.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1)
      throw new AppError(409, 'ALREADY_SETTLED', '该年度已结算', 'This period has already been settled', 'period');
    const s = await getSettings(trx, village.id, ctx.database.backend === 'postgres');
    const pending = await trx
      .selectFrom('pointsEntries')
      .select(['id', 'status'])
      .where('periodId', '=', period.id)
      .where('status', 'in', ['proposed', 'disputed'])
      .execute();
    const appeals = await trx
      .selectFrom('pointsObjections')
      .innerJoin('pointsEntries', 'pointsEntries.id', 'pointsObjections.entryId')
      .select('pointsObjections.id')
      .where('pointsEntries.periodId', '=', period.id)
      .where('pointsObjections.status', 'in', ['open', 'appealed'])
      .execute();
    if (pending.length || appeals.length) {
      throw new AppError(
        409,
        'SETTLEMENT_BLOCKED',
        `还有 ${pending.length} 条待审核或有异议的积分、${appeals.length} 件待裁定的异议或申诉`,
        `${pending.length} entries await review or are disputed, and ${appeals.length} objections or appeals await a ruling`,
        'period',
        { entries: pending, objections: appeals },
      );
    }
    const now = w.now;
    await trx
      .updateTable('pointsEntries')
      .set({ status: 'final', finalAt: now })
      .where('periodId', '=', period.id)
      .where('status', '=', 'published')
      .execute();
    const accounts = await trx
      .selectFrom('pointsAccounts')
      .leftJoin('people', 'people.id', 'pointsAccounts.personId')
      .leftJoin('households', 'households.id', 'pointsAccounts.householdId')
      .select([
        'pointsAccounts.id',
        'pointsAccounts.kind',
        'pointsAccounts.balance',
        'pointsAccounts.personId',
        'pointsAccounts.householdId',
        'people.name',
        'households.number',
      ])
      .where('pointsAccounts.periodId', '=', period.id)
      .execute();
    const tiers = JSON.parse(s.tiers) as Tier[];
    const members = rank(
      accounts
        .filter((a) => a.kind === 'member')
        .map((a) => ({
          accountId: a.id,
          personId: a.personId!,
          name: a.name ?? '',
          balance: a.balance,
          payout: payout(a.balance, s.rewardCap, s.yuanPerPoint),
        })),
    );
    const households = accounts
      .filter((a) => a.kind === 'household')
      .map((a) => ({
        accountId: a.id,
        householdId: a.householdId!,
        number: a.number ?? '',
        balance: a.balance,
        tier: tierFor(a.balance, tiers),
      }));
    const results: SettlementResults = { members, households };
    const payoutTotal = members.reduce((sum, m) => sum + m.payout, 0);

    const next = {
      id: newId(),
      villageId: village.id,
      ...yearBounds(Number(period.label) + 1),
      status: 'open' as const,
      settledAt: null,
      settledBy: null,
    };
    await trx.insertInto('pointsPeriods').values(next).execute();
    const id = newId();
    await trx
      .insertInto('pointsSettlements')
      .values({
        id,
        villageId: village.id,
        periodId: period.id,
        nextPeriodId: next.id,
        runBy,
        runAt: now,
        payoutTotal,
        results: JSON.stringify(results),
      })
      .execute();
    const opened = await openMemberAccounts(ctx, w, village.id, next.id);
    w.emit({
      type: 'points.settled',
      subjectType: 'points_period',
      subjectId: period.id,
      audience: 'all',
      payload: { period: period.label, nextPeriod: next.label, settlementId: id },
    });
    boardChanged(w, village.id);
    w.audit({
      action: 'points.settle',
      targetType: 'points_period',
      targetId: period.id,
      after: { payoutTotal, members: members.length, households: households.length, nextPeriod: next.label },
    });
    return {
      id,
      period: period.label,
      nextPeriod: next.label,
      payoutTotal,
      members: members.length,
      households: households.length,
      openedAccounts: opened,
      results,
    };
  });
}

export async function getSettlement(ctx: Ctx, village: Village, periodLabel: string) {
  const row = await ctx.db
    .selectFrom('pointsSettlements')
    .innerJoin('pointsPeriods', 'pointsPeriods.id', 'pointsSettlements.periodId')
    .selectAll('pointsSettlements')
    .select('pointsPeriods.label')
    .where('pointsSettlements.villageId', '=', village.id)
    .where('pointsPeriods.label', '=', periodLabel)
    .executeTakeFirst();
  if (!row) throw notFound({ zh: `${periodLabel} 年度结算`, en: `Settlement of ${periodLabel}` }, 'period');
  return { ...row, results: JSON.parse(row.results) as SettlementResults };
}

/** The payout list and the household reward list, as one workbook. */
export async function settlementXlsx(ctx: Ctx, village: Village, periodLabel: string): Promise<Buffer> {
  const s = await getSettlement(ctx, village, periodLabel);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const pay = wb.addWorksheet('网格员兑付 payouts');
  pay.columns = [
    { header: '排名 rank', key: 'rank', width: 8 },
    { header: '网格员 grid member', key: 'name', width: 14 },
    { header: '全年积分 balance', key: 'balance', width: 14 },
    { header: '兑付金额(元) payout (yuan)', key: 'payout', width: 22 },
  ];
  s.results.members.forEach((m) => pay.addRow(m));
  const rew = wb.addWorksheet('农户奖励 household rewards');
  rew.columns = [
    { header: '户号 household', key: 'number', width: 14 },
    { header: '积分 points', key: 'balance', width: 10 },
    { header: '奖励档次 tier', key: 'tier', width: 40 },
  ];
  s.results.households
    .filter((h) => h.tier)
    .sort((a, b) => b.balance - a.balance)
    .forEach((h) => rew.addRow({ ...h, tier: `${h.tier!.zh} / ${h.tier!.en}` }));
  inertFormulaCells(pay);
  inertFormulaCells(rew);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
