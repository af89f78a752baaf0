/**
 * The ledger's one write path. Entries take effect here, inside the caller's write: caps and
 * floors are applied against the account's current balance, the balance is updated, and the
 * entry is appended to the village's hash chain. An entry's amounts are written once, when it
 * takes effect; afterwards only its workflow state moves on, and corrections are new entries.
 * Each entry is announced (one event each, written with the others in one insert), and an entry
 * put in publication gets its finalisation job, due when the publication ends.
 */
import type { Ctx } from '../../context';
import type { Write } from '../../core/write';
import type { Executor } from '../../db/database';
import { insertMany } from '../../db/bulk';
import { updateMany } from '../../db/bulk-update';
import type { EntryKind, EntryStatus, PointsAccount, PointsEntry } from '../../db/types';
import { AppError } from '../../lib/errors';
import { addresseesOf, boardChanged, type Addressee } from './events';
import { scheduleFinalise } from './finalise';
import { apply, entryHash, limitsFor } from './rules';
import { assertPeriodOpen, getSettings } from './settings';

export interface EffectInput {
  /** An existing proposed entry to bring into effect, or a new entry's id. */
  id: string;
  existing: boolean;
  accountId: string;
  kind: EntryKind;
  ruleId: string | null;
  requested: number;
  reason: string;
  evidence: string[];
  status: EntryStatus;
  proposedBy: string | null;
  approvedBy: string | null;
  reviewNote?: string | null;
  reverses?: string | null;
  reportId?: string | null;
  createdAt?: number;
  publishedUntil?: number | null;
  /** The event announcing it: `points.entry.posted` (new) or `points.entry.approved` (existing) by default. */
  event?: string;
  /** Where its event goes, when the caller knows already (else looked up, once for the batch). */
  to?: Addressee;
}

const BALANCE = ['id', 'periodId', 'kind', 'balance', 'householdId', 'personId'] as const;
type Balance = Pick<PointsAccount, (typeof BALANCE)[number]>;

export async function takeEffect(ctx: Ctx, w: Write, villageId: string, inputs: EffectInput[]): Promise<PointsEntry[]> {
  if (!inputs.length) return [];
  const trx = w.trx;
  const lock = ctx.database.backend === 'postgres';
  const settings = await getSettings(trx, villageId, lock); // serialises the village's chain
  const ids = [...new Set(inputs.map((i) => i.accountId))];
  const accounts = new Map<string, Balance>();
  if (ids.length > 1000 && !lock) {
    // A large batch: one pass over the village's accounts beats many long IN lists.
    const wanted = new Set(ids);
    for (const a of await trx.selectFrom('pointsAccounts').select(BALANCE).where('villageId', '=', villageId).execute())
      if (wanted.has(a.id)) accounts.set(a.id, a);
  } else {
    for (let i = 0; i < ids.length; i += 5000) {
      let aq = trx
        .selectFrom('pointsAccounts')
        .select(BALANCE)
        .where('id', 'in', ids.slice(i, i + 5000))
        .where('villageId', '=', villageId);
      if (lock) aq = aq.forUpdate();
      for (const a of await aq.execute()) accounts.set(a.id, a);
    }
  }
  const opening = new Map([...accounts.values()].map((a) => [a.id, a.balance]));
  // The settings row is locked (PostgreSQL) like a settlement's: the status read here is final.
  await assertPeriodOpen(
    trx,
    [...accounts.values()].map((a) => a.periodId),
  );

  const now = ctx.clock.now();
  let head = settings.chainHead;
  let seq = settings.chainLength;
  const created: PointsEntry[] = [];
  const activated: PointsEntry[] = [];
  const limits = {
    household: limitsFor('household', settings.householdCap),
    member: limitsFor('member', settings.householdCap),
  };
  for (const i of inputs) {
    const account = accounts.get(i.accountId);
    if (!account) throw new AppError(404, 'NOT_FOUND', '积分账户不存在', 'Points account not found', 'accountId');
    const applied = apply(account.balance, i.kind, i.requested, limits[account.kind]);
    account.balance = applied.balanceAfter;
    seq += 1;
    const row: PointsEntry = {
      id: i.id,
      villageId,
      periodId: account.periodId,
      accountId: account.id,
      kind: i.kind,
      ruleId: i.ruleId,
      requested: i.kind === 'redline' ? applied.effective : i.requested,
      effective: applied.effective,
      balanceAfter: applied.balanceAfter,
      reason: i.reason,
      evidence: i.evidence.length ? JSON.stringify(i.evidence) : '[]',
      status: i.status,
      proposedBy: i.proposedBy,
      approvedBy: i.approvedBy,
      reviewNote: i.reviewNote ?? null,
      reverses: i.reverses ?? null,
      reportId: i.reportId ?? null,
      idempotencyKey: null,
      payloadHash: null,
      createdAt: i.createdAt ?? now,
      decidedAt: now,
      publishedUntil: i.publishedUntil ?? null,
      finalAt: i.status === 'final' ? now : null,
      seq,
      prevHash: head,
      hash: null,
    };
    row.hash = entryHash(row);
    head = row.hash;
    (i.existing ? activated : created).push(row);
  }
  await insertMany(ctx.database, trx, 'pointsEntries', created);
  for (const r of activated) {
    const res = await trx
      .updateTable('pointsEntries')
      .set({
        requested: r.requested,
        effective: r.effective,
        balanceAfter: r.balanceAfter,
        status: r.status,
        approvedBy: r.approvedBy,
        reviewNote: r.reviewNote,
        decidedAt: r.decidedAt,
        publishedUntil: r.publishedUntil,
        finalAt: r.finalAt,
        seq: r.seq,
        prevHash: r.prevHash,
        hash: r.hash,
      })
      .where('id', '=', r.id)
      .where('status', '=', 'proposed') // a proposal takes effect once
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(409, 'ALREADY_DECIDED', '该条积分已处理', 'This entry has already been decided', 'entryId');
  }
  // Only balances that moved are written (entries clipped to nothing at a cap or floor change none).
  const moved = [...accounts.values()]
    .filter((a) => a.balance !== opening.get(a.id))
    .map((a) => ({ id: a.id, balance: a.balance }));
  await updateMany(ctx.database, trx, 'pointsAccounts', ['id'], moved);
  await saveChainHead(trx, villageId, head, seq, now);
  await announce(w, villageId, inputs, [...created, ...activated], accounts);
  return [...created, ...activated];
}

/** One event per entry (where it goes looked up once for the batch), its finalisation job, the board. */
async function announce(
  w: Write,
  villageId: string,
  inputs: EffectInput[],
  rows: PointsEntry[],
  accounts: Map<string, Balance>,
) {
  const byId = new Map(inputs.map((i) => [i.id, i]));
  const unknown = inputs.filter((i) => !i.to).map((i) => accounts.get(i.accountId)!);
  const addressee = unknown.length ? await addresseesOf(w.trx, villageId, unknown) : null;
  for (const r of rows) {
    const i = byId.get(r.id)!;
    const to = i.to ?? addressee!(accounts.get(r.accountId)!);
    w.emit({
      villageId,
      type: i.event ?? (i.existing ? 'points.entry.approved' : 'points.entry.posted'),
      subjectType: 'points_entry',
      subjectId: r.id,
      householdId: to.householdId,
      path: to.path,
      payload: {
        status: r.status,
        kind: r.kind,
        accountId: r.accountId,
        ...(r.reverses ? { reverses: r.reverses } : {}),
      },
    });
    if (r.status === 'published' && r.publishedUntil !== null) scheduleFinalise(w, villageId, r.id, r.publishedUntil);
  }
  boardChanged(w, villageId);
}

/** Link rows into the village's chain (in order) starting after the current head. */
export function link(
  rows: PointsEntry[],
  head: string | null,
  length: number,
): { head: string | null; length: number } {
  for (const r of rows) {
    r.seq = ++length;
    r.prevHash = head;
    r.hash = entryHash(r);
    head = r.hash;
  }
  return { head, length };
}

export const saveChainHead = (trx: Executor, villageId: string, head: string | null, length: number, now: number) =>
  trx
    .updateTable('pointsSettings')
    .set({ chainHead: head, chainLength: length, updatedAt: now })
    .where('villageId', '=', villageId)
    .execute();
