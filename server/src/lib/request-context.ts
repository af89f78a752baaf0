import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-request notes for the audit log. Services say what they changed (before/after, target);
 * the HTTP layer writes one append-only audit row per write with who, when and from where.
 */
export interface AuditNote {
  /** The village the action concerns when the request names none (sign-ins: the account's village). */
  villageId?: string | null;
  action?: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
}

const storage = new AsyncLocalStorage<{ audit: AuditNote }>();

export const runWithRequestContext = <T>(fn: () => T) => storage.run({ audit: {} }, fn);
export const requestStore = () => storage.getStore();

/** Called by use cases; a no-op outside an HTTP request (CLI, tests of services). */
export function auditNote(note: AuditNote): void {
  const store = storage.getStore();
  if (store) Object.assign(store.audit, note);
}
