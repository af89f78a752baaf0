/**
 * Health data is kept only for the emergency it served: once a response has been closed for
 * longer than the retention period (`WANGGE_HEALTH_DATA_RETENTION_DAYS`), the daily retention job
 * asks every registered purger to remove the health-related data tied to responses closed before
 * then. Modules register their purgers (the command module its recipients' free-text replies; the
 * field-operations module its observations, when it lands). Each purger answers what it removed,
 * per village, as counts; the job audits that in the village's log — counts and period, never the
 * data.
 */
import type { Tx } from '../db/database';

export interface PurgeWindow {
  /** Responses closed before this time have their health data removed. */
  closedBefore: number;
  now: number;
}

/** What a purger removed in one village: a count per kind of data. */
export interface Purged {
  villageId: string;
  counts: Record<string, number>;
}

export interface Purger {
  name: string;
  purge(trx: Tx, window: PurgeWindow): Promise<Purged[]>;
}

const purgers = new Map<string, Purger>();

/** Register a purger (once per name; registering again replaces it). */
export function registerPurger(p: Purger): void {
  purgers.set(p.name, p);
}

export const registeredPurgers = (): Purger[] => [...purgers.values()];
