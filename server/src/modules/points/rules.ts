/**
 * Pure rules of the points system: caps and floors, red-line zeroing, reversals, payouts,
 * rankings and reward tiers, conflicts of interest, and the board's hash chain. No I/O.
 */
import { hash } from 'node:crypto';
import type { EntryKind, PointsAccountKind, RuleEntryKind } from '../../db/types';

export interface Limits {
  floor: number;
  /** null: no cap (grid members: above-cap points still count for rankings). */
  cap: number | null;
}

export const limitsFor = (kind: PointsAccountKind, householdCap: number): Limits =>
  kind === 'household' ? { floor: 0, cap: householdCap } : { floor: 0, cap: null };

/** The sign a rule's points carry. */
export const signOf = (kind: RuleEntryKind): 1 | -1 => (kind === 'deduction' || kind === 'redline' ? -1 : 1);

export interface Applied {
  effective: number;
  balanceAfter: number;
  /** requested − effective: what the caps or the floor took away. */
  clipped: number;
}

/**
 * Apply a requested change to a balance. A red-line sets the balance to zero whatever was asked;
 * anything else is clipped into [floor, cap].
 */
export function apply(balance: number, kind: EntryKind, requested: number, limits: Limits): Applied {
  if (kind === 'redline') return { effective: 0 - balance, balanceAfter: 0, clipped: 0 }; // the ledger records requested = −balance
  const target = balance + requested;
  // Positive changes stop at the cap, negative ones at the floor; a balance already outside
  // (a cap lowered mid-year) is never pushed further out, nor pulled in by the opposite sign.
  const after =
    requested >= 0
      ? limits.cap === null
        ? target
        : Math.min(target, Math.max(limits.cap, balance))
      : Math.max(target, Math.min(limits.floor, balance));
  const effective = after - balance;
  return { effective, balanceAfter: after, clipped: requested - effective };
}

/** Year-end payout in yuan: the balance up to the reward cap, at the village's rate. */
export const payout = (balance: number, rewardCap: number, yuanPerPoint: number) =>
  Math.max(0, Math.min(balance, rewardCap)) * yuanPerPoint;

/** Competition ranking ("1224") by the full balance, above-cap points included; ties share a rank. */
export function rank<T extends { balance: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.balance - a.balance);
  return sorted
    .map((r, i) => ({ ...r, rank: i > 0 && sorted[i - 1].balance === r.balance ? -1 : i + 1 }))
    .map((r, i, all) => {
      if (r.rank !== -1) return r;
      let j = i;
      while (all[j].rank === -1) j--;
      return { ...r, rank: all[j].rank };
    });
}

export interface Tier {
  min: number;
  zh: string;
  en: string;
}

/** The highest tier whose minimum the balance reaches, or null. */
export function tierFor(balance: number, tiers: Tier[]): Tier | null {
  let best: Tier | null = null;
  for (const t of tiers) if (balance >= t.min && (!best || t.min > best.min)) best = t;
  return best;
}

export type Conflict = 'OWN_PROPOSAL' | 'OWN_HOUSEHOLD' | 'OWN_ACCOUNT';

/**
 * Conflicts of interest: nobody approves their own proposal; a grid member cannot score their
 * own household or their own account.
 */
export function proposalConflict(p: {
  proposerPersonId: string | null;
  proposerHouseholdId: string | null;
  target: { kind: PointsAccountKind; personId: string | null; householdId: string | null };
}): Conflict | null {
  if (p.target.kind === 'member' && p.proposerPersonId && p.target.personId === p.proposerPersonId)
    return 'OWN_ACCOUNT';
  if (p.target.kind === 'household' && p.proposerHouseholdId && p.target.householdId === p.proposerHouseholdId)
    return 'OWN_HOUSEHOLD';
  return null;
}

export const approvalConflict = (proposedBy: string | null, approverAccountId: string): Conflict | null =>
  proposedBy === approverAccountId ? 'OWN_PROPOSAL' : null;

/** The fields of an entry that the board's hash chain protects, in a fixed order. */
export interface Chained {
  id: string;
  villageId: string;
  accountId: string;
  kind: EntryKind;
  ruleId: string | null;
  requested: number;
  effective: number;
  balanceAfter: number | null;
  reason: string;
  proposedBy: string | null;
  approvedBy: string | null;
  reverses: string | null;
  createdAt: number;
  decidedAt: number | null;
  seq: number | null;
  prevHash: string | null;
}

export function entryHash(e: Chained): string {
  const canonical = JSON.stringify([
    e.id,
    e.villageId,
    e.accountId,
    e.kind,
    e.ruleId,
    e.requested,
    e.effective,
    e.balanceAfter,
    e.reason,
    e.proposedBy,
    e.approvedBy,
    e.reverses,
    e.createdAt,
    e.decidedAt,
    e.seq,
    e.prevHash,
  ]);
  return hash('sha256', canonical, 'hex');
}

/** Walk a chain in seq order; the first entry whose stored hash or link does not match is the break. */
export function verifyChain(entries: (Chained & { hash: string | null })[]): {
  ok: boolean;
  checked: number;
  brokenAt?: { seq: number | null; id: string; reason: 'hash' | 'link' };
} {
  let prev: string | null = null;
  for (const e of entries) {
    if (e.prevHash !== prev)
      return { ok: false, checked: entries.length, brokenAt: { seq: e.seq, id: e.id, reason: 'link' } };
    if (entryHash(e) !== e.hash)
      return { ok: false, checked: entries.length, brokenAt: { seq: e.seq, id: e.id, reason: 'hash' } };
    prev = e.hash;
  }
  return { ok: true, checked: entries.length };
}
