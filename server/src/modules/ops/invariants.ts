/**
 * The invariants that must hold whatever happened (a crash, a restore, concurrent writes): no
 * household covered twice or by a structure that is not active; every points balance equal to
 * the sum of its entries; every village's hash chain intact; every village's event log without
 * gaps and its counter at its last event; no job given up on. `wangge check` and the crash
 * harness run these; each problem names what is wrong and where.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { verifyBoard } from '../points/board';

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

  const sums = db
    .selectFrom('pointsEntries')
    .select(['accountId', (eb) => eb.fn.sum<number>('effective').as('total')])
    .groupBy('accountId')
    .as('sums');
  const wrong = await db
    .selectFrom('pointsAccounts')
    .leftJoin(sums, 'sums.accountId', 'pointsAccounts.id')
    .select(['pointsAccounts.id', 'pointsAccounts.balance', 'sums.total'])
    .where(sql<boolean>`${sql.ref('pointsAccounts.balance')} <> coalesce(${sql.ref('sums.total')}, 0)`)
    .limit(20)
    .execute();
  if (wrong.length)
    problems.push({
      code: 'BALANCE_MISMATCH',
      zh: `${wrong.length} 个积分账户的余额不等于其记录之和`,
      en: `${wrong.length} points balances differ from the sum of their entries`,
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

  return { ok: problems.length === 0, checked, problems };
}
