/** Staff accounts, managed by the chief: created from registry staff with an issued password. */
import type { Ctx } from '../../context';
import type { Village } from '../../db/types';
import { AppError, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import { maskPhone, normalizePhone } from '../registry/normalize';
import { hashPassword, issuePassword } from './passwords';

export async function listAccounts(ctx: Ctx, village: Village) {
  const rows = await ctx.db
    .selectFrom('accounts')
    .leftJoin('households', 'households.id', 'accounts.householdId')
    .select([
      'accounts.id',
      'accounts.kind',
      'accounts.login',
      'accounts.displayName',
      'accounts.personId',
      'accounts.householdId',
      'accounts.status',
      'accounts.mustChangePassword',
      'accounts.lockedUntil',
      'accounts.createdAt',
      'households.number as householdNumber',
    ])
    .where('accounts.villageId', '=', village.id)
    .orderBy('accounts.kind')
    .orderBy('accounts.displayName')
    .execute();
  return rows.map((r) => ({
    ...r,
    login: maskPhone(r.login),
    mustChangePassword: r.mustChangePassword === 1,
    locked: !!r.lockedUntil && r.lockedUntil > ctx.clock.now(),
  }));
}

/**
 * Create a sign-in for a staff member of the registry; the issued password is shown once. A
 * member without a phone number in the registry gets the one given here (a mobile number: it is
 * the login and receives notices), recorded on the person in the same transaction.
 */
export async function createStaffAccount(ctx: Ctx, village: Village, personId: string, givenPhone?: string) {
  const person = await ctx.db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .where('villageId', '=', village.id)
    .executeTakeFirst();
  if (!person) throw notFound({ zh: '人员', en: 'Person' }, 'personId');
  const phone = loginPhone(person.phone, givenPhone);
  const existing = await ctx.db.selectFrom('accounts').select('id').where('login', '=', phone).executeTakeFirst();
  if (existing)
    throw conflict(
      'ACCOUNT_EXISTS',
      '该手机号已开通账号',
      'An account with this phone number already exists',
      givenPhone ? 'phone' : 'personId',
    );
  const password = issuePassword();
  const passwordHash = await hashPassword(password);
  const now = ctx.clock.now();
  const id = newId();
  await ctx.db.transaction().execute(async (trx) => {
    if (!person.phone)
      await trx.updateTable('people').set({ phone }).where('id', '=', person.id).where('phone', 'is', null).execute();
    await trx
      .insertInto('accounts')
      .values({
        id,
        kind: 'staff',
        login: phone,
        displayName: person.name,
        villageId: village.id,
        personId: person.id,
        householdId: null,
        placeId: null,
        passwordHash,
        mustChangePassword: 1,
        status: 'active',
        failedLogins: 0,
        lockedUntil: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  });
  auditNote({
    action: 'account.create',
    targetType: 'account',
    targetId: id,
    after: { personId, login: maskPhone(phone), ...(person.phone ? {} : { phoneRecorded: true }) },
  });
  return { id, login: phone, displayName: person.name, issuedPassword: password };
}

/** The login of a new staff account: the registry's phone number, or for someone without one, the number given. */
function loginPhone(registered: string | null, given: string | undefined): string {
  if (registered) {
    if (given !== undefined && normalizePhone(given) !== registered)
      throw new AppError(
        409,
        'PHONE_ALREADY_SET',
        '该人员已登记手机号，账号将使用登记的号码；如需更改请先修改人员信息',
        'This person already has a phone number in the registry; the account uses it (change the registry first)',
        'phone',
      );
    return registered;
  }
  if (given === undefined || given.trim() === '')
    throw new AppError(
      400,
      'NO_PHONE',
      '该人员没有登记手机号，请填写手机号后开通',
      'This person has no phone number: give one to sign in with',
      'phone',
    );
  const phone = normalizePhone(given);
  if (phone === null || phone === 'invalid' || !/^1[3-9]\d{9}$/.test(phone))
    throw new AppError(400, 'INVALID_PHONE', '请填写 11 位手机号码', 'Give an 11-digit mobile phone number', 'phone');
  return phone;
}

async function villageAccount(ctx: Ctx, village: Village, accountId: string) {
  const a = await ctx.db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .where('villageId', '=', village.id)
    .executeTakeFirst();
  if (!a) throw notFound({ zh: '账号', en: 'Account' }, 'accountId');
  return a;
}

/** Reset: a new issued password, forced change, every session ended, lockout cleared. */
export async function resetPassword(ctx: Ctx, village: Village, accountId: string) {
  const a = await villageAccount(ctx, village, accountId);
  const password = issuePassword();
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('accounts')
    .set({
      passwordHash: await hashPassword(password),
      mustChangePassword: 1,
      failedLogins: 0,
      lockedUntil: null,
      updatedAt: now,
    })
    .where('id', '=', a.id)
    .execute();
  await ctx.db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('accountId', '=', a.id)
    .where('revokedAt', 'is', null)
    .execute();
  auditNote({ action: 'account.reset_password', targetType: 'account', targetId: a.id });
  return { id: a.id, issuedPassword: password };
}

export async function setAccountStatus(
  ctx: Ctx,
  village: Village,
  accountId: string,
  status: 'active' | 'disabled',
  selfId: string,
) {
  const a = await villageAccount(ctx, village, accountId);
  if (a.id === selfId && status === 'disabled')
    throw new AppError(400, 'SELF_DISABLE', '不能停用自己的账号', 'You cannot disable your own account', 'accountId');
  const now = ctx.clock.now();
  await ctx.db.updateTable('accounts').set({ status, updatedAt: now }).where('id', '=', a.id).execute();
  if (status === 'disabled')
    await ctx.db
      .updateTable('sessions')
      .set({ revokedAt: now })
      .where('accountId', '=', a.id)
      .where('revokedAt', 'is', null)
      .execute();
  auditNote({
    action: `account.${status === 'disabled' ? 'disable' : 'enable'}`,
    targetType: 'account',
    targetId: a.id,
    before: { status: a.status },
    after: { status },
  });
  return { id: a.id, status };
}
