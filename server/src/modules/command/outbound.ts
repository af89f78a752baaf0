/**
 * "Sending" a message for now: one row per recipient per channel in `outbound_messages` (state
 * pending; the outbound channels of the next step pick them up) and an event addressed to the
 * recipient's account for the open app. The dedupe key makes the same message to the same
 * person on the same channel one row, however often the caller retries.
 */
import type { Write } from '../../core/write';
import { newId } from '../../lib/ids';

export interface Outgoing {
  personId: string;
  accountId: string | null;
  path: string | null;
  subjectType: string;
  subjectId: string;
  textCode: string;
  params: Record<string, unknown>;
  /** Unique per message: channel is appended. */
  key: string;
  eventType: string;
}

export async function send(w: Write, messages: Outgoing[], channel = 'app') {
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
    state: 'pending' as const,
    attempts: 0,
    lastError: null,
    createdAt: w.now,
    sentAt: null,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await w.trx
      .insertInto('outboundMessages')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('dedupeKey').doNothing())
      .execute();
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
