/** What the muster routes answer. */
import { z } from 'zod';
import { role } from '../../db/enums';
import { count, nullableText, time } from '../../http/contracts';

export const musterState = z.enum(['called', 'on_my_way', 'cannot_come', 'arrived']);

export const muster = z.object({
  id: z.string(),
  responseId: nullableText,
  text: z.string(),
  place: z.object({ name: z.string(), lat: z.number().nullable(), lng: z.number().nullable() }),
  token: nullableText.describe('the check-in code in the QR posted at the place (to those who lead it)'),
  status: z.enum(['open', 'closed']),
  openedByName: z.string(),
  openedAt: time,
  closedAt: time.nullable(),
  recipients: count,
  onMyWay: count,
  cannotCome: count,
  arrived: count,
});

export const musterPerson = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  role,
  nodeId: z.string(),
  path: z.string(),
  state: musterState,
  reason: nullableText,
  answeredAt: time.nullable(),
  arrivedAt: time.nullable(),
  arrivedVia: z.enum(['qr', 'leader']).nullable(),
  recordedByName: nullableText,
});

const shares = { to50Ms: count.nullable(), to90Ms: count.nullable(), to100Ms: count.nullable() };
const listed = z.array(musterPerson.extend({ phone: nullableText }));

export const musterBoard = z.object({
  muster,
  elapsedMs: count,
  ...shares,
  arrived: listed,
  onTheWay: listed,
  cannotCome: listed,
  missing: listed,
  nodes: z.array(
    z.object({
      nodeId: z.string(),
      path: z.string(),
      name: z.string(),
      recipients: count,
      onMyWay: count,
      cannotCome: count,
      arrived: count,
    }),
  ),
});

export const timelineMuster = z.object({
  id: z.string(),
  text: z.string(),
  placeName: z.string(),
  openedAt: time,
  recipients: count,
  arrived: count,
  cannotCome: count,
  ...shares,
});
