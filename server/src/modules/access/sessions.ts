/** Sign-in, sessions (opaque tokens in an HttpOnly cookie, stored hashed) and password changes. */
import type { Ctx } from '../../context';
import { AppError, badRequest } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import { cleanCode, maskPhone } from '../registry/normalize';
import { assertPasswordRules, dummyVerify, hashPassword, verifyPassword } from './passwords';
import { accessCache } from './cache';
import { newToken, sha256 } from './tokens';

export const SESSION_DAYS = 14;
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;

const badCredentials = () =>
  new AppError(401, 'BAD_CREDENTIALS', '手机号或密码不正确', 'Wrong phone number or password', 'password');

export async function signIn(ctx: Ctx, input: { login: string; password: string; ip?: string; userAgent?: string }) {
  const login = cleanCode(input.login);
  const now = ctx.clock.now();
  const account = await ctx.db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirst();
  // Failed attempts too are filed under the account's village, where its chief sees them.
  auditNote({
    villageId: account?.villageId ?? null,
    action: 'auth.sign_in',
    targetType: 'account',
    targetId: account?.id,
    after: { login: maskPhone(login) },
  });
  if (!account || !account.passwordHash) {
    await dummyVerify(input.password);
    throw badCredentials();
  }
  if (account.lockedUntil && account.lockedUntil > now) {
    const minutes = Math.ceil((account.lockedUntil - now) / 60_000);
    throw new AppError(
      429,
      'ACCOUNT_LOCKED',
      `密码错误次数过多，请 ${minutes} 分钟后再试`,
      `Too many wrong passwords; try again in ${minutes} min`,
      'login',
      { lockedUntil: account.lockedUntil },
    );
  }
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    const failed = account.failedLogins + 1;
    const lock = failed >= LOCK_AFTER;
    await ctx.db
      .updateTable('accounts')
      .set({
        failedLogins: lock ? 0 : failed,
        lockedUntil: lock ? now + LOCK_MINUTES * 60_000 : account.lockedUntil,
        updatedAt: now,
      })
      .where('id', '=', account.id)
      .execute();
    throw badCredentials();
  }
  if (account.status !== 'active')
    throw new AppError(
      403,
      'ACCOUNT_DISABLED',
      '账号已停用，请联系村委会',
      'The account is disabled; contact the village committee',
    );
  await ctx.db
    .updateTable('accounts')
    .set({ failedLogins: 0, lockedUntil: null, updatedAt: now })
    .where('id', '=', account.id)
    .execute();
  return { accountId: account.id, ...(await openSession(ctx, account.id, input.ip, input.userAgent)) };
}

export async function openSession(ctx: Ctx, accountId: string, ip?: string, userAgent?: string) {
  const now = ctx.clock.now();
  const token = newToken();
  const csrf = newToken(16);
  const id = newId();
  await ctx.db
    .insertInto('sessions')
    .values({
      id,
      accountId,
      tokenHash: sha256(token),
      csrf,
      ip: ip ?? null,
      userAgent: userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + SESSION_DAYS * 86_400_000,
      revokedAt: null,
    })
    .execute();
  return { id, token, csrf };
}

const TOUCH_SESSION_MS = 300_000;
const TOUCH_TOKEN_MS = 60_000;

/**
 * The live session behind a cookie token, touched at most every five minutes. Read through the
 * access cache (access/cache.ts): a revocation, committed by this process or announced by
 * another, reaches the next request; expiry is checked against the clock at every request.
 */
export async function sessionFromToken(ctx: Ctx, token: string) {
  const now = ctx.clock.now();
  const hash = sha256(token);
  const cache = accessCache(ctx);
  const s = await cache.sessions.get(hash, () =>
    ctx.db
      .selectFrom('sessions')
      .select(['id', 'accountId', 'csrf', 'expiresAt', 'revokedAt', 'lastSeenAt'])
      .where('tokenHash', '=', hash)
      .executeTakeFirst()
      .then((r) => r ?? null),
  );
  if (!s || s.revokedAt !== null || s.expiresAt <= now) return null;
  if (now - s.lastSeenAt > TOUCH_SESSION_MS) {
    cache.sessions.update(hash, (v) => ({ ...v, lastSeenAt: now }));
    await ctx.db.updateTable('sessions').set({ lastSeenAt: now }).where('id', '=', s.id).execute();
  }
  return s;
}

/** The live API token behind a bearer; its last use is recorded at most once a minute. */
export async function apiTokenFromBearer(ctx: Ctx, token: string) {
  const now = ctx.clock.now();
  const hash = sha256(token);
  const cache = accessCache(ctx);
  const t = await cache.tokens.get(hash, async () => {
    const r = await ctx.db
      .selectFrom('apiTokens')
      .select(['id', 'accountId', 'policies', 'revokedAt'])
      .where('tokenHash', '=', hash)
      .executeTakeFirst();
    return r ? { ...r, touchedAt: -Infinity } : null;
  });
  if (!t || t.revokedAt !== null) return null;
  if (now - t.touchedAt >= TOUCH_TOKEN_MS) {
    cache.tokens.update(hash, (v) => ({ ...v, touchedAt: now }));
    await ctx.db.updateTable('apiTokens').set({ lastUsedAt: now }).where('id', '=', t.id).execute();
  }
  return t;
}

export async function revokeSession(ctx: Ctx, accountId: string, sessionId: string) {
  await ctx.db
    .updateTable('sessions')
    .set({ revokedAt: ctx.clock.now() })
    .where('id', '=', sessionId)
    .where('accountId', '=', accountId)
    .where('revokedAt', 'is', null)
    .execute();
}

/** "Sign out everywhere": every session of the account, including this one. */
export async function revokeAllSessions(ctx: Ctx, accountId: string) {
  const res = await ctx.db
    .updateTable('sessions')
    .set({ revokedAt: ctx.clock.now() })
    .where('accountId', '=', accountId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function listSessions(ctx: Ctx, accountId: string, currentId: string | null) {
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'ip', 'userAgent', 'createdAt', 'lastSeenAt', 'expiresAt'])
    .where('accountId', '=', accountId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', ctx.clock.now())
    .orderBy('lastSeenAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, current: r.id === currentId }));
}

export async function changePassword(
  ctx: Ctx,
  accountId: string,
  input: { currentPassword: string; newPassword: string },
  keepSessionId: string | null,
) {
  const a = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  if (!a.passwordHash || !(await verifyPassword(a.passwordHash, input.currentPassword)))
    throw new AppError(
      400,
      'BAD_CURRENT_PASSWORD',
      '当前密码不正确',
      'The current password is wrong',
      'currentPassword',
    );
  assertPasswordRules(input.newPassword, a.login);
  if (input.newPassword === input.currentPassword)
    throw badRequest(
      'PASSWORD_UNCHANGED',
      '新密码不能与当前密码相同',
      'The new password must differ from the current one',
      'newPassword',
    );
  const now = ctx.clock.now();
  await ctx.db
    .updateTable('accounts')
    .set({ passwordHash: await hashPassword(input.newPassword), mustChangePassword: 0, updatedAt: now })
    .where('id', '=', a.id)
    .execute();
  // Other sessions end: whoever knew the old password is signed out.
  let q = ctx.db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('accountId', '=', a.id)
    .where('revokedAt', 'is', null);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
  auditNote({ action: 'account.password_changed', targetType: 'account', targetId: a.id });
}
