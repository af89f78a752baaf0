/**
 * Queue the outbound copies of messages on the channels the village configured, inside the
 * write that made the messages: one row per recipient per channel (the dedupe key makes a retry
 * of the same message the same row) and one send job per row. Web Push only for accounts that
 * registered a subscription.
 */
import type { Write } from '../../core/write';
import { newId } from '../../lib/ids';
import { sendJobKey, SEND_JOB } from './jobs-keys';
import { deliverySettings } from './settings';

export interface Queued {
  personId: string;
  accountId: string | null;
  path: string | null;
  subjectType: string;
  subjectId: string;
  textCode: string;
  params: Record<string, unknown>;
  /** The message's key without the channel. */
  key: string;
}

export async function enqueueOutbound(w: Write, villageId: string, messages: Queued[]) {
  if (!messages.length) return;
  const settings = await deliverySettings(w.trx, villageId);
  for (const channel of settings.channels) {
    let list = messages;
    if (channel === 'webhook' && !settings.webhookUrl) continue;
    if (channel === 'webpush') {
      const subscribed = new Set<string>();
      const ids = [...new Set(messages.map((m) => m.accountId).filter((a): a is string => !!a))];
      for (let i = 0; i < ids.length; i += 500)
        for (const r of await w.trx
          .selectFrom('pushSubscriptions')
          .select('accountId')
          .where('accountId', 'in', ids.slice(i, i + 500))
          .execute())
          subscribed.add(r.accountId);
      list = messages.filter((m) => m.accountId && subscribed.has(m.accountId));
    }
    const rows = await insertMessages(w, villageId, list, channel, 'pending');
    // Scheduling a key that exists does nothing: a retried write queues no second send.
    for (const r of rows)
      w.schedule({ kind: SEND_JOB, key: sendJobKey(r.dedupeKey, 1), dueAt: w.now, payload: { key: r.dedupeKey } });
  }
}

/**
 * One `outbound_messages` row per message on `channel`, inserted in chunks; a dedupe key already
 * stored (a retried write) is left as it is. 'pending' rows wait for their send job; 'sent' rows
 * (the app channel) are delivered by the event committed with them.
 */
export async function insertMessages(
  w: Write,
  villageId: string,
  messages: Queued[],
  channel: string,
  state: 'pending' | 'sent',
) {
  const sent = state === 'sent';
  const rows = messages.map((m) => ({
    id: newId(),
    villageId,
    personId: m.personId,
    accountId: m.accountId,
    path: m.path,
    channel,
    subjectType: m.subjectType,
    subjectId: m.subjectId,
    textCode: m.textCode,
    params: JSON.stringify(m.params),
    dedupeKey: `${m.key}:${channel}`,
    state,
    attempts: sent ? 1 : 0,
    lastError: null,
    createdAt: w.now,
    sentAt: sent ? w.now : null,
    nextAttemptAt: sent ? null : w.now,
    leaseUntil: null,
    updatedAt: w.now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await w.trx
      .insertInto('outboundMessages')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .execute();
  return rows;
}
