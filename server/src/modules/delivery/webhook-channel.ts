/**
 * The generic webhook channel: POSTs the group-robot JSON that WeCom (企业微信) and DingTalk
 * (钉钉) robots accept, `{ msgtype: 'text', text: { content } }`, with the recipient's phone in
 * the fields both use for mentions (an SMS gateway behind a webhook reads it from there). The
 * message id goes in the `Idempotency-Key` header. With a secret, the DingTalk signature is added
 * to the query (`timestamp`, `sign`) and an HMAC of the body as `X-Wangge-Signature`. Reasons
 * never carry the URL or the secret.
 */
import { createHmac } from 'node:crypto';
import { ok, permanent, retryable, type Channel } from './channel';

export interface WebhookConfig {
  url: string;
  secret: string | null;
  /** The receiver honours Idempotency-Key (then a crashed or timed-out send may be repeated). */
  idempotent: boolean;
  timeoutMs: number;
}

export const robotBody = (text: string, phone: string | null) => ({
  msgtype: 'text',
  text: { content: text, ...(phone ? { mentioned_mobile_list: [phone] } : {}) },
  ...(phone ? { at: { atMobiles: [phone] } } : {}),
});

function signedUrl(url: string, secret: string | null, now: number) {
  if (!secret) return url;
  const sign = createHmac('sha256', secret).update(`${now}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', String(now));
  u.searchParams.set('sign', sign);
  return u.toString();
}

export function webhookChannel(cfg: WebhookConfig, now = Date.now): Channel {
  return {
    name: 'webhook',
    idempotent: cfg.idempotent,
    async send(m) {
      const body = JSON.stringify(robotBody(m.text, m.phone));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': m.id };
      if (cfg.secret)
        headers['x-wangge-signature'] = `sha256=${createHmac('sha256', cfg.secret).update(body).digest('hex')}`;
      let res: Response;
      try {
        res = await fetch(signedUrl(cfg.url, cfg.secret, now()), {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(cfg.timeoutMs),
        });
      } catch (err) {
        const e = err as { name?: string; cause?: { code?: string } };
        if (e.name === 'TimeoutError' || e.name === 'AbortError')
          // It may have arrived: repeating is safe only when the receiver knows the id.
          return cfg.idempotent
            ? retryable('TIMEOUT')
            : permanent('TIMEOUT: not repeated (the receiver does not honour Idempotency-Key)');
        return retryable(`NETWORK ${e.cause?.code ?? 'error'}`); // never connected: nothing arrived
      }
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return ok;
      if (res.status === 429 || res.status >= 500) return retryable(`HTTP ${res.status}`);
      return permanent(`HTTP ${res.status}`);
    },
  };
}
