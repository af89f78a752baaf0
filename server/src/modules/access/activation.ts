/**
 * Villager accounts: the household's grid member issues a one-time activation code (on screen and
 * on a printable slip, for those without SMS); the villager sets a phone number and a password.
 */
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { AppError, badRequest, conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { cleanText, nameOrThrow } from '../../lib/text';
import { cleanCode, normalizePhone } from '../registry/normalize';
import { householdPath } from '../registry/repo';
import { scopedHousehold } from '../registry/scoped';
import { assertPasswordRules, hashPassword } from './passwords';
import { accountByLogin, insertSession } from './repo';
import { sha256 } from './tokens';

export const CODE_DAYS = 7;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L

function newCode(): string {
  const chars = Array.from(randomBytes(8), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}
const normaliseCode = (s: string) => cleanCode(s).replace(/-/g, '');

/**
 * A new activation code for a household in the caller's scope (it replaces any unused one). With
 * a phone number, the code is also sent by SMS, once the code is committed.
 */
export async function issueActivationCode(ctx: Ctx, caller: Caller, input: { householdId: string; phone?: string }) {
  const village = villageOf(caller);
  const issuer = caller.actor;
  if (!issuer) throw new Error('An activation code is issued by an account');
  const code = newCode();
  const issued = await write(ctx, caller, async (w) => {
    const { household: h, path } = await scopedHousehold(w.trx, village.id, caller.scope, input.householdId);
    if (h.kind !== 'household')
      throw badRequest(
        'NOT_A_HOUSEHOLD',
        '只有住户可以开通村民账号',
        'Only households (not units) get villager accounts',
        'householdId',
      );
    await w.trx
      .updateTable('activationCodes')
      .set({ usedAt: w.now })
      .where('householdId', '=', h.id)
      .where('usedAt', 'is', null)
      .execute();
    const expiresAt = w.now + CODE_DAYS * 86_400_000;
    await w.trx
      .insertInto('activationCodes')
      .values({
        id: newId(),
        villageId: village.id,
        householdId: h.id,
        codeHash: sha256(normaliseCode(code)),
        issuedBy: issuer.accountId,
        createdAt: w.now,
        expiresAt,
        usedAt: null,
      })
      .execute();
    w.audit({ action: 'activation.issue', targetType: 'household', targetId: h.id, status: 201 });
    w.emit({
      type: 'activation.code.issued',
      subjectType: 'household',
      subjectId: h.id,
      householdId: h.id,
      path,
      payload: { householdId: h.id, expiresAt },
    });
    return { h, expiresAt };
  });
  const { h, expiresAt } = issued;
  if (input.phone) {
    const to = normalizePhone(input.phone);
    if (to && to !== 'invalid')
      await ctx.notifier.send({
        to,
        zh: `【网格】${village.name}${h.number}户村民账号激活码：${code}，${CODE_DAYS}天内有效。`,
        en: `wangge: activation code for household ${h.number}: ${code} (valid ${CODE_DAYS} days).`,
      });
  }
  return {
    code,
    expiresAt,
    household: { id: h.id, number: h.number, address: h.address },
    village: { name: village.name },
  };
}

/** A villager's own account from an activation code: the code is claimed, the account made, a session opened. */
export async function activateVillager(
  ctx: Ctx,
  caller: Caller,
  input: { code: string; phone: string; password: string; name: string; userAgent?: string },
) {
  const now = ctx.clock.now();
  const row = await ctx.db
    .selectFrom('activationCodes')
    .selectAll()
    .where('codeHash', '=', sha256(normaliseCode(input.code)))
    .executeTakeFirst();
  if (!row || row.usedAt !== null || row.expiresAt <= now)
    throw new AppError(
      400,
      'BAD_ACTIVATION_CODE',
      '激活码无效或已过期，请向网格员重新索取',
      'The activation code is invalid or expired; ask your grid member for a new one',
      'code',
    );
  const phone = normalizePhone(input.phone);
  if (!phone || phone === 'invalid')
    throw badRequest('PHONE_FORMAT', '手机号格式不正确', 'The phone number is malformed', 'phone');
  assertPasswordRules(input.password, phone);
  // The name is optional (the phone number stands in), but a name typed is a personal name.
  const displayName = cleanText(input.name) ? nameOrThrow(input.name, 'name', { personal: true, max: 50 }) : phone;
  if (await accountByLogin(ctx.db, phone))
    throw conflict('ACCOUNT_EXISTS', '该手机号已开通账号', 'An account with this phone number already exists', 'phone');
  const id = newId();
  const hash = await hashPassword(input.password);
  return write(ctx, caller, async (w) => {
    const { trx } = w;
    // Claim the code; a concurrent activation with the same code finds it used.
    const claimed = await trx
      .updateTable('activationCodes')
      .set({ usedAt: w.now })
      .where('id', '=', row.id)
      .where('usedAt', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1)
      throw new AppError(400, 'BAD_ACTIVATION_CODE', '激活码已被使用', 'The activation code has been used', 'code');
    await trx
      .insertInto('accounts')
      .values({
        id,
        kind: 'villager',
        login: phone,
        displayName,
        villageId: row.villageId,
        personId: null,
        householdId: row.householdId,
        placeId: null,
        passwordHash: hash,
        mustChangePassword: 0,
        status: 'active',
        failedLogins: 0,
        lockedUntil: null,
        createdAt: w.now,
        updatedAt: w.now,
      })
      .execute();
    const session = await insertSession(trx, w.now, id, caller.ip, input.userAgent);
    w.audit({
      villageId: row.villageId,
      action: 'activation.use',
      targetType: 'household',
      targetId: row.householdId,
      after: { accountId: id },
      status: 201,
    });
    w.emit({
      villageId: row.villageId,
      type: 'access.account.created',
      subjectType: 'account',
      subjectId: id,
      accountId: id,
      householdId: row.householdId,
      path: await householdPath(trx, row.villageId, row.householdId),
      payload: { householdId: row.householdId },
    });
    return { accountId: id, ...session };
  });
}
