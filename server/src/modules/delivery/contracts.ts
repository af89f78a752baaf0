/** What the delivery routes answer (secrets masked, never the private key). */
import { z } from 'zod';
import { time } from '../../http/contracts';

export const settings = z.object({
  channels: z.array(z.string()),
  webhookUrl: z.string().nullable().describe('masked: no query, shortened path'),
  webhookSecret: z.string().nullable().describe('masked: whether one is set'),
  webhookIdempotent: z.boolean(),
  updatedAt: time.nullable(),
});

export const vapidPublicKey = z.object({ publicKey: z.string() });
export const subscription = z.object({ id: z.string(), endpoint: z.string(), createdAt: time });
