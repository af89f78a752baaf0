/**
 * One idempotency mechanism for every retry-safe route (phones retry on a weak signal). The
 * client sends an id (body `id` or an `Idempotency-Key` header); the first write claims it with
 * the caller, the route and a hash of the payload, inside the write's transaction, and stores
 * its result before commit. A retry answers the stored result with no new effect (`Replay`);
 * the same id with another payload, route or caller is 409 IDEMPOTENCY_CONFLICT. Two identical
 * requests at once: the second's claim waits on the first's row (PostgreSQL) or its transaction
 * (SQLite), then replays.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../db/database';
import { conflict } from '../lib/errors';
import type { Caller, Idempotency } from './caller';

export const idempotencyConflict = () =>
  conflict(
    'IDEMPOTENCY_CONFLICT',
    '同一请求编号已用于不同内容',
    'This request id was already used with a different payload',
    'id',
  );

/** Thrown when a request is a retry of one already done: the HTTP layer answers `body` with 200. */
export class Replay extends Error {
  constructor(readonly body: unknown) {
    super('replay');
    this.name = 'Replay';
  }
}

/** A stable hash of what a request says (object keys sorted). */
export function payloadHash(v: unknown): string {
  return createHash('sha256').update(stable(v)).digest('base64url');
}

function stable(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  const keys = Object.keys(v as object)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

export async function claimKey(trx: Tx, caller: Caller, idem: Idempotency, at: number): Promise<void> {
  const accountId = caller.actor?.accountId ?? null;
  const res = await trx
    .insertInto('idempotencyKeys')
    .values({
      key: idem.key,
      villageId: caller.village?.id ?? null,
      accountId,
      route: idem.route,
      payloadHash: idem.hash,
      response: null,
      createdAt: at,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(res.numInsertedOrUpdatedRows ?? 0) === 1) return;
  const prior = await trx.selectFrom('idempotencyKeys').selectAll().where('key', '=', idem.key).executeTakeFirst();
  if (!prior || prior.accountId !== accountId || prior.route !== idem.route || prior.payloadHash !== idem.hash)
    throw idempotencyConflict();
  throw new Replay(prior.response === null ? null : JSON.parse(prior.response));
}

export async function storeResult(trx: Tx, key: string, value: unknown): Promise<void> {
  await trx
    .updateTable('idempotencyKeys')
    .set({ response: JSON.stringify(value ?? null) })
    .where('key', '=', key)
    .execute();
}
