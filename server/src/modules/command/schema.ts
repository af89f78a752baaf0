/** What the command routes accept. */
import { z } from 'zod';
import { role } from '../../db/enums';
import { STEP_AT, STEP_TO } from './rules';

export const villageParams = z.object({ village: z.string().min(1).max(64) });
export const responseParams = villageParams.extend({ responseId: z.string().min(1).max(64) });
export const instructionParams = villageParams.extend({ instructionId: z.string().min(1).max(64) });

const id = z.string().min(1).max(64);
/** A client-made id, kept across retries: the same id is one acknowledgement. */
const clientId = z.string().min(8).max(64).optional();

export const openResponseBody = z.object({
  name: z.string().trim().min(1).max(100),
  level: z.string().trim().min(1).max(20), // 一级 … 四级, or the drill's own words
  startedAt: z.number().int().optional(),
  /** The scope: a node of the active structure; the caller's own top node by default. */
  nodeId: id.optional(),
});
export const closeResponseBody = z.object({ endedAt: z.number().int().optional() });

export const targets = z
  .object({
    nodeIds: z.array(id).max(500).optional(),
    roles: z.array(role).max(10).optional(),
    dutyTags: z.array(z.string().min(1).max(20)).max(20).optional(),
    personIds: z.array(id).max(5000).optional(),
  })
  .default({});

export const step = z.object({ at: z.string().regex(STEP_AT), to: z.string().regex(STEP_TO) });

export const sendBody = z.object({
  responseId: id.nullable().optional(),
  text: z.string().trim().min(1).max(2000),
  targets,
  deadlineMinutes: z
    .number()
    .min(1)
    .max(24 * 60)
    .optional(),
  schedule: z.array(step).max(10).optional(),
});

export const ackBody = z.object({ id: clientId, text: z.string().trim().min(1).max(500).default('收到') });
export const onBehalfBody = z.object({
  id: clientId,
  personId: id,
  text: z.string().trim().min(1).max(500).default('电话已通知'),
});
export const amendBody = z.object({ text: z.string().trim().min(1).max(2000) });
export const stateBody = z.object({ id: clientId });

export type OpenResponseBody = z.input<typeof openResponseBody>;
export type SendBody = z.input<typeof sendBody>;
export type Targets = z.output<typeof targets>;
