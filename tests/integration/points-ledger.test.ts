/** Ledger invariants, property-tested on the real database (SQLite, or PostgreSQL with DATABASE_URL). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Caller } from '../../server/src/core/caller';
import { payloadHash, Replay } from '../../server/src/core/idempotency';
import { write } from '../../server/src/core/write';
import { newId } from '../../server/src/lib/ids';
import { takeEffect } from '../../server/src/modules/points/ledger';
import { propose } from '../../server/src/modules/points/propose';
import { signOf } from '../../server/src/modules/points/rules';
import { verifyBoard } from '../../server/src/modules/points/board';
import { redeem } from '../../server/src/modules/points/shop';
import { testDb, type TestDb } from '../helpers/db';
import { pointsVillage } from '../helpers/points-fixture';

const SHOP = ['redemption', 'redemption_cancel'];

describe('points ledger invariants', () => {
  let t: TestDb;
  let v: Awaited<ReturnType<typeof pointsVillage>>;
  beforeAll(async () => {
    t = await testDb();
    v = await pointsVillage(t, { members: 3, households: 3, stock: 4 });
  });
  afterAll(async () => t.dispose());

  async function checkInvariants() {
    const accounts = await t.ctx.db
      .selectFrom('pointsAccounts')
      .selectAll()
      .where('villageId', '=', v.villageId)
      .execute();
    const entries = await t.ctx.db
      .selectFrom('pointsEntries')
      .selectAll()
      .where('villageId', '=', v.villageId)
      .execute();
    for (const a of accounts) {
      const mine = entries.filter((e) => e.accountId === a.id);
      expect(a.balance).toBe(mine.filter((e) => !SHOP.includes(e.kind)).reduce((s, e) => s + e.effective, 0));
      expect(a.spent).toBe(0 - mine.filter((e) => SHOP.includes(e.kind)).reduce((s, e) => s + e.effective, 0));
      expect(a.balance).toBeGreaterThanOrEqual(0);
      if (a.kind === 'household') expect(a.balance).toBeLessThanOrEqual(100);
    }
    for (const r of entries.filter((e) => e.kind === 'reversal')) {
      const original = entries.find((e) => e.id === r.reverses)!;
      expect(r.requested).toBe(0 - original.effective); // a reversal asks back exactly what took effect
    }
    const items = await t.ctx.db.selectFrom('shopItems').select('stock').where('villageId', '=', v.villageId).execute();
    for (const i of items) expect(i.stock).toBeGreaterThanOrEqual(0);
    expect(await verifyBoard(t.ctx.db, v.villageId)).toMatchObject({ ok: true });
  }

  const op = fc.oneof(
    fc.record({
      t: fc.constant('entry' as const),
      code: fc.constantFrom('MP', 'MB', 'MD', 'MR', 'HP', 'HD'),
      who: fc.nat(2),
    }),
    fc.record({ t: fc.constant('reverse' as const), pick: fc.nat(50) }),
    fc.record({
      t: fc.constant('retry' as const),
      code: fc.constantFrom('MP', 'HP', 'HD'),
      who: fc.nat(2),
      times: fc.integer({ min: 2, max: 3 }),
    }),
    fc.record({ t: fc.constant('redeem' as const), who: fc.nat(2), item: fc.constantFrom('flour', 'soap') }),
  );

  it('balances equal the sum of effective entries; caps and floors hold; reversals ask back what took effect; retries have one effect', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        for (const o of ops) {
          if (o.t === 'entry' || o.t === 'retry') {
            const rule = await t.ctx.db
              .selectFrom('pointsRules')
              .selectAll()
              .where('villageId', '=', v.villageId)
              .where('code', '=', o.code)
              .executeTakeFirstOrThrow();
            const target =
              rule.accountKind === 'member'
                ? { kind: 'member' as const, personId: v.members[o.who].id }
                : { kind: 'household' as const, householdId: v.households[o.who].id };
            if (o.t === 'entry') {
              const account = rule.accountKind === 'member' ? v.accounts.members[o.who] : v.accounts.households[o.who];
              await write(t.ctx, v.setup, (w) =>
                takeEffect(t.ctx, w, v.villageId, [
                  {
                    id: newId(),
                    existing: false,
                    accountId: account.id,
                    kind: rule.entryKind,
                    ruleId: rule.id,
                    requested: signOf(rule.entryKind) * rule.points,
                    reason: 'property',
                    evidence: [],
                    status: 'final',
                    proposedBy: 'acc-chief',
                    approvedBy: 'acc-ev',
                  },
                ]),
              );
            } else {
              const id = newId();
              const before = await t.ctx.db
                .selectFrom('pointsEntries')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow();
              // The same request (the same client id and payload) sent again, as the route would pass it on.
              const keyed = (body: object): Caller => ({
                ...v.asChief,
                idempotency: { key: id, route: 'POST /entries', hash: payloadHash(body) },
              });
              const body = { id, ruleCode: o.code, target, reason: 'retried', evidence: [] };
              const results: unknown[] = [];
              for (let i = 0; i < o.times; i++) results.push(await propose(t.ctx, keyed(body), body).catch((e) => e));
              const after = await t.ctx.db
                .selectFrom('pointsEntries')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .executeTakeFirstOrThrow();
              expect(Number(after.n) - Number(before.n)).toBe(1);
              for (const r of results.slice(1)) {
                expect(r).toBeInstanceOf(Replay);
                expect((r as Replay).body).toEqual(results[0]);
              }
              const another = { ...body, reason: 'another payload' };
              await expect(propose(t.ctx, keyed(another), another)).rejects.toMatchObject({
                code: 'IDEMPOTENCY_CONFLICT',
              });
            }
          } else if (o.t === 'reverse') {
            const candidates = await t.ctx.db
              .selectFrom('pointsEntries')
              .selectAll()
              .where('villageId', '=', v.villageId)
              .where('kind', 'in', ['positive', 'bonus', 'deduction', 'redline'])
              .orderBy('seq')
              .execute();
            if (!candidates.length) continue;
            const e = candidates[o.pick % candidates.length];
            const [r] = await write(t.ctx, v.setup, (w) =>
              takeEffect(t.ctx, w, v.villageId, [
                {
                  id: newId(),
                  existing: false,
                  accountId: e.accountId,
                  kind: 'reversal',
                  ruleId: e.ruleId,
                  requested: 0 - e.effective,
                  reason: 'reversal',
                  evidence: [],
                  status: 'final',
                  proposedBy: 'acc-ev',
                  approvedBy: 'acc-ev',
                  reverses: e.id,
                },
              ]),
            );
            if (r.requested === r.effective) expect(e.effective + r.effective).toBe(0); // nets to zero unless a floor or cap stood in the way
          } else {
            const item = v.goods[o.item];
            await redeem(t.ctx, v.asChief, {
              itemId: item.id,
              householdId: v.households[o.who].id,
            }).catch((err) => {
              if (!['OUT_OF_STOCK', 'INSUFFICIENT_POINTS'].includes(err.code)) throw err;
            });
          }
        }
        await checkInvariants();
      }),
      { numRuns: 12 },
    );
  });

  it('concurrent redemptions never oversell the stock nor overspend the points', async () => {
    const t2 = await testDb();
    try {
      const w = await pointsVillage(t2, { households: 2, stock: 3 });
      // Household 0 can afford exactly two bags of flour (60 of 60 points); household 1 one.
      await t2.ctx.db
        .updateTable('pointsAccounts')
        .set({ balance: 60 })
        .where('id', '=', w.accounts.households[0].id)
        .execute();
      await t2.ctx.db
        .updateTable('pointsAccounts')
        .set({ balance: 30 })
        .where('id', '=', w.accounts.households[1].id)
        .execute();
      const attempts = Array.from({ length: 10 }, (_, i) =>
        redeem(t2.ctx, w.asChief, {
          itemId: w.goods.flour.id,
          householdId: w.households[i % 2].id,
        }).then(
          () => 'ok',
          (e) => e.code,
        ),
      );
      const results = await Promise.all(attempts);
      expect(results.filter((r) => r === 'ok')).toHaveLength(3);
      expect(results.filter((r) => r !== 'ok').every((r) => r === 'OUT_OF_STOCK' || r === 'INSUFFICIENT_POINTS')).toBe(
        true,
      );
      const item = await t2.ctx.db
        .selectFrom('shopItems')
        .select('stock')
        .where('id', '=', w.goods.flour.id)
        .executeTakeFirstOrThrow();
      expect(item.stock).toBe(0);
      const accounts = await t2.ctx.db
        .selectFrom('pointsAccounts')
        .select(['balance', 'spent'])
        .where('kind', '=', 'household')
        .execute();
      for (const a of accounts) expect(a.spent).toBeLessThanOrEqual(a.balance);
    } finally {
      await t2.dispose();
    }
  });
});
