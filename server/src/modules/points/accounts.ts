/** Points accounts of a period: grid members open with the base, households at zero, on first use. */
import type { Ctx } from '../../context';
import type { Write } from '../../core/write';
import type { PointsAccount, PointsAccountKind } from '../../db/types';
import { newId } from '../../lib/ids';
import { insertMany } from '../../db/bulk';
import { takeEffect } from './ledger';
import { findAccount, getSettings } from './settings';

export type Owner = { kind: 'member'; personId: string } | { kind: 'household'; householdId: string };

export async function accountFor(
  ctx: Ctx,
  w: Write,
  villageId: string,
  periodId: string,
  owner: Owner,
): Promise<PointsAccount> {
  const trx = w.trx;
  const found = await findAccount(trx, periodId, owner);
  if (found) return found;
  const row: PointsAccount = {
    id: newId(),
    villageId,
    periodId,
    kind: owner.kind as PointsAccountKind,
    personId: owner.kind === 'member' ? owner.personId : null,
    householdId: owner.kind === 'household' ? owner.householdId : null,
    balance: 0,
    spent: 0,
    openedAt: ctx.clock.now(),
  };
  await trx
    .insertInto('pointsAccounts')
    .values(row)
    .onConflict((oc) => oc.columns(['periodId', 'kind', 'personId', 'householdId']).doNothing())
    .execute();
  const account = (await findAccount(trx, periodId, owner))!;
  if (owner.kind === 'member' && account.id === row.id) {
    const s = await getSettings(trx, villageId);
    await takeEffect(ctx, w, villageId, [
      {
        id: newId(),
        existing: false,
        accountId: account.id,
        kind: 'base',
        ruleId: null,
        requested: s.memberBase,
        reason: '年度基础分 / base points for the year',
        evidence: [],
        status: 'final',
        proposedBy: null,
        approvedBy: null,
      },
    ]);
    return (await findAccount(trx, periodId, owner))!;
  }
  return account;
}

/**
 * Open, in one batch, the accounts of everyone holding a grid-member post in the active
 * structure who has none in the period yet, each with its base entry.
 */
export async function openMemberAccounts(ctx: Ctx, w: Write, villageId: string, periodId: string) {
  const trx = w.trx;
  const members = await trx
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .select('posts.personId')
    .distinct()
    .where('structures.villageId', '=', villageId)
    .where('structures.status', '=', 'active')
    .where('posts.role', '=', 'gridMember')
    .where('posts.validTo', 'is', null)
    .execute();
  const open = new Set(
    (
      await trx
        .selectFrom('pointsAccounts')
        .select('personId')
        .where('periodId', '=', periodId)
        .where('kind', '=', 'member')
        .execute()
    ).map((a) => a.personId),
  );
  const now = ctx.clock.now();
  const rows: PointsAccount[] = members
    .filter((m) => !open.has(m.personId))
    .map((m) => ({
      id: newId(),
      villageId,
      periodId,
      kind: 'member',
      personId: m.personId,
      householdId: null,
      balance: 0,
      spent: 0,
      openedAt: now,
    }));
  await insertMany(ctx.database, trx, 'pointsAccounts', rows);
  const s = await getSettings(trx, villageId);
  await takeEffect(
    ctx,
    w,
    villageId,
    rows.map((a) => ({
      id: newId(),
      existing: false,
      accountId: a.id,
      kind: 'base' as const,
      ruleId: null,
      requested: s.memberBase,
      reason: '年度基础分 / base points for the year',
      evidence: [],
      status: 'final' as const,
      proposedBy: null,
      approvedBy: null,
    })),
  );
  return rows.length;
}
