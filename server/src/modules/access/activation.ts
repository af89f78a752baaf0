/**
 * Villager accounts: the household's grid member issues a one-time activation code (on screen and
 * on a printable slip, for those without SMS); the villager sets a phone number and a password.
 */
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../../context';
import type { Village } from '../../db/types';
import { AppError, badRequest, conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import { cleanCode, normalizePhone } from '../registry/normalize';
import type { Notifier } from './notify';
import { assertPasswordRules, hashPassword } from './passwords';
import { openSession } from './sessions';
import { sha256 } from './tokens';

export const CODE_DAYS = 7;
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L

function newCode(): string {
  const chars = Array.from(randomBytes(8), (b) => ALPHABET[b % ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}
const normaliseCode = (s: string) => cleanCode(s).replace(/-/g, '');

export async function issueActivationCode(
  ctx: Ctx,
  village: Village,
  householdId: string,
  issuedBy: string,
  notifier?: Notifier,
  phone?: string,
) {
  const h = await ctx.db
    .selectFrom('households')
    .select(['id', 'number', 'address', 'kind'])
    .where('id', '=', householdId)
    .where('villageId', '=', village.id)
    .executeTakeFirstOrThrow();
  if (h.kind !== 'household')
    throw badRequest(
      'NOT_A_HOUSEHOLD',
      '只有住户可以开通村民账号',
      'Only households (not units) get villager accounts',
      'householdId',
    );
  const now = ctx.clock.now();
  // A new code replaces any unused one for the household.
  await ctx.db
    .updateTable('activationCodes')
    .set({ usedAt: now })
    .where('householdId', '=', h.id)
    .where('usedAt', 'is', null)
    .execute();
  const code = newCode();
  const expiresAt = now + CODE_DAYS * 86_400_000;
  await ctx.db
    .insertInto('activationCodes')
    .values({
      id: newId(),
      villageId: village.id,
      householdId: h.id,
      codeHash: sha256(normaliseCode(code)),
      issuedBy,
      createdAt: now,
      expiresAt,
      usedAt: null,
    })
    .execute();
  auditNote({ action: 'activation.issue', targetType: 'household', targetId: h.id });
  if (notifier && phone) {
    const to = normalizePhone(phone);
    if (to && to !== 'invalid')
      await notifier.send({
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

export async function activateVillager(
  ctx: Ctx,
  input: { code: string; phone: string; password: string; name: string; ip?: string; userAgent?: string },
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
  const taken = await ctx.db.selectFrom('accounts').select('id').where('login', '=', phone).executeTakeFirst();
  if (taken)
    throw conflict('ACCOUNT_EXISTS', '该手机号已开通账号', 'An account with this phone number already exists', 'phone');
  const id = newId();
  const hash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (trx) => {
    // Claim the code; a concurrent activation with the same code finds it used.
    const claimed = await trx
      .updateTable('activationCodes')
      .set({ usedAt: now })
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
        displayName: input.name.trim() || phone,
        villageId: row.villageId,
        personId: null,
        householdId: row.householdId,
        placeId: null,
        passwordHash: hash,
        mustChangePassword: 0,
        status: 'active',
        failedLogins: 0,
        lockedUntil: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
  });
  auditNote({ action: 'activation.use', targetType: 'household', targetId: row.householdId, after: { accountId: id } });
  return { accountId: id, ...(await openSession(ctx, id, input.ip, input.userAgent)) };
}
