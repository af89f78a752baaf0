/** What the muster routes accept. */
import { z } from 'zod';
import { targets, villageParams } from './schema';

export const musterParams = villageParams.extend({ musterId: z.string().min(1).max(64) });
const clientId = z.string().min(8).max(64).optional();

export const openMusterBody = z.object({
  responseId: z.string().min(1).max(64).nullable().optional(),
  text: z.string().trim().min(1).max(500).default('立即集合'),
  place: z.object({
    name: z.string().trim().min(1).max(100),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  }),
  targets,
});

export const musterAnswerBody = z
  .object({
    id: clientId,
    state: z.enum(['on_my_way', 'cannot_come']),
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .refine((b) => b.state !== 'cannot_come' || !!b.reason, {
    message: '请说明原因 / a reason is needed',
    path: ['reason'],
  });

export const checkInBody = z.object({ id: clientId, token: z.string().min(8).max(64) });
export const recordArrivalBody = z.object({ id: clientId, personId: z.string().min(1).max(64) });

export type OpenMusterBody = z.input<typeof openMusterBody>;
export type MusterAnswerBody = z.infer<typeof musterAnswerBody>;
