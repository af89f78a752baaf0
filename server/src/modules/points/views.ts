/** Read models: my points ("why did my points change"), queues, and the chief's charts. */
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import type { Village } from '../../db/types';
import type { Actor } from '../access/actor';
import { findAccount, getSettings, openPeriod } from './settings';
import { listRedemptions } from './shop';

/** The viewer is told which entries they proposed; staff also see who proposed each (villagers never do). */
export async function entriesOf(db: Executor, accountId: string, viewer: Actor) {
  const rows = await db
    .selectFrom('pointsEntries')
    .leftJoin('pointsRules', 'pointsRules.id', 'pointsEntries.ruleId')
    .leftJoin('accounts', 'accounts.id', 'pointsEntries.proposedBy')
    .select([
      'pointsEntries.id',
      'pointsEntries.kind',
      'pointsEntries.requested',
      'pointsEntries.effective',
      'pointsEntries.balanceAfter',
      'pointsEntries.reason',
      'pointsEntries.status',
      'pointsEntries.createdAt',
      'pointsEntries.decidedAt',
      'pointsEntries.publishedUntil',
      'pointsEntries.reverses',
      'pointsEntries.reviewNote',
      'pointsEntries.evidence',
      'pointsEntries.proposedBy',
      'pointsRules.code as ruleCode',
      'pointsRules.name as ruleName',
      'accounts.displayName as proposerName',
    ])
    .where('pointsEntries.accountId', '=', accountId)
    .orderBy('pointsEntries.createdAt', 'desc')
    .orderBy('pointsEntries.seq', 'desc')
    .execute();
  const staff = viewer.kind === 'staff';
  return rows.map(({ proposedBy, proposerName, ...r }) => ({
    ...r,
    evidence: JSON.parse(r.evidence) as string[],
    clipped: r.status === 'proposed' || r.status === 'rejected' ? 0 : r.requested - r.effective,
    proposedByMe: proposedBy !== null && proposedBy === viewer.accountId,
    ...(staff ? { proposerName } : {}),
  }));
}

export async function accountView(
  ctx: Ctx,
  village: Village,
  viewer: Actor,
  owner: { kind: 'member'; personId: string } | { kind: 'household'; householdId: string },
) {
  const period = await openPeriod(ctx.db, village.id);
  const s = await getSettings(ctx.db, village.id);
  const account = await findAccount(ctx.db, period.id, owner);
  const base = {
    period: period.label,
    settings: {
      rewardCap: s.rewardCap,
      householdCap: s.householdCap,
      memberBase: s.memberBase,
      yuanPerPoint: s.yuanPerPoint,
    },
  };
  if (!account) return { ...base, account: null, entries: [], redemptions: [] };
  return {
    ...base,
    account: {
      id: account.id,
      kind: account.kind,
      balance: account.balance,
      spent: account.spent,
      available: account.balance - account.spent,
    },
    entries: await entriesOf(ctx.db, account.id, viewer),
    redemptions:
      account.kind === 'household' ? await listRedemptions(ctx, village.id, { accountIds: [account.id] }) : [],
  };
}

export async function myPoints(ctx: Ctx, village: Village, actor: Actor) {
  if (actor.householdId) return accountView(ctx, village, actor, { kind: 'household', householdId: actor.householdId });
  if (actor.personId) return accountView(ctx, village, actor, { kind: 'member', personId: actor.personId });
  return { account: null, entries: [], redemptions: [] };
}

export async function reviewQueue(ctx: Ctx, villageId: string, viewer: Actor) {
  const entries = await ctx.db
    .selectFrom('pointsEntries')
    .innerJoin('pointsAccounts', 'pointsAccounts.id', 'pointsEntries.accountId')
    .leftJoin('pointsRules', 'pointsRules.id', 'pointsEntries.ruleId')
    .leftJoin('people', 'people.id', 'pointsAccounts.personId')
    .leftJoin('households', 'households.id', 'pointsAccounts.householdId')
    .leftJoin('accounts', 'accounts.id', 'pointsEntries.proposedBy')
    .select([
      'pointsEntries.id',
      'pointsEntries.kind',
      'pointsEntries.requested',
      'pointsEntries.reason',
      'pointsEntries.evidence',
      'pointsEntries.createdAt',
      'pointsEntries.proposedBy',
      'pointsRules.code as ruleCode',
      'pointsRules.name as ruleName',
      'pointsAccounts.kind as accountKind',
      'people.name as memberName',
      'households.number as householdNumber',
      'accounts.displayName as proposerName',
    ])
    .where('pointsEntries.villageId', '=', villageId)
    .where('pointsEntries.status', '=', 'proposed')
    .orderBy('pointsEntries.createdAt')
    .execute();
  const objections = await ctx.db
    .selectFrom('pointsObjections')
    .innerJoin('pointsEntries', 'pointsEntries.id', 'pointsObjections.entryId')
    .leftJoin('pointsRules', 'pointsRules.id', 'pointsEntries.ruleId')
    .select([
      'pointsObjections.id',
      'pointsObjections.status',
      'pointsObjections.reason',
      'pointsObjections.ruling',
      'pointsObjections.appealReason',
      'pointsObjections.createdAt',
      'pointsObjections.entryId',
      'pointsEntries.effective',
      'pointsEntries.reason as entryReason',
      'pointsRules.name as ruleName',
    ])
    .where('pointsObjections.villageId', '=', villageId)
    .where('pointsObjections.status', 'in', ['open', 'appealed'])
    .orderBy('pointsObjections.createdAt')
    .execute();
  return {
    entries: entries.map((e) => ({
      ...e,
      evidence: JSON.parse(e.evidence) as string[],
      proposedByMe: e.proposedBy === viewer.accountId,
    })),
    objections,
  };
}

/** The chief's charts: household points by grid of the active structure, and net points by month. */
export async function charts(ctx: Ctx, village: Village) {
  const period = await openPeriod(ctx.db, village.id);
  const byGrid = await ctx.db
    .selectFrom('pointsAccounts')
    .innerJoin('assignments', 'assignments.householdId', 'pointsAccounts.householdId')
    .innerJoin('structures', (j) =>
      j.onRef('structures.id', '=', 'assignments.structureId').on('structures.status', '=', 'active'),
    )
    .innerJoin('nodes', 'nodes.id', 'assignments.nodeId')
    .select([
      'nodes.code',
      'nodes.name',
      (eb) => eb.fn.sum<number>('pointsAccounts.balance').as('points'),
      (eb) => eb.fn.countAll<number>().as('households'),
    ])
    .where('pointsAccounts.periodId', '=', period.id)
    .groupBy(['nodes.code', 'nodes.name'])
    .orderBy('nodes.code')
    .execute();
  const entries = await ctx.db
    .selectFrom('pointsEntries')
    .innerJoin('pointsAccounts', 'pointsAccounts.id', 'pointsEntries.accountId')
    .select(['pointsEntries.decidedAt', 'pointsEntries.effective', 'pointsAccounts.kind'])
    .where('pointsEntries.periodId', '=', period.id)
    .where('pointsEntries.kind', 'not in', ['base', 'redemption', 'redemption_cancel'])
    .where('pointsEntries.seq', 'is not', null)
    .execute();
  const months = new Map<string, { month: string; member: number; household: number }>();
  for (const e of entries) {
    const m = new Date((e.decidedAt ?? 0) + 8 * 3_600_000).toISOString().slice(0, 7);
    const row = months.get(m) ?? { month: m, member: 0, household: 0 };
    row[e.kind] += e.effective;
    months.set(m, row);
  }
  return {
    period: period.label,
    byGrid: byGrid.map((g) => ({ ...g, points: Number(g.points), households: Number(g.households) })),
    byMonth: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
  };
}
