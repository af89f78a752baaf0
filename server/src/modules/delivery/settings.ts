/**
 * A village's delivery settings: which outbound channels an instruction uses besides the app
 * (always on), and its webhook (URL, secret, whether the receiver honours Idempotency-Key). A
 * village without its own webhook URL uses WANGGE_WEBHOOK_URL / WANGGE_WEBHOOK_SECRET. What is
 * answered or audited is masked (`maskedSettings`): the URL without its query, never the secret.
 */
import type { Executor } from '../../db/database';
import type { OutboundChannel } from '../../db/enums';
import { deliveryEnv } from './env';
import { maskSecret, maskUrl } from './rules';

export interface DeliverySettings {
  channels: OutboundChannel[];
  webhookUrl: string | null;
  webhookSecret: string | null;
  webhookIdempotent: boolean;
  updatedAt: number | null;
}

export async function deliverySettings(db: Executor, villageId: string): Promise<DeliverySettings> {
  const env = deliveryEnv();
  const row = await db.selectFrom('deliverySettings').selectAll().where('villageId', '=', villageId).executeTakeFirst();
  const own = !!row?.webhookUrl;
  return {
    channels: row ? (JSON.parse(row.channels) as OutboundChannel[]) : [],
    webhookUrl: own ? row!.webhookUrl : (env.WANGGE_WEBHOOK_URL ?? null),
    webhookSecret: own ? row!.webhookSecret : (env.WANGGE_WEBHOOK_SECRET ?? null),
    webhookIdempotent: row && own ? row.webhookIdempotent === 1 : env.WANGGE_WEBHOOK_IDEMPOTENT === '1',
    updatedAt: row?.updatedAt ?? null,
  };
}

export const maskedSettings = (s: DeliverySettings) => ({
  channels: ['app', ...s.channels],
  webhookUrl: maskUrl(s.webhookUrl),
  webhookSecret: maskSecret(s.webhookSecret),
  webhookIdempotent: s.webhookIdempotent,
  updatedAt: s.updatedAt,
});
