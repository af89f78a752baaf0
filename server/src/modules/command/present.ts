/** Rows to the shapes the routes answer. */
import type { CommandInstruction } from '../../db/types';
import type { z } from 'zod';
import type * as C from './contracts';

export const presentInstruction = (i: CommandInstruction): z.infer<typeof C.instruction> => ({
  id: i.id,
  responseId: i.responseId,
  text: i.text,
  status: i.status,
  round: i.round,
  senderName: i.senderName,
  sentAt: i.sentAt,
  deadlineAt: i.sentAt + i.deadlineMs,
  cancelledAt: i.cancelledAt,
  recipients: i.recipients,
  delivered: i.delivered,
  read: i.read,
  acknowledged: i.acknowledged,
});

export const presentResponse = (r: {
  id: string;
  name: string;
  level: string;
  nodeId: string;
  path: string;
  startedAt: number;
  endedAt: number | null;
}) => ({
  id: r.id,
  name: r.name,
  level: r.level,
  nodeId: r.nodeId,
  path: r.path,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
});
