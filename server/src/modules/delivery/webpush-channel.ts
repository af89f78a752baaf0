/**
 * Web Push (VAPID) to the installed app: the message goes to every subscription the recipient's
 * account registered. The payload names the message id (the service worker shows it with that id
 * as the notification tag, so a repeat replaces rather than adds) and the Topic header lets the
 * push service replace an undelivered copy; the push service itself does not deduplicate, so the
 * channel counts as not idempotent. A subscription the service says is gone (404/410) is removed when the result is recorded.
 */
import { createHash } from 'node:crypto';
import webpush from 'web-push';
import type { Db } from '../../db/database';
import { ok, permanent, retryable, type Channel } from './channel';
import type { Vapid } from './vapid';

const topicOf = (id: string) => createHash('sha256').update(id).digest('base64url').slice(0, 32);

export function webPushChannel(db: Db, vapid: Vapid, timeoutMs: number): Channel {
  return {
    name: 'webpush',
    idempotent: false,
    async send(m) {
      if (!m.accountId) return permanent('NO_ACCOUNT');
      const subs = await db.selectFrom('pushSubscriptions').selectAll().where('accountId', '=', m.accountId).execute();
      if (!subs.length) return permanent('NO_SUBSCRIPTION');
      const payload = JSON.stringify({ id: m.id, text: m.text });
      let delivered = 0;
      let lastReason = '';
      const gone: string[] = [];
      for (const s of subs) {
        try {
          // web-push signs and encrypts; the request itself goes out by fetch, with our timeout.
          const req = webpush.generateRequestDetails(
            { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
            payload,
            { vapidDetails: vapid, TTL: 3600, topic: topicOf(m.id), urgency: 'high' },
          );
          const res = await fetch(req.endpoint, {
            method: req.method,
            headers: req.headers as Record<string, string>,
            body: req.body ? new Uint8Array(req.body) : undefined,
            signal: AbortSignal.timeout(timeoutMs),
          });
          await res.arrayBuffer().catch(() => undefined);
          if (res.ok) delivered++;
          else {
            if (res.status === 404 || res.status === 410) gone.push(s.id);
            lastReason = `HTTP ${res.status}`;
          }
        } catch (err) {
          lastReason = (err as { name?: string }).name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK';
        }
      }
      const result = delivered ? ok : lastReason.startsWith('HTTP 4') ? permanent(lastReason) : retryable(lastReason);
      return { ...result, gone };
    },
  };
}
