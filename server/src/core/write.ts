/**
 * The write envelope: every use case that changes something runs inside `write(ctx, caller, fn)`.
 * It opens one transaction and gives the use case `audit(...)`, `emit(event)` and
 * `schedule(job)`; the audit rows, the events (numbered in the village's gap-free sequence) and
 * the jobs are written inside the same transaction as the change, so all are committed or none.
 * On retry-safe routes the client's id is claimed first (a concurrent duplicate waits for the
 * first and answers its result) and the result is stored before commit. After commit, events
 * are published and the job runner is told about new due times. A `write` inside a `write` joins
 * the outer transaction, so composed use cases stay one transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Ctx } from '../context';
import type { Tx } from '../db/database';
import type { EventAudience, EventRow } from '../db/types';
import { newId } from '../lib/ids';
import { insertMany } from '../db/bulk';
import type { Database } from '../db/database';
import { auditPath, auditText } from './audit-text';
import type { Caller } from './caller';
import { claimKey, storeResult } from './idempotency';

export interface AuditInput {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
  /** When the caller has no village (sign-ins: the account's village). */
  villageId?: string | null;
  status?: number | null;
}

export interface EventInput {
  type: string;
  subjectType?: string | null;
  subjectId?: string | null;
  /** The node path the event concerns (a household's grid, a post's node); null: the whole village. */
  path?: string | null;
  householdId?: string | null;
  /** Addressed to one account (and to those who see the whole village). */
  accountId?: string | null;
  /** `staff` (default) or `all` (villagers too, for village-wide events). */
  audience?: EventAudience;
  /** Small: ids and states, never personal data (clients refetch through scoped endpoints). */
  payload?: Record<string, unknown>;
  villageId?: string;
}

export interface JobInput {
  kind: string;
  /** One job per key: scheduling the same key again does nothing. */
  key: string;
  dueAt: number;
  payload?: unknown;
  villageId?: string | null;
  maxAttempts?: number;
}

export interface Write {
  trx: Tx;
  caller: Caller;
  /** The clock's time when the write began. */
  now: number;
  audit(a: AuditInput): void;
  emit(e: EventInput): void;
  schedule(j: JobInput): void;
  /** Cancel a pending job by its key (inside the transaction). */
  cancelJob(key: string): Promise<void>;
  /** Run after the transaction has committed (never when it rolls back). */
  afterCommit(fn: () => void): void;
}

interface Pending {
  audits: AuditInput[];
  events: EventInput[];
  jobs: JobInput[];
  after: (() => void)[];
}

const current = new AsyncLocalStorage<Write>();

/** The write this code runs inside, if any. */
export const currentWrite = () => current.getStore();

export async function write<T>(ctx: Ctx, caller: Caller, fn: (w: Write) => Promise<T>): Promise<T> {
  const outer = current.getStore();
  if (outer) return fn(outer);
  const pending: Pending = { audits: [], events: [], jobs: [], after: [] };
  const { value, events } = await ctx.db.transaction().execute(async (trx) => {
    const w: Write = {
      trx,
      caller,
      now: ctx.clock.now(),
      audit: (a) => void pending.audits.push(a),
      emit: (e) => void pending.events.push(e),
      schedule: (j) => void pending.jobs.push(j),
      cancelJob: async (key) => {
        pending.jobs = pending.jobs.filter((j) => j.key !== key);
        await trx
          .updateTable('jobs')
          .set({ status: 'cancelled', doneAt: w.now })
          .where('uniqueKey', '=', key)
          .where('status', '=', 'pending')
          .execute();
      },
      afterCommit: (f) => void pending.after.push(f),
    };
    const idem = caller.idempotency;
    if (idem) await claimKey(trx, caller, idem, w.now);
    const value = await current.run(w, () => fn(w));
    if (idem) await storeResult(trx, idem.key, value);
    await writeAudits(ctx.database, trx, caller, pending.audits, w.now);
    await writeJobs(trx, caller, pending.jobs, w.now);
    const events = await writeEvents(ctx.database, trx, caller, pending.events, w.now);
    return { value, events };
  });
  if (events.length) ctx.events.committed(events);
  if (pending.jobs.length) ctx.jobs.kick(Math.min(...pending.jobs.map((j) => j.dueAt)));
  for (const f of pending.after) f();
  return value;
}

// Rows go in through insertMany (one prepared statement on SQLite, chunked multi-row inserts on
// PostgreSQL), so a ledger batch of 10,000 entries with their events stays within the limits on
// bound parameters and fast.
async function writeAudits(database: Database, trx: Tx, caller: Caller, audits: AuditInput[], at: number) {
  if (!audits.length) return;
  await insertMany(
    database,
    trx,
    'auditLog',
    audits.map((a) => ({
      id: newId(),
      villageId: a.villageId ?? caller.village?.id ?? caller.actor?.villageId ?? null,
      at,
      accountId: caller.actor?.accountId ?? null,
      actorName: caller.actor?.name ?? caller.operator,
      ip: caller.ip,
      action: a.action,
      method: caller.method,
      path: auditPath(caller.path),
      status: a.status ?? null,
      targetType: a.targetType ?? null,
      targetId: a.targetId ?? null,
      before: auditText(a.before),
      after: auditText(a.after),
    })),
  );
}

async function writeJobs(trx: Tx, caller: Caller, jobs: JobInput[], at: number) {
  const rows = jobs.map((j) => ({
    id: newId(),
    villageId: j.villageId ?? caller.village?.id ?? null,
    kind: j.kind,
    uniqueKey: j.key,
    payload: j.payload === undefined ? null : JSON.stringify(j.payload),
    dueAt: j.dueAt,
    status: 'pending' as const,
    attempts: 0,
    maxAttempts: j.maxAttempts ?? 10,
    lastError: null,
    claimedBy: null,
    claimedUntil: null,
    createdAt: at,
    doneAt: null,
  }));
  // Scheduling a key that exists does nothing: chunks small enough for either backend's parameter limit.
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('jobs')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('uniqueKey').doNothing())
      .execute();
}

/**
 * Number the events in their village's sequence: one upsert per village takes the numbers (its
 * row lock, held to commit, makes commit order the sequence order on PostgreSQL), one insert
 * writes them.
 */
async function writeEvents(
  database: Database,
  trx: Tx,
  caller: Caller,
  events: EventInput[],
  at: number,
): Promise<EventRow[]> {
  if (!events.length) return [];
  const byVillage = new Map<string, EventInput[]>();
  for (const e of events) {
    const v = e.villageId ?? caller.village?.id ?? caller.actor?.villageId;
    if (!v) continue; // nothing to announce outside a village
    byVillage.set(v, [...(byVillage.get(v) ?? []), e]);
  }
  const rows: EventRow[] = [];
  for (const [villageId, list] of byVillage) {
    const { lastSeq } = await trx
      .insertInto('eventCounters')
      .values({ villageId, lastSeq: list.length })
      .onConflict((oc) =>
        oc.column('villageId').doUpdateSet((eb) => ({ lastSeq: eb('eventCounters.lastSeq', '+', list.length) })),
      )
      .returning('lastSeq')
      .executeTakeFirstOrThrow();
    const first = Number(lastSeq) - list.length + 1;
    list.forEach((e, i) =>
      rows.push({
        villageId,
        seq: first + i,
        type: e.type,
        subjectType: e.subjectType ?? null,
        subjectId: e.subjectId ?? null,
        path: e.path ?? null,
        householdId: e.householdId ?? null,
        accountId: e.accountId ?? null,
        audience: e.audience ?? 'staff',
        payload: e.payload ? JSON.stringify(e.payload) : null,
        at,
      }),
    );
  }
  await insertMany(database, trx, 'events', rows);
  return rows;
}
