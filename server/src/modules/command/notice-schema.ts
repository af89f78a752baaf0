/** What the notice routes accept. */
import { z } from 'zod';
import { REACH_METHODS } from './notice-rules';
import { villageParams } from './schema';

export const noticeParams = villageParams.extend({ noticeId: z.string().min(1).max(64) });
export const noticeHouseholdParams = noticeParams.extend({ householdId: z.string().min(1).max(64) });

export const openNoticeBody = z.object({
  responseId: z.string().min(1).max(64).nullable().optional(),
  text: z.string().trim().min(1).max(2000),
  nodeId: z.string().min(1).max(64).optional(),
});

/** `id`: made by the phone and kept across retries (the outbox): one attempt however often it is sent. */
export const markBody = z.object({
  id: z.string().min(8).max(64).optional(),
  outcome: z.enum(['reached', 'unreachable']),
  method: z.enum(REACH_METHODS).optional(),
  reason: z.string().trim().min(1).max(200).optional(),
});

export const myListQuery = z.object({ reveal: z.enum(['true', 'false']).optional() });

export type OpenNoticeBody = z.input<typeof openNoticeBody>;
export type MarkBody = z.infer<typeof markBody>;
