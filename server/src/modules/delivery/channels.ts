/** The channel object for a message's channel name, built from the village's settings. */
import type { Ctx } from '../../context';
import type { Channel } from './channel';
import type { DeliveryEnv } from './env';
import { logChannel } from './log-channel';
import type { DeliverySettings } from './settings';
import { vapidKeys } from './vapid';
import { webhookChannel } from './webhook-channel';
import { webPushChannel } from './webpush-channel';

/** Whether a send interrupted by a crash may be made again (see rules.afterCrash). */
export function channelIdempotent(name: string, s: DeliverySettings): boolean {
  if (name === 'log') return true;
  if (name === 'webhook') return s.webhookIdempotent;
  return false;
}

export async function channelFor(
  ctx: Ctx,
  name: string,
  s: DeliverySettings,
  env: DeliveryEnv,
  log?: (line: string) => void,
): Promise<Channel> {
  if (name === 'log') return logChannel(log);
  if (name === 'webhook') {
    if (!s.webhookUrl) throw new Error('NO_WEBHOOK_URL');
    return webhookChannel({
      url: s.webhookUrl,
      secret: s.webhookSecret,
      idempotent: s.webhookIdempotent,
      timeoutMs: env.WANGGE_OUTBOUND_TIMEOUT_MS,
    });
  }
  if (name === 'webpush') return webPushChannel(ctx.db, await vapidKeys(ctx), env.WANGGE_OUTBOUND_TIMEOUT_MS);
  throw new Error('UNKNOWN_CHANNEL');
}
