/** Staff accounts, managed by the chief: created from registry staff with an issued password. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import { AppError, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { maskPhone, normalizePhone } from '../registry/normalize';
import { hashPassword, issuePassword } from './passwords';
import { accountByLogin, revokeSessions, villageAccount } from './repo';

/** One event per changed account (each `access.*` event addressed to it ends its live streams once). */
const accountEvent = (w: Write, type: string, accountId: string, payload: Record<string, unknown>) =>
  w.emit({ type, subjectType: 'account', subjectId: accountId, accountId, payload });

export async function listAccounts(ctx: Ctx, caller: Caller) {
  const village = villageOf(caller);
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
export async function createStaffAccount(ctx: Ctx, caller: Caller, input: { personId: string; phone?: string }) {
  const village = villageOf(caller);
  const { personId, phone: givenPhone } = input;
  const person = await ctx.db
    .selectFrom('people')
    .selectAll()
    .where('id', '=', personId)
    .where('villageId', '=', village.id)
    .executeTakeFirst();
  if (!person) throw notFound({ zh: '人员', en: 'Person' }, 'personId');
  const phone = loginPhone(person.phone, givenPhone);
  if (await accountByLogin(ctx.db, phone))
    throw conflict(
      'ACCOUNT_EXISTS',
      '该手机号已开通账号',
      'An account with this phone number already exists',
      givenPhone ? 'phone' : 'personId',
    );
  const password = issuePassword();
  const passwordHash = await hashPassword(password);
  const id = newId();
  await write(ctx, caller, async (w) => {
    const { trx, now } = w;
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
    w.audit({
      action: 'account.create',
      targetType: 'account',
      targetId: id,
      after: { personId, login: maskPhone(phone), ...(person.phone ? {} : { phoneRecorded: true }) },
      status: 201,
    });
    accountEvent(w, 'access.account.created', id, { personId });
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

/** Reset: a new issued password, forced change, every session ended, lockout cleared. */
export async function resetPassword(ctx: Ctx, caller: Caller, input: { accountId: string }) {
  const a = await villageAccount(ctx.db, villageOf(caller), input.accountId);
  const password = issuePassword();
  const passwordHash = await hashPassword(password);
  await write(ctx, caller, async (w) => {
    await w.trx
      .updateTable('accounts')
      .set({ passwordHash, mustChangePassword: 1, failedLogins: 0, lockedUntil: null, updatedAt: w.now })
      .where('id', '=', a.id)
      .execute();
    const ended = await revokeSessions(w.trx, a.id, w.now);
    w.audit({ action: 'account.reset_password', targetType: 'account', targetId: a.id, status: 200 });
    accountEvent(w, 'access.account.updated', a.id, { change: 'password_reset', sessionsEnded: ended });
  });
  return { id: a.id, issuedPassword: password };
}

export async function setAccountStatus(
  ctx: Ctx,
  caller: Caller,
  input: { accountId: string; status: 'active' | 'disabled' },
) {
  const { status } = input;
  return write(ctx, caller, async (w) => {
    const a = await villageAccount(w.trx, villageOf(caller), input.accountId);
    if (a.id === caller.actor?.accountId && status === 'disabled')
      throw new AppError(400, 'SELF_DISABLE', '不能停用自己的账号', 'You cannot disable your own account', 'accountId');
    await w.trx.updateTable('accounts').set({ status, updatedAt: w.now }).where('id', '=', a.id).execute();
    const ended = status === 'disabled' ? await revokeSessions(w.trx, a.id, w.now) : 0;
    w.audit({
      action: `account.${status === 'disabled' ? 'disable' : 'enable'}`,
      targetType: 'account',
      targetId: a.id,
      before: { status: a.status },
      after: { status },
      status: 200,
    });
    accountEvent(w, 'access.account.updated', a.id, { change: 'status', status, sessionsEnded: ended });
    return { id: a.id, status };
  });
}
