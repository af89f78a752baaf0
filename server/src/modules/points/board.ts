/**
 * The village board (公示栏): published entries and standings, readable by the whole village and
 * printable; and the verification of the board's hash chain.
 */
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import { rank, verifyChain } from './rules';
import { openPeriod } from './settings';

/** Names for accounts: the grid member's name, or the household's number and head. */
async function owners(db: Executor, villageId: string, periodId: string) {
  const rows = await db
    .selectFrom('pointsAccounts')
    .leftJoin('people', 'people.id', 'pointsAccounts.personId')
    .leftJoin('households', 'households.id', 'pointsAccounts.householdId')
    .select([
      'pointsAccounts.id',
      'pointsAccounts.kind',
      'pointsAccounts.balance',
      'pointsAccounts.spent',
      'pointsAccounts.personId',
      'pointsAccounts.householdId',
      'people.name as personName',
      'households.number as householdNumber',
    ])
    .where('pointsAccounts.villageId', '=', villageId)
    .where('pointsAccounts.periodId', '=', periodId)
    .execute();
  return rows;
}

export async function board(ctx: Ctx, villageId: string, opts: { limit?: number } = {}) {
  const period = await openPeriod(ctx.db, villageId);
  const accounts = await owners(ctx.db, villageId, period.id);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const entries = await ctx.db
    .selectFrom('pointsEntries')
    .leftJoin('pointsRules', 'pointsRules.id', 'pointsEntries.ruleId')
    .select([
      'pointsEntries.id',
      'pointsEntries.accountId',
      'pointsEntries.kind',
      'pointsEntries.requested',
      'pointsEntries.effective',
      'pointsEntries.reason',
      'pointsEntries.status',
      'pointsEntries.decidedAt',
      'pointsEntries.publishedUntil',
      'pointsEntries.reverses',
      'pointsEntries.seq',
      'pointsEntries.hash',
      'pointsRules.name as ruleName',
      'pointsRules.code as ruleCode',
    ])
    .where('pointsEntries.villageId', '=', villageId)
    .where('pointsEntries.periodId', '=', period.id)
    .where('pointsEntries.kind', 'not in', ['base', 'redemption', 'redemption_cancel'])
    .where('pointsEntries.seq', 'is not', null)
    .orderBy('pointsEntries.seq', 'desc')
    .limit(opts.limit ?? 200)
    .execute();
  const members = rank(
    accounts
      .filter((a) => a.kind === 'member')
      .map((a) => ({ accountId: a.id, name: a.personName ?? '', balance: a.balance })),
  );
  const households = rank(
    accounts
      .filter((a) => a.kind === 'household')
      .map((a) => ({ accountId: a.id, number: a.householdNumber ?? '', balance: a.balance })),
  ).slice(0, 50);
  return {
    period: { id: period.id, label: period.label },
    entries: entries.map((e) => {
      const a = byId.get(e.accountId);
      return { ...e, account: { kind: a?.kind, name: a?.kind === 'member' ? a.personName : a?.householdNumber } };
    }),
    standings: { members, households },
  };
}

/** Check the whole chain of the village; the first entry that does not match is named. */
export async function verifyBoard(db: Executor, villageId: string) {
  const rows = await db
    .selectFrom('pointsEntries')
    .selectAll()
    .where('villageId', '=', villageId)
    .where('seq', 'is not', null)
    .orderBy('seq')
    .execute();
  const head = await db
    .selectFrom('pointsSettings')
    .select(['chainHead', 'chainLength'])
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  const r = verifyChain(rows);
  if (r.ok && head && (head.chainLength !== rows.length || head.chainHead !== (rows.at(-1)?.hash ?? null))) {
    return {
      ok: false,
      checked: rows.length,
      brokenAt: { seq: head.chainLength, id: 'head', reason: 'link' as const },
    };
  }
  return r;
}
