/**
 * The invariants that must hold whatever happened (a crash, a restore, concurrent writes): no
 * household covered twice or by a structure that is not active; every points balance equal to
 * the sum of its entries (and what it spent to the sum of its shop entries); every village's hash chain intact; every village's event log without
 * gaps and its counter at its last event; no job given up on; no acknowledgement recorded twice
 * every instruction's counters equal to its recipients, every muster's and notice's counters
 * (and each node's) equal to their rows, every notice household's attempts equal to its attempt rows. `wangge check` and the crash
 * harness run these; each problem names what is wrong and where.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { verifyBoard } from '../points/board';
import { commandProblems } from './command-invariants';
import { emergencyProblems } from './emergency-invariants';

export interface Problem {
  code: string;
  zh: string;
  en: string;
  details?: unknown;
}

export interface InvariantReport {
  ok: boolean;
  checked: Record<string, number>;
  problems: Problem[];
}

export async function checkInvariants(db: Executor): Promise<InvariantReport> {
  const problems: Problem[] = [];
  const checked: Record<string, number> = {};

  const twice = await db
    .selectFrom('coverage')
    .select(['householdId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('validTo', 'is', null)
    .groupBy('householdId')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .execute();
  if (twice.length)
    problems.push({
      code: 'COVERED_TWICE',
      zh: `${twice.length} 户同时属于多个网格`,
      en: `${twice.length} households are covered more than once`,
      details: twice.slice(0, 20),
    });
  const stale = await db
    .selectFrom('coverage')
    .innerJoin('structures', 'structures.id', 'coverage.structureId')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('coverage.validTo', 'is', null)
    .where('structures.status', '!=', 'active')
    .executeTakeFirstOrThrow();
  if (Number(stale.n))
    problems.push({
      code: 'COVERAGE_NOT_ACTIVE',
      zh: `${stale.n} 条有效覆盖属于未启用的结构`,
      en: `${stale.n} open coverage rows belong to a structure that is not active`,
    });
  checked.coverage = Number(
    (
      await db
        .selectFrom('coverage')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('validTo', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

  // The shop's entries move "spent" (what was redeemed), every other entry the balance.
  const shop = ['redemption', 'redemption_cancel'] as const;
  const sums = db
    .selectFrom('pointsEntries')
    .select([
      'accountId',
      sql<number>`sum(case when ${sql.ref('kind')} in (${sql.join(shop)}) then 0 else ${sql.ref('effective')} end)`.as(
        'total',
      ),
      sql<number>`sum(case when ${sql.ref('kind')} in (${sql.join(shop)}) then ${sql.ref('effective')} else 0 end)`.as(
        'shop',
      ),
    ])
    .groupBy('accountId')
    .as('sums');
  const wrong = await db
    .selectFrom('pointsAccounts')
    .leftJoin(sums, 'sums.accountId', 'pointsAccounts.id')
    .select(['pointsAccounts.id', 'pointsAccounts.balance', 'pointsAccounts.spent', 'sums.total', 'sums.shop'])
    .where(
      sql<boolean>`${sql.ref('pointsAccounts.balance')} <> coalesce(${sql.ref('sums.total')}, 0) or ${sql.ref('pointsAccounts.spent')} <> -coalesce(${sql.ref('sums.shop')}, 0)`,
    )
    .limit(20)
    .execute();
  if (wrong.length)
    problems.push({
      code: 'BALANCE_MISMATCH',
      zh: `${wrong.length} 个积分账户的余额（或已兑换）不等于其记录之和`,
      en: `${wrong.length} points balances (or amounts spent) differ from the sum of their entries`,
      details: wrong,
    });
  checked.accounts = Number(
    (
      await db
        .selectFrom('pointsAccounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

  const villages = await db.selectFrom('villages').select(['id', 'code']).execute();
  checked.chainEntries = 0;
  for (const v of villages) {
    const r = await verifyBoard(db, v.id);
    checked.chainEntries += r.checked;
    if (!r.ok)
      problems.push({
        code: 'CHAIN_BROKEN',
        zh: `${v.code} 的公示哈希链在第 ${r.brokenAt?.seq} 条处断开`,
        en: `The hash chain of ${v.code} breaks at seq ${r.brokenAt?.seq}`,
        details: r.brokenAt,
      });
  }

  const logs = await db
    .selectFrom('events')
    .select([
      'villageId',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.min<number>('seq').as('first'),
      (eb) => eb.fn.max<number>('seq').as('last'),
    ])
    .groupBy('villageId')
    .execute();
  const counters = new Map(
    (await db.selectFrom('eventCounters').selectAll().execute()).map((c) => [c.villageId, Number(c.lastSeq)]),
  );
  checked.events = 0;
  for (const l of logs) {
    checked.events += Number(l.n);
    if (Number(l.last) - Number(l.first) + 1 !== Number(l.n) || counters.get(l.villageId) !== Number(l.last))
      problems.push({
        code: 'EVENT_GAP',
        zh: `村 ${l.villageId} 的事件序号有缺口`,
        en: `The event log of village ${l.villageId} has a gap`,
        details: { ...l, counter: counters.get(l.villageId) },
      });
  }

  const failed = await db
    .selectFrom('jobs')
    .select(['kind', 'uniqueKey', 'lastError'])
    .where('status', '=', 'failed')
    .limit(20)
    .execute();
  if (failed.length)
    problems.push({
      code: 'JOBS_FAILED',
      zh: `${failed.length} 个后台任务多次重试后失败`,
      en: `${failed.length} jobs failed after their last attempt`,
      details: failed,
    });

  problems.push(...(await commandProblems(db)));
  problems.push(...(await emergencyProblems(db)));

  return { ok: problems.length === 0, checked, problems };
}
