/** Kysely table types. Columns are snake_case in SQL and camelCase here (CamelCasePlugin). */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type PlaceKind = 'district' | 'town';
export type StructureStatus = 'draft' | 'active' | 'retired';
export type StructureCoverage = 'households' | 'all';
export type NodeKind = 'root' | 'zone' | 'patch' | 'grid';
export type HouseholdKind = 'household' | 'shop' | 'institution' | 'other';
export type Gender = 'M' | 'F';
export type ResidenceStatus = 'resident' | 'away' | 'migrant';
export type Relation =
  | 'head' | 'spouse' | 'child' | 'child_in_law' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'other';
export type Role =
  | 'chief' | 'branchLeader' | 'subLeader' | 'gridLeader' | 'gridMember' | 'evaluator' | 'reserve';

export interface PlacesTable {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: PlaceKind;
  parentId: string | null;
  path: string;
  createdAt: number;
}

export interface VillagesTable {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  placeId: string | null;
  path: string;
  createdAt: number;
}

export interface StructuresTable {
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

export interface NodesTable {
  id: string;
  villageId: string;
  structureId: string;
  parentId: string | null;
  kind: NodeKind;
  code: string;
  name: string;
  path: string;
  depth: number;
  sort: number;
}

export interface HouseholdsTable {
  id: string;
  villageId: string;
  number: string;
  kind: HouseholdKind;
  name: string | null;
  address: string;
  tags: string;
  lat: number | null;
  lng: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ResidentsTable {
  id: string;
  villageId: string;
  householdId: string;
  name: string;
  gender: Gender;
  idNumber: string;
  birthDate: string;
  phone: string | null;
  relation: Relation;
  status: ResidenceStatus;
  tags: string;
  createdAt: number;
  updatedAt: number;
}

export interface PeopleTable {
  id: string;
  villageId: string;
  residentId: string | null;
  name: string;
  phone: string | null;
  gender: Gender | null;
  partyMember: number;
  dutyTags: string;
  reserve: number;
  createdAt: number;
}

export interface PostsTable {
  id: string;
  villageId: string;
  structureId: string;
  nodeId: string;
  personId: string;
  role: Role;
  validFrom: number | null;
  validTo: number | null;
  createdAt: number;
}

export interface AssignmentsTable {
  structureId: string;
  householdId: string;
  villageId: string;
  nodeId: string;
}

export interface CoverageTable {
  id: string;
  villageId: string;
  householdId: string;
  structureId: string;
  nodeId: string;
  validFrom: number;
  validTo: number | null;
}

export interface ImportsTable {
  id: string;
  villageId: string;
  fileName: string;
  fileHash: string;
  rows: number;
  householdsCreated: number;
  householdsUpdated: number;
  residentsCreated: number;
  residentsUpdated: number;
  createdAt: number;
}

export interface DB {
  places: PlacesTable;
  villages: VillagesTable;
  structures: StructuresTable;
  nodes: NodesTable;
  households: HouseholdsTable;
  residents: ResidentsTable;
  people: PeopleTable;
  posts: PostsTable;
  assignments: AssignmentsTable;
  coverage: CoverageTable;
  imports: ImportsTable;
}

export type Village = Selectable<VillagesTable>;
export type Structure = Selectable<StructuresTable>;
export type Node = Selectable<NodesTable>;
export type Household = Selectable<HouseholdsTable>;
export type Resident = Selectable<ResidentsTable>;
export type Person = Selectable<PeopleTable>;
export type Post = Selectable<PostsTable>;
export type NewHousehold = Insertable<HouseholdsTable>;
export type NewResident = Insertable<ResidentsTable>;
export type ResidentUpdate = Updateable<ResidentsTable>;
export type { Generated };

// ---------------------------------------------------------------- access (0002)
export type AccountKind = 'staff' | 'villager' | 'official';

export interface AccountsTable {
  id: string;
  kind: AccountKind;
  login: string;
  displayName: string;
  villageId: string | null;
  personId: string | null;
  householdId: string | null;
  placeId: string | null;
  passwordHash: string | null;
  mustChangePassword: number;
  status: 'active' | 'disabled';
  failedLogins: number;
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SessionsTable {
  id: string;
  accountId: string;
  tokenHash: string;
  csrf: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface ApiTokensTable {
  id: string;
  accountId: string;
  name: string;
  tokenHash: string;
  policies: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface ActivationCodesTable {
  id: string;
  villageId: string;
  householdId: string;
  codeHash: string;
  issuedBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface AuditLogTable {
  id: string;
  villageId: string | null;
  at: number;
  accountId: string | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  method: string | null;
  path: string | null;
  status: number | null;
  targetType: string | null;
  targetId: string | null;
  before: string | null;
  after: string | null;
}

export interface DB {
  accounts: AccountsTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  activationCodes: ActivationCodesTable;
  auditLog: AuditLogTable;
}
export type Account = Selectable<AccountsTable>;
