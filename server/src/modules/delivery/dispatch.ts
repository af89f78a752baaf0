/**
 * The dispatcher: moves outgoing messages pending → sending → sent | failed on the durable jobs.
 *
 * A send job claims its message in the job's own transaction — state `sending`, one more
 * attempt, a lease — and schedules a check for the lease's end; that transaction commits BEFORE
 * anything leaves the process. Then the send is made, and its result recorded in a second
 * transaction (sent; pending with a backoff and the next send job; or failed), which cancels the
 * check. If the process dies mid-send, the row stays `sending`; the check job (run by any
 * process once the lease is out) re-sends it with the SAME message id as the idempotency key
 * only when the channel is idempotent, and otherwise marks it failed as interrupted.
 *
 * The at-least-once boundary, honestly: a send interrupted by a crash or a timeout is repeated
 * only on channels whose receiver deduplicates by the message id (`Idempotency-Key`); there a
 * second HTTP request may arrive, and it is the receiver that makes it one delivery. On the
 * others the message is never sent twice and may be lost: it is then shown failed with the
 * reason, on the board, for a leader to follow up by phone.
 */
import type { Ctx } from '../../context';
import { systemCaller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import type { OutboundMessage } from '../../db/types';
import { newId } from '../../lib/ids';
import { retryable, type SendResult } from './channel';
import { channelFor, channelIdempotent } from './channels';
import { deliveryEnv, type DeliveryEnv } from './env';
import { checkJobKey, SEND_JOB, sendJobKey } from './jobs-keys';
import { renderText } from './render';
import { afterCrash, afterSend, INTERRUPTED } from './rules';
import { deliverySettings } from './settings';

/** Sends in flight per process; beyond it a due send waits a moment (its lease has not begun). */
const MAX_IN_FLIGHT = 32;

export interface DispatcherOptions {
  log?: (line: string) => void;
  env?: DeliveryEnv;
}

export class Dispatcher {
  private inflight = new Set<Promise<void>>();
  readonly env: DeliveryEnv;

  constructor(
    private ctx: Ctx,
    private opts: DispatcherOptions = {},
  ) {
    this.env = opts.env ?? deliveryEnv();
  }

  /** Resolves when no send of this process is in flight (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** The send job: claim in this (the job's) transaction; send after it commits. */
  async onJob(w: Write, key: string): Promise<void> {
    const m = await w.trx.selectFrom('outboundMessages').selectAll().where('dedupeKey', '=', key).executeTakeFirst();
    if (!m || m.state === 'sent' || m.state === 'failed') return;
    const settings = await deliverySettings(w.trx, m.villageId);
    if (m.state === 'sending') {
      if ((m.leaseUntil ?? 0) > w.now) return; // in flight; the check at its lease's end decides
      if (afterCrash(channelIdempotent(m.channel, settings)) === 'fail') {
        await this.finish(w, m, m.attempts, { state: 'failed', reason: INTERRUPTED });
        return;
      }
    }
    if (m.state === 'pending' && (m.nextAttemptAt ?? 0) > w.now) {
      w.schedule({ kind: SEND_JOB, key: sendJobKey(key, m.attempts + 1), dueAt: m.nextAttemptAt!, payload: { key } });
      return;
    }
    if (this.inflight.size >= MAX_IN_FLIGHT) {
      w.schedule({
        kind: SEND_JOB,
        key: `${sendJobKey(key, m.attempts + 1)}:wait:${newId()}`,
        dueAt: w.now + 250,
        payload: { key },
        villageId: m.villageId,
      });
      return;
    }
    const attempt = m.attempts + 1;
    const leaseUntil = w.now + this.env.WANGGE_OUTBOUND_LEASE_MS;
    const res = await w.trx
      .updateTable('outboundMessages')
      .set({ state: 'sending', attempts: attempt, leaseUntil, updatedAt: w.now })
      .where('id', '=', m.id)
      .where('state', '=', m.state)
      .where('attempts', '=', m.attempts)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return;
    w.schedule({
      kind: SEND_JOB,
      key: checkJobKey(key, attempt),
      dueAt: leaseUntil,
      payload: { key },
      villageId: m.villageId,
    });
    w.afterCommit(() => {
      const p = this.perform(m.id, attempt).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    });
  }

  private async perform(id: string, attempt: number): Promise<void> {
    const db = this.ctx.db;
    const m = await db.selectFrom('outboundMessages').selectAll().where('id', '=', id).executeTakeFirst();
    if (!m || m.state !== 'sending' || m.attempts !== attempt) return;
    let result: SendResult;
    try {
      const settings = await deliverySettings(db, m.villageId);
      const channel = await channelFor(this.ctx, m.channel, settings, this.env, this.opts.log);
      const [text, person] = await Promise.all([
        renderText(db, m),
        db.selectFrom('people').select('phone').where('id', '=', m.personId).executeTakeFirst(),
      ]);
      result = await channel.send({ id: m.id, text, phone: person?.phone ?? null, accountId: m.accountId });
    } catch (err) {
      // Only the error's kind: its message may carry a URL with a key in it.
      const e = err as { name?: string; message?: string };
      result = retryable(`ERROR ${/^[A-Z_]+$/.test(e.message ?? '') ? e.message : (e.name ?? 'unknown')}`);
    }
    await write(this.ctx, systemCaller(null, SEND_JOB), async (w) => {
      const cur = await w.trx.selectFrom('outboundMessages').selectAll().where('id', '=', id).executeTakeFirst();
      if (!cur || cur.state !== 'sending' || cur.attempts !== attempt) return; // taken over meanwhile
      if (result.gone?.length) await w.trx.deleteFrom('pushSubscriptions').where('id', 'in', result.gone).execute();
      await this.finish(w, cur, attempt, afterSend(result, attempt, w.now));
    }).catch(() => undefined); // the database is away: the check at the lease's end settles it
  }

  /** Record where a message ends up after an attempt, and what follows. */
  private async finish(w: Write, m: OutboundMessage, attempt: number, next: ReturnType<typeof afterSend>) {
    const base = { leaseUntil: null, updatedAt: w.now };
    if (next.state === 'sent')
      await w.trx
        .updateTable('outboundMessages')
        .set({ ...base, state: 'sent', sentAt: w.now })
        .where('id', '=', m.id)
        .execute();
    else if (next.state === 'pending') {
      await w.trx
        .updateTable('outboundMessages')
        .set({ ...base, state: 'pending', lastError: next.reason, nextAttemptAt: next.retryAt })
        .where('id', '=', m.id)
        .execute();
      w.schedule({
        kind: SEND_JOB,
        key: sendJobKey(m.dedupeKey, attempt + 1),
        dueAt: next.retryAt,
        payload: { key: m.dedupeKey },
        villageId: m.villageId,
      });
    } else
      await w.trx
        .updateTable('outboundMessages')
        .set({ ...base, state: 'failed', lastError: next.reason })
        .where('id', '=', m.id)
        .execute();
    await w.cancelJob(checkJobKey(m.dedupeKey, attempt));
    if (next.state !== 'sent')
      w.emit({
        villageId: m.villageId,
        type: 'outbound.message.failed',
        subjectType: m.subjectType,
        subjectId: m.subjectId,
        path: m.path,
        payload: { messageId: m.id, channel: m.channel, state: next.state, attempts: attempt },
      });
  }
}

const dispatchers = new WeakMap<Ctx, Dispatcher>();

/** This process's dispatcher (made when the delivery jobs are registered). */
export const dispatcherOf = (ctx: Ctx) => dispatchers.get(ctx);

export function registerDeliveryJobs(ctx: Ctx, opts: DispatcherOptions = {}) {
  const d = new Dispatcher(ctx, opts);
  dispatchers.set(ctx, d);
  ctx.jobs.handle(SEND_JOB, async (w, _job, payload) => d.onJob(w, (payload as { key: string }).key));
  return d;
}
