import { z } from 'zod';
import { childNodeKind, role, structureCoverage } from '../../db/enums';
import { nameField } from '../../lib/text';

export const villageParams = z.object({ village: z.string().min(1).max(64) });
export const structureParams = villageParams.extend({ structureId: z.string().min(1).max(64) });
export const nodeParams = structureParams.extend({ nodeId: z.string().min(1).max(64) });
export const postParams = structureParams.extend({ postId: z.string().min(1).max(64) });

const name = nameField(100);
const code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/);
const ids = z.array(z.string().min(1).max(64)).min(1).max(5000);

export const createDraftBody = z.object({
  name,
  basedOn: z.string().min(1).max(64).nullable().optional(),
  coverage: structureCoverage.optional(),
  sizeMin: z.number().int().min(1).max(1000).optional(),
  sizeMax: z.number().int().min(1).max(1000).optional(),
  note: z.string().max(1000).nullable().optional(),
});
export const addNodeBody = z.object({
  parentId: z.string().min(1).max(64),
  kind: childNodeKind,
  name,
  code: code.optional(),
});
export const updateNodeBody = z
  .object({ name: name.optional(), code: code.optional() })
  .refine((b) => b.name || b.code, { message: 'name or code required' });
export const moveBody = z.object({ householdIds: ids, toNodeId: z.string().min(1).max(64) });
export const unassignBody = z.object({ householdIds: ids });
export const splitBody = z.object({
  nodeId: z.string().min(1).max(64),
  householdIds: ids,
  name,
  code: code.optional(),
});
export const mergeBody = z.object({ nodeIds: ids, name: name.optional() });
export const appointBody = z.object({
  nodeId: z.string().min(1).max(64),
  personId: z.string().min(1).max(64),
  role,
});
export const replaceBody = z.object({ personId: z.string().min(1).max(64) });
export const diffQuery = z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64) });

/** What a client sends (the web types its calls with these). */
export type CreateDraftBody = z.input<typeof createDraftBody>;
export type AddNodeBody = z.input<typeof addNodeBody>;
export type UpdateNodeBody = z.input<typeof updateNodeBody>;
export type MoveBody = z.input<typeof moveBody>;
export type SplitBody = z.input<typeof splitBody>;
export type MergeBody = z.input<typeof mergeBody>;
export type AppointBody = z.input<typeof appointBody>;

const gridBound = z.number().int().min(1).max(100);
export const densifyBody = z
  .object({ min: gridBound, max: gridBound, includeUnits: z.boolean(), dryRun: z.boolean().optional() })
  .superRefine((b, ctx) => {
    if (b.min > b.max)
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: 'The minimum grid size cannot exceed the maximum',
        params: { code: 'SIZE_BOUNDS', zh: '网格户数下限不能大于上限' },
      });
  });
export type DensifyBody = z.input<typeof densifyBody>;
