/**
 * Sending a message: an event addressed to the recipient's account for the open app (the `app`
 * row, sent as the transaction commits), and a row per outbound channel the village configured,
 * which the dispatcher (modules/delivery) sends. The dedupe key makes the same message to the
 * same person on the same channel one row, however often the caller retries.
 */
import type { Write } from '../../core/write';
import { newId } from '../../lib/ids';
import { enqueueOutbound, type Queued } from '../delivery/enqueue';

export interface Outgoing extends Queued {
  /** The event the recipient's open app hears. */
  eventType: string;
}

export async function send(w: Write, messages: Outgoing[]) {
  const channel = 'app';
  if (!messages.length) return;
  const villageId = w.caller.village!.id;
  const rows = messages.map((m) => ({
    id: newId(),
    villageId,
    personId: m.personId,
    accountId: m.accountId,
    channel,
    subjectType: m.subjectType,
    subjectId: m.subjectId,
    textCode: m.textCode,
    params: JSON.stringify(m.params),
    dedupeKey: `${m.key}:${channel}`,
    path: m.path,
    state: 'sent' as const, // the event below is committed with it
    attempts: 1,
    lastError: null,
    createdAt: w.now,
    sentAt: w.now,
    nextAttemptAt: null,
    leaseUntil: null,
    updatedAt: w.now,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await w.trx
      .insertInto('outboundMessages')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .execute();
  await enqueueOutbound(w, villageId, messages);
  for (const m of messages)
    if (m.accountId)
      w.emit({
        type: m.eventType,
        subjectType: m.subjectType,
        subjectId: m.subjectId,
        accountId: m.accountId,
        path: m.path,
        payload: { code: m.textCode },
      });
}
