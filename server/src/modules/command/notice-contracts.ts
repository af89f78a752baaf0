/** What the notice routes answer. */
import { z } from 'zod';
import { householdKind } from '../../db/enums';
import { count, nullableText, time } from '../../http/contracts';

export const notice = z.object({
  id: z.string(),
  responseId: nullableText,
  nodeId: z.string(),
  text: z.string(),
  status: z.enum(['open', 'closed']),
  openedByName: z.string(),
  openedAt: time,
  households: count,
  reached: count,
  unreachable: count,
  pending: count,
});

const noticeState = z.enum(['pending', 'reached', 'unreachable']);

export const markResult = z.object({
  householdId: z.string(),
  state: noticeState,
  method: nullableText,
  reason: nullableText,
  attempt: count,
  secondAttempt: z.boolean(),
  at: time,
  households: count,
  reached: count,
  unreachable: count,
});

export const coverage = z.object({
  notice,
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      path: z.string(),
      name: z.string(),
      kind: z.string(),
      households: count,
      reached: count,
      unreachable: count,
      pending: count,
    }),
  ),
  unreachable: z.array(
    z.object({
      householdId: z.string(),
      number: z.string(),
      address: z.string(),
      path: z.string(),
      reason: z.string(),
      attempts: count,
      lastAt: time,
      byName: z.string(),
    }),
  ),
});

export const myList = z.object({
  noticeId: z.string(),
  revealed: z.boolean(),
  items: z.array(
    z.object({
      householdId: z.string(),
      number: z.string(),
      kind: householdKind,
      name: nullableText,
      address: z.string(),
      gridId: z.string(),
      gridName: z.string(),
      state: noticeState,
      attempts: count,
      lastReason: nullableText,
      tags: z.array(z.string()),
      phones: z.array(z.object({ name: z.string(), phone: z.string() })),
    }),
  ),
});
