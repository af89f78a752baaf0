import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { payloadHash } from '../../server/src/core/idempotency';
import {
  apply,
  approvalConflict,
  entryHash,
  limitsFor,
  payout,
  proposalConflict,
  rank,
  tierFor,
  verifyChain,
  type Chained,
} from '../../server/src/modules/points/rules';

const household = limitsFor('household', 100);
const member = limitsFor('member', 100);

describe('caps, floors and red lines', () => {
  it('clips a household at 100 and at 0, recording what was clipped', () => {
    expect(apply(95, 'positive', 10, household)).toEqual({ effective: 5, balanceAfter: 100, clipped: 5 });
    expect(apply(3, 'deduction', -5, household)).toEqual({ effective: -3, balanceAfter: 0, clipped: -2 });
  });

  it('lets a grid member go above the 600 reward cap (it counts for rankings) but never below zero', () => {
    expect(apply(590, 'bonus', 50, member)).toEqual({ effective: 50, balanceAfter: 640, clipped: 0 });
    expect(apply(10, 'deduction', -20, member)).toEqual({ effective: -10, balanceAfter: 0, clipped: -10 });
  });

  it('a red line sets the balance to zero and records the amount removed', () => {
    expect(apply(312, 'redline', 0, member)).toMatchObject({ effective: -312, balanceAfter: 0 });
  });

  it('never leaves the bounds, whatever the sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -150, max: 150 }), { maxLength: 60 }), (changes) => {
        let b = 0;
        for (const c of changes) {
          const r = apply(b, c >= 0 ? 'positive' : 'deduction', c, household);
          expect(r.balanceAfter).toBe(b + r.effective);
          b = r.balanceAfter;
          expect(b).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});

describe('settlement rules', () => {
  it('pays min(balance, 600) yuan at the rate', () => {
    expect(payout(640, 600, 1)).toBe(600);
    expect(payout(412, 600, 1)).toBe(412);
    expect(payout(0, 600, 1)).toBe(0);
    expect(payout(700, 600, 2)).toBe(1200);
  });

  it('ranks by the full balance with shared ranks for ties (1224)', () => {
    const r = rank([
      { id: 'a', balance: 300 },
      { id: 'b', balance: 640 },
      { id: 'c', balance: 300 },
      { id: 'd', balance: 100 },
    ]);
    expect(r.map((x) => [x.id, x.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('gives the highest tier reached', () => {
    const tiers = [
      { min: 80, zh: '一', en: '1' },
      { min: 60, zh: '二', en: '2' },
    ];
    expect(tierFor(85, tiers)?.en).toBe('1');
    expect(tierFor(60, tiers)?.en).toBe('2');
    expect(tierFor(59, tiers)).toBeNull();
  });
});

describe('conflicts of interest', () => {
  it('refuses own account, own household and approving one’s own proposal', () => {
    expect(
      proposalConflict({
        proposerPersonId: 'p',
        proposerHouseholdId: 'h',
        target: { kind: 'member', personId: 'p', householdId: null },
      }),
    ).toBe('OWN_ACCOUNT');
    expect(
      proposalConflict({
        proposerPersonId: 'p',
        proposerHouseholdId: 'h',
        target: { kind: 'household', personId: null, householdId: 'h' },
      }),
    ).toBe('OWN_HOUSEHOLD');
    expect(
      proposalConflict({
        proposerPersonId: 'p',
        proposerHouseholdId: 'h',
        target: { kind: 'household', personId: null, householdId: 'x' },
      }),
    ).toBeNull();
    expect(approvalConflict('acc1', 'acc1')).toBe('OWN_PROPOSAL');
    expect(approvalConflict('acc1', 'acc2')).toBeNull();
  });
});

describe('the board’s hash chain', () => {
  const chain = (n: number) => {
    const out: (Chained & { hash: string })[] = [];
    let prev: string | null = null;
    for (let i = 0; i < n; i++) {
      const e: Chained = {
        id: `e${i}`,
        villageId: 'v',
        accountId: 'a',
        kind: 'positive',
        ruleId: 'r',
        requested: 5,
        effective: 5,
        balanceAfter: 5 * (i + 1),
        reason: '庭院整洁',
        proposedBy: 'm',
        approvedBy: 'ev',
        reverses: null,
        createdAt: i,
        decidedAt: i,
        seq: i + 1,
        prevHash: prev,
      };
      const hash = entryHash(e);
      out.push({ ...e, hash });
      prev = hash;
    }
    return out;
  };

  it('verifies an intact chain and finds any changed field or removed entry', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, checked: 5 });
    const tampered = chain(5);
    tampered[2] = { ...tampered[2], effective: 50 };
    expect(verifyChain(tampered).brokenAt).toMatchObject({ id: 'e2', reason: 'hash' });
    const removed = chain(5).filter((e) => e.id !== 'e1');
    expect(verifyChain(removed).brokenAt).toMatchObject({ id: 'e2', reason: 'link' });
  });

  it('hashes request payloads canonically for idempotency (key order does not matter)', () => {
    expect(payloadHash({ b: 1, a: { y: [1, { d: 2, c: 3 }], x: null } })).toBe(
      payloadHash({ a: { x: null, y: [1, { c: 3, d: 2 }] }, b: 1 }),
    );
    expect(payloadHash({ a: 1 })).not.toBe(payloadHash({ a: 2 }));
  });
});
