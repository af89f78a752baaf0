/** What the delivery routes accept. */
import { z } from 'zod';
import { outboundChannel } from '../../db/enums';

export const villageParams = z.object({ village: z.string().min(1).max(64) });

export const settingsBody = z.object({
  /** Outbound channels besides the app (always on). */
  channels: z.array(outboundChannel).max(3),
  /** null clears it (the server's WANGGE_WEBHOOK_URL applies); absent keeps it. */
  webhookUrl: z
    .string()
    .url()
    .max(2000)
    .refine((u) => /^https?:/.test(u), 'http(s) only')
    .nullable()
    .optional(),
  webhookSecret: z.string().min(1).max(500).nullable().optional(),
  webhookIdempotent: z.boolean().optional(),
});

export const subscriptionBody = z.object({
  endpoint: z
    .string()
    .url()
    .max(2000)
    .refine((u) => u.startsWith('https://') || u.startsWith('http://127.0.0.1'), 'https only'),
  keys: z.object({ p256dh: z.string().min(10).max(200), auth: z.string().min(8).max(100) }),
});
export const unsubscribeBody = z.object({ endpoint: z.string().url().max(2000) });

export type SettingsBody = z.input<typeof settingsBody>;
export type SubscriptionBody = z.infer<typeof subscriptionBody>;
