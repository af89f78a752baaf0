/**
 * Sending a message: an event addressed to the recipient's account for the open app (the `app`
 * row, sent as the transaction commits), and a row per outbound channel the village configured,
 * which the dispatcher (modules/delivery) sends. The dedupe key makes the same message to the
 * same person on the same channel one row, however often the caller retries.
 */
import type { Write } from '../../core/write';
import { enqueueOutbound, insertMessages, type Queued } from '../delivery/enqueue';

export interface Outgoing extends Queued {
  /** The event the recipient's open app hears. */
  eventType: string;
}

export async function send(w: Write, messages: Outgoing[]) {
  if (!messages.length) return;
  const villageId = w.caller.village!.id;
  await insertMessages(w, villageId, messages, 'app', 'sent'); // the event below is committed with it
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
