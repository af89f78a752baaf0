/** What the structure routes answer (response schemas) and the types the web reads them as. */
import { z } from 'zod';
import { householdKind, nodeKind, role, structureCoverage, structureStatus } from '../../db/enums';
import { count, nullableText, time } from '../../http/contracts';

export const structure = z.object({
  id: z.string(),
  villageId: z.string(),
  name: z.string(),
  status: structureStatus,
  coverage: structureCoverage,
  sizeMin: count,
  sizeMax: count,
  basedOn: nullableText,
  note: nullableText,
  createdAt: time,
  activatedAt: time.nullable(),
  retiredAt: time.nullable(),
});
export const structureListItem = structure.extend({ grids: count });
export const structureList = z.object({ items: z.array(structureListItem) });

/** Who holds a post on a node (phone masked). */
export const staffEntry = z.object({
  postId: z.string(),
  personId: z.string(),
  name: z.string(),
  role,
  phone: nullableText,
  partyMember: z.boolean(),
  dutyTags: z.array(z.string()),
});

export const treeNode = z.object({
  id: z.string(),
  parentId: nullableText,
  kind: nodeKind,
  code: z.string(),
  name: z.string(),
  depth: count,
  path: z.string(),
  /** Households and units in this node's subtree. */
  households: count,
  units: count,
  grids: count,
  staff: z.array(staffEntry),
});
export const structureTree = z.object({ structure, nodes: z.array(treeNode) });

/** A node as written (added, renamed, split off, merged into). */
export const node = z.object({
  id: z.string(),
  structureId: z.string(),
  parentId: nullableText,
  kind: nodeKind,
  code: z.string(),
  name: z.string(),
  path: z.string(),
  depth: count,
  sort: z.number(),
});

export const post = z.object({
  id: z.string(),
  structureId: z.string(),
  nodeId: z.string(),
  personId: z.string(),
  role,
  validFrom: time.nullable(),
  validTo: time.nullable(),
  createdAt: time,
});

export const violation = z.object({
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  householdId: z.string().optional(),
  householdNumber: z.string().optional(),
  nodeId: z.string().optional(),
  nodeCode: z.string().optional(),
  size: count.optional(),
});
export const validationReport = z.object({ structureId: z.string(), ok: z.boolean(), violations: z.array(violation) });

export const codeName = z.object({ code: z.string(), name: z.string() });
export const structureDiff = z.object({
  from: z.string(),
  to: z.string(),
  householdsMoved: z.array(
    z.object({
      householdId: z.string(),
      householdNumber: z.string(),
      from: codeName.nullable(),
      to: codeName.nullable(),
    }),
  ),
  gridsAdded: z.array(codeName),
  gridsRemoved: z.array(codeName),
  nodesRenamed: z.array(z.object({ code: z.string(), from: z.string(), to: z.string() })),
  staffChanged: z.array(
    z.object({
      nodeCode: z.string(),
      nodeName: z.string(),
      role,
      added: z.array(z.string()),
      removed: z.array(z.string()),
    }),
  ),
});

export const uncoveredList = z.object({
  items: z.array(
    z.object({ id: z.string(), number: z.string(), kind: householdKind, name: nullableText, address: z.string() }),
  ),
});

export const activateResult = z.object({
  structureId: z.string(),
  activatedAt: time,
  /** The structure it replaced. */
  retired: nullableText,
  households: count,
  grids: count,
});
export const movedResult = z.object({ moved: count });
export const removedResult = z.object({ removed: count });

const gridRef = z.object({ nodeId: z.string().nullable(), code: z.string(), name: z.string() });
/** A densify proposal (dry run) or what was written; nodeId null: a part a dry run has not created. */
export const densifyResult = z.object({
  structureId: z.string(),
  dryRun: z.boolean(),
  min: count,
  max: count,
  coverage: structureCoverage,
  grids: z.array(
    gridRef.extend({
      parentId: nullableText,
      from: z.object({ id: z.string(), code: z.string(), name: z.string() }),
      sources: z.array(z.string()),
      households: count,
      units: count,
      size: count,
      withinBounds: z.boolean(),
      staffed: z.boolean(),
      householdIds: z.array(z.string()),
    }),
  ),
  /** Grids without a grid member: the new parts of split grids (and any that had none). */
  unstaffed: z.array(gridRef),
  summary: z.object({
    gridsBefore: count,
    gridsAfter: count,
    kept: count,
    split: count,
    removed: z.array(z.string()),
    householdsMoved: count,
    placed: count,
    outOfBounds: count,
  }),
});

export type DensifyResult = z.infer<typeof densifyResult>;
export type Structure = z.infer<typeof structure>;
export type StructureListItem = z.infer<typeof structureListItem>;
export type StaffEntry = z.infer<typeof staffEntry>;
export type TreeNode = z.infer<typeof treeNode>;
export type StructureTree = z.infer<typeof structureTree>;
export type StructureNode = z.infer<typeof node>;
export type Post = z.infer<typeof post>;
export type Violation = z.infer<typeof violation>;
export type ValidationReport = z.infer<typeof validationReport>;
export type CodeName = z.infer<typeof codeName>;
export type StructureDiff = z.infer<typeof structureDiff>;
export type ActivateResult = z.infer<typeof activateResult>;
