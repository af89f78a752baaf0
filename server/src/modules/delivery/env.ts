/**
 * Delivery settings from the environment: the webhook used when a village has none of its own,
 * the VAPID keys (generated once and stored when absent), the lease of a send in flight and the
 * webhook's timeout (the lease must outlast the timeout, or a slow send would be taken for dead).
 */
import { z } from 'zod';

const schema = z.object({
  WANGGE_WEBHOOK_URL: z.string().url().optional(),
  WANGGE_WEBHOOK_SECRET: z.string().min(1).optional(),
  WANGGE_WEBHOOK_IDEMPOTENT: z.enum(['0', '1']).optional(),
  WANGGE_VAPID_PUBLIC_KEY: z.string().min(20).optional(),
  WANGGE_VAPID_PRIVATE_KEY: z.string().min(20).optional(),
  WANGGE_VAPID_SUBJECT: z.string().default('mailto:admin@wangge.local'),
  WANGGE_OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WANGGE_OUTBOUND_LEASE_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
});

export type DeliveryEnv = z.infer<typeof schema>;

export function deliveryEnv(env: NodeJS.ProcessEnv = process.env): DeliveryEnv {
  const e = schema.parse(env);
  if (e.WANGGE_OUTBOUND_LEASE_MS <= e.WANGGE_OUTBOUND_TIMEOUT_MS)
    e.WANGGE_OUTBOUND_LEASE_MS = e.WANGGE_OUTBOUND_TIMEOUT_MS * 2;
  return e;
}
