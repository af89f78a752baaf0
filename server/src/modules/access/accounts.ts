/** Staff accounts, managed by the chief: created from registry staff with an issued password. */
import type { Ctx } from '../../context';
import type { Village } from '../../db/types';
import { AppError, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import { maskPhone } from '../registry/normalize';
import { hashPassword, issuePassword } from './passwords';

export async function listAccounts(ctx: Ctx, village: Village) {
  const rows = await ctx.db
    .selectFrom('accounts')
    .leftJoin('households', 'households.id', 'accounts.householdId')
    .select(['accounts.id', 'accounts.kind', 'accounts.login', 'accounts.displayName', 'accounts.personId', 'accounts.householdId', 'accounts.status', 'accounts.mustChangePassword', 'accounts.lockedUntil', 'accounts.createdAt', 'households.number as householdNumber'])
    .where('accounts.villageId', '=', village.id)
    .orderBy('accounts.kind')
    .orderBy('accounts.displayName')
    .execute();
  return rows.map((r) => ({ ...r, login: maskPhone(r.login), mustChangePassword: r.mustChangePassword === 1, locked: !!r.lockedUntil && r.lockedUntil > ctx.clock.now() }));
}

/** Create a sign-in for a staff member of the registry; the issued password is shown once. */
export async function createStaffAccount(ctx: Ctx, village: Village, personId: string) {
  const person = await ctx.db.selectFrom('people').selectAll().where('id', '=', personId).where('villageId', '=', village.id).executeTakeFirst();
  if (!person) throw notFound({ zh: '人员', en: 'Person' }, 'personId');
  if (!person.phone) throw new AppError(400, 'NO_PHONE', '该人员没有登记手机号，无法开通账号', 'This person has no phone number to sign in with', 'personId');
  const existing = await ctx.db.selectFrom('accounts').select('id').where('login', '=', person.phone).executeTakeFirst();
  if (existing) throw conflict('ACCOUNT_EXISTS', '该手机号已开通账号', 'An account with this phone number already exists', 'personId');
  const password = issuePassword();
  const now = ctx.clock.now();
  const id = newId();
  await ctx.db
    .insertInto('accounts')
    .values({ id, kind: 'staff', login: person.phone, displayName: person.name, villageId: village.id, personId: person.id, householdId: null, placeId: null, passwordHash: await hashPassword(password), mustChangePassword: 1, status: 'active', failedLogins: 0, lockedUntil: null, createdAt: now, updatedAt: now })
    .execute();
  auditNote({ action: 'account.create', targetType: 'account', targetId: id, after: { personId, login: maskPhone(person.phone) } });
  return { id, login: person.phone, displayName: person.name, issuedPassword: password };
}

async function villageAccount(ctx: Ctx, village: Village, accountId: string) {
  const a = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).where('villageId', '=', village.id).executeTakeFirst();
  if (!a) throw notFound({ zh: '账号', en: 'Account' }, 'accountId');
  return a;
}

/** Reset: a new issued password, forced change, every session ended, lockout cleared. */
export async function resetPassword(ctx: Ctx, village: Village, accountId: string) {
  const a = await villageAccount(ctx, village, accountId);
  const password = issuePassword();
  const now = ctx.clock.now();
  await ctx.db.updateTable('accounts').set({ passwordHash: await hashPassword(password), mustChangePassword: 1, failedLogins: 0, lockedUntil: null, updatedAt: now }).where('id', '=', a.id).execute();
  await ctx.db.updateTable('sessions').set({ revokedAt: now }).where('accountId', '=', a.id).where('revokedAt', 'is', null).execute();
  auditNote({ action: 'account.reset_password', targetType: 'account', targetId: a.id });
  return { id: a.id, issuedPassword: password };
}

export async function setAccountStatus(ctx: Ctx, village: Village, accountId: string, status: 'active' | 'disabled', selfId: string) {
  const a = await villageAccount(ctx, village, accountId);
  if (a.id === selfId && status === 'disabled') throw new AppError(400, 'SELF_DISABLE', '不能停用自己的账号', 'You cannot disable your own account', 'accountId');
  const now = ctx.clock.now();
  await ctx.db.updateTable('accounts').set({ status, updatedAt: now }).where('id', '=', a.id).execute();
  if (status === 'disabled') await ctx.db.updateTable('sessions').set({ revokedAt: now }).where('accountId', '=', a.id).where('revokedAt', 'is', null).execute();
  auditNote({ action: `account.${status === 'disabled' ? 'disable' : 'enable'}`, targetType: 'account', targetId: a.id, before: { status: a.status }, after: { status } });
  return { id: a.id, status };
}
