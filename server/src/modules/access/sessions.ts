/** Sign-in, sessions (opaque tokens in an HttpOnly cookie, stored hashed) and password changes. */
import type { Ctx } from '../../context';
import type { Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { Executor } from '../../db/database';
import type { Account } from '../../db/types';
import { AppError, badRequest } from '../../lib/errors';
import { cleanCode, maskPhone } from '../registry/normalize';
import { loadActor, type Actor } from './actor';
import { assertPasswordRules, dummyVerify, hashPassword, verifyPassword } from './passwords';
import { accountByLogin, insertSession, revokeSessions } from './repo';
import { accessCache } from './cache';
import { sha256 } from './tokens';

export { SESSION_DAYS } from './repo';
export const LOCK_AFTER = 5;
export const LOCK_MINUTES = 15;

const badCredentials = () =>
  new AppError(401, 'BAD_CREDENTIALS', '手机号或密码不正确', 'Wrong phone number or password', 'password');

const locked = (lockedUntil: number, now: number) => {
  const minutes = Math.ceil((lockedUntil - now) / 60_000);
  return new AppError(
    429,
    'ACCOUNT_LOCKED',
    `密码错误次数过多，请 ${minutes} 分钟后再试`,
    `Too many wrong passwords; try again in ${minutes} min`,
    'login',
    { lockedUntil },
  );
};

const disabled = () =>
  new AppError(
    403,
    'ACCOUNT_DISABLED',
    '账号已停用，请联系村委会',
    'The account is disabled; contact the village committee',
  );

/** The caller's own account (routes with the `self` policy have one). */
const own = (caller: Caller): Actor => {
  if (!caller.actor) throw new Error('This use case needs a signed-in caller');
  return caller.actor;
};

/**
 * Sign in with phone and password. Every attempt is audited under the account's village, where
 * its chief sees it; a refused attempt commits its audit row (and the failed-attempt count, the
 * lockout) before the refusal is answered. The password is checked before the write begins:
 * argon2 takes tens of milliseconds, not to be spent holding a transaction.
 */
export async function signIn(ctx: Ctx, caller: Caller, input: { login: string; password: string; userAgent?: string }) {
  const login = cleanCode(input.login);
  const now = ctx.clock.now();
  const account = await accountByLogin(ctx.db, login);
  const attempt = (status: number) => ({
    villageId: account?.villageId ?? null,
    action: 'auth.sign_in',
    targetType: 'account',
    targetId: account?.id ?? null,
    after: { login: maskPhone(login) },
    status,
  });
  const refuse = async (error: AppError, failed?: Account): Promise<never> => {
    await write(ctx, caller, async (w) => {
      w.audit(attempt(error.status));
      if (failed && (await countFailure(w.trx, failed, w.now)) && failed.villageId)
        w.emit({
          villageId: failed.villageId,
          type: 'access.account.updated',
          subjectType: 'account',
          subjectId: failed.id,
          accountId: failed.id,
          payload: { change: 'locked' },
        });
    });
    throw error;
  };
  if (!account || !account.passwordHash) {
    await dummyVerify(input.password);
    return refuse(badCredentials());
  }
  if (account.lockedUntil && account.lockedUntil > now) return refuse(locked(account.lockedUntil, now));
  if (!(await verifyPassword(account.passwordHash, input.password))) return refuse(badCredentials(), account);
  if (account.status !== 'active') return refuse(disabled());
  const actor = (await loadActor(ctx.db, account.id, {}))!;
  return write(ctx, { ...caller, actor }, async (w) => {
    await w.trx
      .updateTable('accounts')
      .set({ failedLogins: 0, lockedUntil: null, updatedAt: w.now })
      .where('id', '=', account.id)
      .execute();
    const session = await insertSession(w.trx, w.now, account.id, caller.ip, input.userAgent);
    w.audit(attempt(200));
    return { accountId: account.id, ...session, actor: { ...actor, sessionId: session.id, csrf: session.csrf } };
  });
}

/**
 * One more wrong password, counted on the stored row by one increment (the row stays locked to
 * the end of the transaction: attempts through several processes at once each count): the fifth
 * in a row locks the account for a while. Answers whether this one locked it.
 */
async function countFailure(trx: Executor, account: Account, now: number): Promise<boolean> {
  await trx
    .updateTable('accounts')
    .set((eb) => ({ failedLogins: eb('failedLogins', '+', 1), updatedAt: now }))
    .where('id', '=', account.id)
    .execute();
  const current = await trx
    .selectFrom('accounts')
    .select('failedLogins')
    .where('id', '=', account.id)
    .executeTakeFirstOrThrow();
  if (current.failedLogins < LOCK_AFTER) return false;
  await trx
    .updateTable('accounts')
    .set({ failedLogins: 0, lockedUntil: now + LOCK_MINUTES * 60_000 })
    .where('id', '=', account.id)
    .execute();
  return true;
}

/** A session for an account, outside any sign-in (tests and tools that need a signed-in client). */
export async function openSession(ctx: Ctx, accountId: string, ip?: string, userAgent?: string) {
  return insertSession(ctx.db, ctx.clock.now(), accountId, ip, userAgent);
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

/** End one of the caller's own sessions (signing out ends the current one). */
export async function revokeSession(ctx: Ctx, caller: Caller, input: { sessionId: string }) {
  const actor = own(caller);
  await write(ctx, caller, async (w) => {
    const res = await w.trx
      .updateTable('sessions')
      .set({ revokedAt: w.now })
      .where('id', '=', input.sessionId)
      .where('accountId', '=', actor.accountId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    const ended = Number(res.numUpdatedRows);
    w.audit({
      action: input.sessionId === actor.sessionId ? 'session.sign_out' : 'session.end',
      targetType: 'session',
      targetId: input.sessionId,
      after: { ended },
      status: input.sessionId === actor.sessionId ? 200 : 204,
    });
    if (ended)
      w.emit({
        type: 'access.session.revoked',
        subjectType: 'session',
        subjectId: input.sessionId,
        accountId: actor.accountId,
        payload: { sessionId: input.sessionId },
      });
  });
}

/** "Sign out everywhere": every session of the account, including this one. */
export async function revokeAllSessions(ctx: Ctx, caller: Caller) {
  const actor = own(caller);
  return write(ctx, caller, async (w) => {
    const ended = await revokeSessions(w.trx, actor.accountId, w.now);
    w.audit({
      action: 'session.end_all',
      targetType: 'account',
      targetId: actor.accountId,
      after: { ended },
      status: 200,
    });
    if (ended)
      w.emit({
        type: 'access.session.revoked',
        subjectType: 'account',
        subjectId: actor.accountId,
        accountId: actor.accountId,
        payload: { all: true, ended },
      });
    return ended;
  });
}

export async function listSessions(ctx: Ctx, caller: Caller) {
  const actor = own(caller);
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'ip', 'userAgent', 'createdAt', 'lastSeenAt', 'expiresAt'])
    .where('accountId', '=', actor.accountId)
    .where('revokedAt', 'is', null)
    .where('expiresAt', '>', ctx.clock.now())
    .orderBy('lastSeenAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, current: r.id === actor.sessionId }));
}

/** Change one's own password; every other session ends (whoever knew the old password is signed out). */
export async function changePassword(
  ctx: Ctx,
  caller: Caller,
  input: { currentPassword: string; newPassword: string },
) {
  const actor = own(caller);
  const a = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', actor.accountId).executeTakeFirstOrThrow();
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
  const passwordHash = await hashPassword(input.newPassword);
  await write(ctx, caller, async (w) => {
    await w.trx
      .updateTable('accounts')
      .set({ passwordHash, mustChangePassword: 0, updatedAt: w.now })
      .where('id', '=', a.id)
      .execute();
    const ended = await revokeSessions(w.trx, a.id, w.now, actor.sessionId);
    w.audit({ action: 'account.password_changed', targetType: 'account', targetId: a.id, status: 200 });
    // One event for the account (each access event ends its streams once): its sessions and its flags changed.
    w.emit({
      type: 'access.account.updated',
      subjectType: 'account',
      subjectId: a.id,
      accountId: a.id,
      payload: { change: 'password', sessionsEnded: ended },
    });
  });
}
