/** What the command routes answer. */
import { z } from 'zod';
import { instructionStatus, outboundState, role } from '../../db/enums';
import { count, nullableText, time } from '../../http/contracts';
import { timelineMuster } from './muster-contracts';

export const response = z.object({
  id: z.string(),
  name: z.string(),
  level: z.string(),
  nodeId: z.string(),
  path: z.string(),
  startedAt: time,
  endedAt: time.nullable(),
});

export const counts = z.object({ recipients: count, delivered: count, read: count, acknowledged: count });

export const instruction = counts.extend({
  id: z.string(),
  responseId: nullableText,
  text: z.string(),
  status: instructionStatus,
  round: count,
  senderName: z.string(),
  sentAt: time,
  deadlineAt: time,
  cancelledAt: time.nullable(),
});

export const recipient = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  role,
  nodeId: z.string(),
  path: z.string(),
  phone: nullableText,
  sentAt: time,
  deliveredAt: time.nullable(),
  readAt: time.nullable(),
  ackedAt: time.nullable(),
  ackChannel: nullableText,
  ackText: nullableText,
  ackOnBehalfName: nullableText,
});

export const nodeRollup = counts.extend({ nodeId: z.string(), path: z.string(), name: z.string() });

/** Outbound delivery on the board: counts per channel, and what failed or is being retried, with the reason. */
export const deliveries = z.object({
  channels: z.array(z.object({ channel: z.string(), pending: count, sending: count, sent: count, failed: count })),
  failures: z.array(
    z.object({
      messageId: z.string(),
      personId: z.string(),
      name: z.string(),
      channel: z.string(),
      kind: z.string(),
      state: outboundState,
      attempts: count,
      reason: z.string(),
      at: time,
      retryAt: time.nullable(),
    }),
  ),
});

export const board = z.object({
  instruction,
  elapsedMs: count,
  thread: z.array(z.object({ round: count, text: z.string(), at: time, byName: z.string() })),
  recipients: z.array(recipient),
  nodes: z.array(nodeRollup),
  outstanding: z.array(z.object({ personId: z.string(), name: z.string(), phone: nullableText, path: z.string() })),
  deliveries,
});

export const ackResult = z.object({
  recipientId: z.string(),
  ackedAt: time,
  acknowledged: count,
  recipients: count,
});

export const stateResult = z.object({ recipientId: z.string(), at: time.nullable() });

export const timeline = z.object({
  response,
  instructions: z.array(
    counts.extend({
      id: z.string(),
      text: z.string(),
      round: count,
      sentAt: time,
      status: instructionStatus,
      to50Ms: count.nullable(),
      to90Ms: count.nullable(),
      to100Ms: count.nullable(),
      reminders: count,
      escalations: count,
    }),
  ),
  musters: z.array(timelineMuster),
});

export type Board = z.infer<typeof board>;
export type Deliveries = z.infer<typeof deliveries>;
export type Timeline = z.infer<typeof timeline>;
