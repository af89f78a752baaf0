/** Queries of the access module used in more than one place. Inside a write, pass `w.trx`. */
import type { Executor } from '../../db/database';
import type { Village } from '../../db/types';
import { notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { newToken, sha256 } from './tokens';

export const SESSION_DAYS = 14;

export const accountByLogin = (db: Executor, login: string) =>
  db.selectFrom('accounts').selectAll().where('login', '=', login).executeTakeFirst();

/** An account of the village (another village's account is "not found"). */
export async function villageAccount(db: Executor, village: Village, accountId: string) {
  const a = await db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', accountId)
    .where('villageId', '=', village.id)
    .executeTakeFirst();
  if (!a) throw notFound({ zh: '账号', en: 'Account' }, 'accountId');
  return a;
}

/** End the account's open sessions (but the one kept, if any); answers how many ended. */
export async function revokeSessions(db: Executor, accountId: string, now: number, keep?: string | null) {
  let q = db
    .updateTable('sessions')
    .set({ revokedAt: now })
    .where('accountId', '=', accountId)
    .where('revokedAt', 'is', null);
  if (keep) q = q.where('id', '!=', keep);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

/** A new session: the cookie token and the CSRF token are answered once, the token is stored hashed. */
export async function insertSession(
  db: Executor,
  now: number,
  accountId: string,
  ip?: string | null,
  userAgent?: string | null,
) {
  const token = newToken();
  const csrf = newToken(16);
  const id = newId();
  await db
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
