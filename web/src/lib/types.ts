/** Shapes of the server's responses (server/src/modules/registry, structures, import). */

export type Role = 'chief' | 'branchLeader' | 'subLeader' | 'gridLeader' | 'gridMember' | 'evaluator' | 'reserve';
export type NodeKind = 'root' | 'zone' | 'patch' | 'grid';
export type HouseholdKind = 'household' | 'shop' | 'institution' | 'other';
export type Relation =
  'head' | 'spouse' | 'child' | 'child_in_law' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'other';
export type ResidenceStatus = 'resident' | 'away' | 'migrant';
export type StructureStatus = 'draft' | 'active' | 'retired';
export type StructureCoverage = 'households' | 'all';
export type Gender = 'M' | 'F';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Village {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  path: string;
}

export interface Counts {
  households: number;
  units: number;
  residents: number;
  grids: number;
  staff: number;
}

export interface Overview {
  village: Village;
  counts: Counts;
  activeStructure: { id: string; name: string; activatedAt: number | null; coverage: StructureCoverage } | null;
  drafts: { id: string; name: string }[];
}

export interface Structure {
  id: string;
  villageId: string;
  name: string;
  status: StructureStatus;
  coverage: StructureCoverage;
  sizeMin: number;
  sizeMax: number;
  basedOn: string | null;
  note: string | null;
  createdAt: number;
  activatedAt: number | null;
  retiredAt: number | null;
}

export interface StructureListItem extends Structure {
  grids: number;
}

export interface StaffEntry {
  postId: string;
  personId: string;
  name: string;
  role: Role;
  phone: string | null;
  partyMember: boolean;
  dutyTags: string[];
}

export interface TreeNode {
  id: string;
  parentId: string | null;
  kind: NodeKind;
  code: string;
  name: string;
  depth: number;
  path: string;
  households: number;
  units: number;
  grids: number;
  staff: StaffEntry[];
}

export interface StructureTree {
  structure: Structure;
  nodes: TreeNode[];
}

export interface GridRef {
  id: string;
  code: string;
  name: string;
}

export interface Household {
  id: string;
  number: string;
  kind: HouseholdKind;
  name: string | null;
  address: string;
  tags: string[];
  lat: number | null;
  lng: number | null;
  updatedAt: number;
}

export interface HouseholdRow extends Household {
  head: string | null;
  residents: number;
  grid: GridRef | null;
  gridMembers: string[];
}

export interface Resident {
  id: string;
  householdId: string;
  name: string;
  gender: Gender;
  idNumber: string;
  birthDate: string;
  phone: string | null;
  relation: Relation;
  status: ResidenceStatus;
  tags: string[];
}

export interface CoverageSpan {
  structureId: string;
  structureName: string;
  grid: GridRef;
  validFrom: number;
  validTo: number | null;
  gridMembers: { personId: string; name: string; validFrom: number | null; validTo: number | null }[];
}

export interface Responsible {
  role: Role;
  name: string;
  /** Masked. */
  phone?: string | null;
  nodeCode: string;
  nodeName: string;
  personId: string;
}

export interface HouseholdPage {
  household: Household;
  residents: Resident[];
  grid: GridRef | null;
  responsible: Responsible[];
  history: CoverageSpan[];
}

export interface Violation {
  code: string;
  zh: string;
  en: string;
  householdId?: string;
  householdNumber?: string;
  nodeId?: string;
  nodeCode?: string;
  size?: number;
}

export interface ValidationReport {
  structureId: string;
  ok: boolean;
  violations: Violation[];
}

export interface CodeName {
  code: string;
  name: string;
}

export interface StructureDiff {
  from: string;
  to: string;
  householdsMoved: { householdId: string; householdNumber: string; from: CodeName | null; to: CodeName | null }[];
  gridsAdded: CodeName[];
  gridsRemoved: CodeName[];
  nodesRenamed: { code: string; from: string; to: string }[];
  staffChanged: { nodeCode: string; nodeName: string; role: Role; added: string[]; removed: string[] }[];
}

export interface Person {
  id: string;
  name: string;
  phone: string | null;
  gender: Gender | null;
  partyMember: boolean;
  reserve: boolean;
  dutyTags: string[];
  residentId: string | null;
  posts: { postId: string; role: Role; nodeId: string; nodeCode: string; nodeName: string }[];
}

export interface ActivateResult {
  structureId: string;
  activatedAt: number;
  retired: string | null;
  households: number;
  grids: number;
}

export interface ImportProblem {
  row: number;
  column: string;
  code: string;
  zh: string;
  en: string;
  value?: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport {
  dryRun: boolean;
  fileName?: string;
  rows: number;
  households: ImportCounts;
  residents: ImportCounts & { moved?: number };
  assignments?: { created: number; changed: number };
  problems: ImportProblem[];
  warnings?: ImportProblem[];
  importId?: string;
}

// ---------------------------------------------------------------- points (server/src/modules/points)
export type PointsAccountKind = 'member' | 'household';
export type RuleEntryKind = 'positive' | 'bonus' | 'deduction' | 'redline';
export type EntryKind = 'base' | RuleEntryKind | 'reversal' | 'redemption' | 'redemption_cancel';
export type EntryStatus = 'proposed' | 'rejected' | 'published' | 'disputed' | 'final' | 'overturned';
export type ObjectionStatus = 'open' | 'upheld' | 'overturned' | 'appealed' | 'appeal_upheld' | 'appeal_overturned';

/** GET …/points/objections: an objection with the entry it concerns and its outcome (objection-list.ts). */
export interface ObjectionItem {
  id: string;
  status: ObjectionStatus;
  reason: string;
  createdAt: number;
  /** Made by the caller. */
  mine: boolean;
  /** Against the caller's own points (they are the party concerned). */
  aboutMe: boolean;
  ruling: string | null;
  ruledAt: number | null;
  appealReason: string | null;
  appealedAt: number | null;
  appealRuling: string | null;
  appealRuledAt: number | null;
  entry: {
    id: string;
    kind: EntryKind;
    status: EntryStatus;
    requested: number;
    effective: number;
    reason: string;
    decidedAt: number | null;
    publishedUntil: number | null;
    ruleCode: string | null;
    ruleName: string | null;
    /** The grid member's name, or the household's number. */
    owner: { kind: PointsAccountKind; name: string | null };
  };
  /** Only for those who rule on objections or appeals (the evaluator, the chief). */
  names?: { objector: string | null; ruledBy: string | null; appealBy: string | null; appealRuledBy: string | null };
}

/** GET …/points/entries?mine=1: one of the caller's proposals (proposal-list.ts). */
export interface ProposalItem {
  id: string;
  kind: RuleEntryKind;
  requested: number;
  effective: number;
  reason: string;
  status: EntryStatus;
  evidence: string[];
  createdAt: number;
  decidedAt: number | null;
  publishedUntil: number | null;
  reviewNote: string | null;
  ruleCode: string | null;
  ruleName: string | null;
  /** Rejected without a reviewer: the proposer took it back. */
  withdrawn: boolean;
  target:
    | { kind: 'household'; householdId: string | null; name: string | null }
    | { kind: 'member'; personId: string | null; name: string | null };
}
