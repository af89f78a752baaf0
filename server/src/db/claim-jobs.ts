import type { Database } from './database';
import type { Job } from './types';

/**
 * Claim up to `limit` due jobs for a runner: a lease (`claimed_until`) that another runner waits
 * out before taking the job again, and one more attempt counted. On PostgreSQL the candidates are
 * locked with FOR UPDATE SKIP LOCKED, so concurrent runners never claim the same job; SQLite
 * serialises writers, so the plain form is already exclusive.
 */
export async function claimDueJobs(
  database: Database,
  runner: string,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<Job[]> {
  const db = database.db;
  const candidates = db
    .selectFrom('jobs')
    .select('id')
    .where('status', '=', 'pending')
    .where('dueAt', '<=', now)
    .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<=', now)]))
    .orderBy('dueAt')
    .limit(limit);
  return db
    .updateTable('jobs')
    .set((eb) => ({ claimedBy: runner, claimedUntil: now + leaseMs, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', database.backend === 'postgres' ? candidates.forUpdate().skipLocked() : candidates)
    .returningAll()
    .execute();
}
