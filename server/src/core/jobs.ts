/**
 * Durable jobs and timers. A job is a row (kind, due time, unique key, attempts, last error,
 * lease); one runner per process sleeps until the next due job (woken early when a write
 * schedules an earlier one), claims due jobs (FOR UPDATE SKIP LOCKED on PostgreSQL), and runs
 * each handler inside the write envelope, in a transaction that also marks the job done — so a
 * job's effect and its completion commit together: exactly once across restarts and processes.
 * A failure rolls back, is recorded on the row and retried with backoff; after the last attempt
 * the job stays `failed`, visible. A runner that dies leaves its lease to run out; another takes
 * the job over. A runner that is stopped (graceful shutdown) claims nothing more, lets the jobs it
 * is running finish, and gives back the ones it had claimed but not begun, for the next runner.
 */
import type { Ctx } from '../context';
import { claimDueJobs } from '../db/claim-jobs';
import type { Job } from '../db/types';
import { newId } from '../lib/ids';
import { systemCaller } from './caller';
import { write, type Write } from './write';

export type JobHandler = (w: Write, job: Job, payload: unknown) => Promise<void>;

export interface JobRunnerOptions {
  leaseMs?: number;
  batch?: number;
  /** Longest sleep between looks at the table (jobs scheduled by other processes, expired leases). */
  maxSleepMs?: number;
  concurrency?: number;
  onError?: (job: Job, err: unknown) => void;
}

class LostClaim extends Error {}

/** Backoff after the n-th failed attempt: 1 s, 2 s, 4 s … at most 5 minutes. */
export const backoffMs = (attempts: number) => Math.min(300_000, 1000 * 2 ** Math.max(0, attempts - 1));

export class JobRunner {
  readonly id = `runner-${newId()}`;
  private handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private wakeAt = Infinity;
  private running: Promise<number> | null = null;
  private active = false;
  private stopping = false;
  private again = false;

  constructor(
    private ctx: () => Ctx,
    private opts: JobRunnerOptions = {},
  ) {}

  configure(opts: JobRunnerOptions): this {
    Object.assign(this.opts, opts);
    return this;
  }

  handle(kind: string, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  /** A job due at `dueAt` was scheduled: wake up by then. */
  kick(dueAt: number): void {
    if (!this.active) return;
    this.sleepUntil(dueAt);
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.stopping = false;
    this.sleepUntil(0);
  }

  /** Claim nothing more; resolves once the jobs being run are done (or rolled back). */
  async stop(): Promise<void> {
    this.active = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private sleepUntil(at: number) {
    if (at >= this.wakeAt && this.timer) return;
    if (this.timer) clearTimeout(this.timer);
    const now = this.ctx().clock.now();
    const delay = Math.max(0, Math.min(at - now, this.opts.maxSleepMs ?? 5000));
    this.wakeAt = now + delay;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick() {
    this.timer = null;
    this.wakeAt = Infinity;
    if (!this.active) return;
    try {
      await this.runDue();
    } catch {
      // the database is away: look again after the sleep below
    }
    if (!this.active) return;
    const next = await this.nextDue().catch(() => Infinity);
    this.sleepUntil(next);
  }

  private async nextDue(): Promise<number> {
    const now = this.ctx().clock.now();
    const r = await this.ctx()
      .db.selectFrom('jobs')
      .select((eb) => eb.fn.min('dueAt').as('due'))
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('claimedUntil', 'is', null), eb('claimedUntil', '<=', now)]))
      .executeTakeFirst();
    return r?.due == null ? Infinity : Number(r.due);
  }

  /** Claim and run every job due now; resolves with how many ran to completion. */
  runDue(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let done = 0;
      do {
        this.again = false;
        while (!this.stopping) {
          const ctx = this.ctx();
          const jobs = await claimDueJobs(
            ctx.database,
            this.id,
            ctx.clock.now(),
            this.opts.leaseMs ?? 30_000,
            this.opts.batch ?? 50,
          );
          if (!jobs.length) break;
          const width = this.opts.concurrency ?? (ctx.database.backend === 'postgres' ? 4 : 1);
          for (let i = 0; i < jobs.length; i += width) {
            if (this.stopping) {
              await this.release(jobs.slice(i));
              break;
            }
            const ran = await Promise.all(jobs.slice(i, i + width).map((j) => this.runOne(j)));
            done += ran.filter(Boolean).length;
          }
        }
      } while (this.again && !this.stopping);
      return done;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Give back claimed jobs that were not begun: another runner may take them at once. */
  private async release(jobs: Job[]) {
    await this.ctx()
      .db.updateTable('jobs')
      .set((eb) => ({ claimedBy: null, claimedUntil: null, attempts: eb('attempts', '-', 1) }))
      .where(
        'id',
        'in',
        jobs.map((j) => j.id),
      )
      .where('claimedBy', '=', this.id)
      .where('status', '=', 'pending')
      .execute()
      .catch(() => undefined); // the database is away: the leases run out instead
  }

  private async runOne(job: Job): Promise<boolean> {
    const ctx = this.ctx();
    const handler = this.handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      const village = job.villageId
        ? ((await ctx.db.selectFrom('villages').selectAll().where('id', '=', job.villageId).executeTakeFirst()) ?? null)
        : null;
      await write(ctx, systemCaller(village, job.kind), async (w) => {
        const res = await w.trx
          .updateTable('jobs')
          .set({ status: 'done', doneAt: w.now, claimedUntil: null })
          .where('id', '=', job.id)
          .where('claimedBy', '=', this.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new LostClaim(); // taken over or cancelled
        await handler(w, job, job.payload === null ? null : JSON.parse(job.payload));
      });
      return true;
    } catch (err) {
      if (err instanceof LostClaim) return false;
      this.opts.onError?.(job, err);
      const now = ctx.clock.now();
      const last = job.attempts >= job.maxAttempts;
      await ctx.db
        .updateTable('jobs')
        .set({
          status: last ? 'failed' : 'pending',
          lastError: String(err instanceof Error ? err.message : err).slice(0, 1000),
          dueAt: last ? job.dueAt : now + backoffMs(job.attempts),
          claimedUntil: null,
          claimedBy: null,
        })
        .where('id', '=', job.id)
        .where('claimedBy', '=', this.id)
        .where('status', '=', 'pending')
        .execute()
        .catch(() => undefined);
      return false;
    }
  }
}
