/** Kysely table types. Columns are snake_case in SQL and camelCase here (CamelCasePlugin). */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

import type {
  AccountKind,
  AccountStatus,
  EntryKind,
  EntryStatus,
  EventAudience,
  Gender,
  HouseholdKind,
  JobStatus,
  NodeKind,
  ObjectionStatus,
  PeriodStatus,
  PlaceKind,
  PointsAccountKind,
  RedemptionStatus,
  Relation,
  ReportStatus,
  ResidenceStatus,
  Role,
  RuleEntryKind,
  StructureCoverage,
  StructureStatus,
} from './enums';

// The closed sets are declared once, in enums.ts; re-exported here for the code that reads tables.
export type {
  AccountKind,
  AccountStatus,
  EntryKind,
  EntryStatus,
  EventAudience,
  Gender,
  HouseholdKind,
  JobStatus,
  NodeKind,
  ObjectionStatus,
  PeriodStatus,
  PlaceKind,
  PointsAccountKind,
  RedemptionStatus,
  Relation,
  ReportStatus,
  ResidenceStatus,
  Role,
  RuleEntryKind,
  StructureCoverage,
  StructureStatus,
};

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
  status: AccountStatus;
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

// ---------------------------------------------------------------- points (0003)

export interface PointsSettingsTable {
  villageId: string;
  memberBase: number;
  rewardCap: number;
  yuanPerPoint: number;
  householdCap: number;
  publicationDays: number;
  tiers: string;
  chainHead: string | null;
  chainLength: number;
  updatedAt: number;
}
export interface PointsPeriodsTable {
  id: string;
  villageId: string;
  label: string;
  startsAt: number;
  endsAt: number;
  status: PeriodStatus;
  settledAt: number | null;
  settledBy: string | null;
}
export interface PointsRulesTable {
  id: string;
  villageId: string;
  code: string;
  version: number;
  accountKind: PointsAccountKind;
  entryKind: RuleEntryKind;
  name: string;
  points: number;
  evidenceRequired: number;
  periodLimit: number | null;
  proposers: string;
  needsReview: number;
  needsPublication: number;
  active: number;
  createdAt: number;
  supersededAt: number | null;
  /** The account that wrote this version (null: loaded by the demo or a command). */
  createdBy: string | null;
}
export interface PointsAccountsTable {
  id: string;
  villageId: string;
  periodId: string;
  kind: PointsAccountKind;
  personId: string | null;
  householdId: string | null;
  balance: number;
  spent: number;
  openedAt: number;
}
export interface PointsEntriesTable {
  id: string;
  villageId: string;
  periodId: string;
  accountId: string;
  kind: EntryKind;
  ruleId: string | null;
  requested: number;
  effective: number;
  balanceAfter: number | null;
  reason: string;
  evidence: string;
  status: EntryStatus;
  proposedBy: string | null;
  approvedBy: string | null;
  reviewNote: string | null;
  reverses: string | null;
  reportId: string | null;
  idempotencyKey: string | null;
  payloadHash: string | null;
  createdAt: number;
  decidedAt: number | null;
  publishedUntil: number | null;
  finalAt: number | null;
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
}
export interface PointsObjectionsTable {
  id: string;
  villageId: string;
  entryId: string;
  byAccount: string;
  reason: string;
  status: ObjectionStatus;
  ruling: string | null;
  ruledBy: string | null;
  ruledAt: number | null;
  appealReason: string | null;
  appealBy: string | null;
  appealRuling: string | null;
  appealRuledBy: string | null;
  appealRuledAt: number | null;
  appealedAt: number | null;
  createdAt: number;
}
export interface PointsReportsTable {
  id: string;
  villageId: string;
  reporterAccount: string;
  subjectPersonId: string;
  description: string;
  evidence: string;
  status: ReportStatus;
  ruleId: string | null;
  ruling: string | null;
  ruledBy: string | null;
  ruledAt: number | null;
  entryId: string | null;
  createdAt: number;
}
export interface PointsSettlementsTable {
  id: string;
  villageId: string;
  periodId: string;
  nextPeriodId: string;
  runBy: string | null;
  runAt: number;
  payoutTotal: number;
  results: string;
}
export interface ShopItemsTable {
  id: string;
  villageId: string;
  name: string;
  price: number;
  stock: number;
  active: number;
  createdAt: number;
}
export interface ShopRedemptionsTable {
  id: string;
  villageId: string;
  accountId: string;
  itemId: string;
  price: number;
  status: RedemptionStatus;
  entryId: string;
  cancelEntryId: string | null;
  byAccount: string;
  payloadHash: string;
  createdAt: number;
  pickedUpBy: string | null;
  pickedUpAt: number | null;
  cancelledAt: number | null;
}
export interface DB {
  pointsSettings: PointsSettingsTable;
  pointsPeriods: PointsPeriodsTable;
  pointsRules: PointsRulesTable;
  pointsAccounts: PointsAccountsTable;
  pointsEntries: PointsEntriesTable;
  pointsObjections: PointsObjectionsTable;
  pointsReports: PointsReportsTable;
  pointsSettlements: PointsSettlementsTable;
  shopItems: ShopItemsTable;
  shopRedemptions: ShopRedemptionsTable;
}
export type PointsEntry = Selectable<PointsEntriesTable>;
export type PointsAccount = Selectable<PointsAccountsTable>;
export type PointsRule = Selectable<PointsRulesTable>;
export type PointsSettings = Selectable<PointsSettingsTable>;
export type PointsObjection = Selectable<PointsObjectionsTable>;
export type PointsReport = Selectable<PointsReportsTable>;

// ---------------------------------------------------------------- evidence (0004)
export interface EvidenceFilesTable {
  id: string;
  villageId: string;
  accountId: string;
  contentType: string;
  size: number;
  sha256: string;
  data: Buffer;
  createdAt: number;
}
export interface DB {
  evidenceFiles: EvidenceFilesTable;
}

// ---------------------------------------------------------------- live and durable core (0009)
export interface EventCountersTable {
  villageId: string;
  lastSeq: number;
}
export interface EventsTable {
  villageId: string;
  seq: number;
  type: string;
  subjectType: string | null;
  subjectId: string | null;
  path: string | null;
  householdId: string | null;
  accountId: string | null;
  audience: EventAudience;
  payload: string | null;
  at: number;
}
export interface JobsTable {
  id: string;
  villageId: string | null;
  kind: string;
  uniqueKey: string;
  payload: string | null;
  dueAt: number;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  claimedBy: string | null;
  claimedUntil: number | null;
  createdAt: number;
  doneAt: number | null;
}
export interface IdempotencyKeysTable {
  key: string;
  villageId: string | null;
  accountId: string | null;
  route: string;
  payloadHash: string;
  response: string | null;
  createdAt: number;
}
export interface DB {
  eventCounters: EventCountersTable;
  events: EventsTable;
  jobs: JobsTable;
  idempotencyKeys: IdempotencyKeysTable;
}
export type EventRow = Selectable<EventsTable>;
export type Job = Selectable<JobsTable>;

// ---------------------------------------------------------------- command
export interface CommandResponsesTable {
  id: string;
  villageId: string;
  name: string;
  level: string;
  nodeId: string;
  path: string;
  startedAt: number;
  endedAt: number | null;
  openedBy: string | null;
  closedBy: string | null;
  createdAt: number;
}
export interface CommandInstructionsTable {
  id: string;
  villageId: string;
  responseId: string | null;
  structureId: string;
  path: string;
  text: string;
  targets: string;
  schedule: string;
  deadlineMs: number;
  status: import('./enums').InstructionStatus;
  round: number;
  senderAccountId: string | null;
  senderPersonId: string | null;
  senderName: string;
  sentAt: number;
  firstSentAt: number;
  cancelledAt: number | null;
  recipients: number;
  delivered: number;
  read: number;
  acknowledged: number;
}
export interface CommandMessagesTable {
  id: string;
  instructionId: string;
  round: number;
  text: string;
  at: number;
  byName: string;
}
export interface CommandRecipientsTable {
  id: string;
  instructionId: string;
  personId: string;
  accountId: string | null;
  name: string;
  role: Role;
  nodeId: string;
  path: string;
  sentAt: number;
  deliveredAt: number | null;
  deliveredChannel: string | null;
  readAt: number | null;
  readChannel: string | null;
  ackedAt: number | null;
  ackChannel: string | null;
  ackText: string | null;
  ackOnBehalfBy: string | null;
  ackOnBehalfName: string | null;
  ackRound: number | null;
}
export interface CommandNodeCountsTable {
  instructionId: string;
  nodeId: string;
  path: string;
  recipients: number;
  delivered: number;
  read: number;
  acknowledged: number;
}
export interface CommandAcksTable {
  id: string;
  instructionId: string;
  round: number;
  recipientId: string;
  at: number;
  onBehalf: number;
}
export interface CommandEscalationsTable {
  id: string;
  instructionId: string;
  round: number;
  step: number;
  kind: 'reminder' | 'escalation';
  level: number;
  toPersonId: string;
  toAccountId: string | null;
  outstanding: string;
  at: number;
}
export interface OutboundMessagesTable {
  id: string;
  villageId: string;
  personId: string;
  accountId: string | null;
  channel: string;
  subjectType: string;
  subjectId: string;
  textCode: string;
  params: string;
  dedupeKey: string;
  state: import('./enums').OutboundState;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  nextAttemptAt: number | null;
  leaseUntil: number | null;
  updatedAt: number | null;
  /** The recipient's post path when known (scoping on the board). */
  path: string | null;
}
export interface DeliverySettingsTable {
  villageId: string;
  channels: string;
  webhookUrl: string | null;
  webhookSecret: string | null;
  webhookIdempotent: number;
  updatedAt: number;
}
export interface PushSubscriptionsTable {
  id: string;
  villageId: string | null;
  accountId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  createdAt: number;
}
export interface VapidKeysTable {
  id: string;
  publicKey: string;
  privateKey: string;
  createdAt: number;
}
export type MusterState = 'called' | 'on_my_way' | 'cannot_come' | 'arrived';
export interface CommandMustersTable {
  id: string;
  villageId: string;
  responseId: string | null;
  structureId: string;
  path: string;
  text: string;
  targets: string;
  placeName: string;
  placeLat: number | null;
  placeLng: number | null;
  token: string;
  status: 'open' | 'closed';
  openedBy: string | null;
  openedByName: string;
  openedAt: number;
  closedAt: number | null;
  recipients: number;
  onMyWay: number;
  cannotCome: number;
  arrived: number;
}
export interface CommandMusterPeopleTable {
  id: string;
  musterId: string;
  personId: string;
  accountId: string | null;
  name: string;
  role: Role;
  nodeId: string;
  path: string;
  state: MusterState;
  reason: string | null;
  answeredAt: number | null;
  arrivedAt: number | null;
  arrivedVia: 'qr' | 'leader' | null;
  recordedByName: string | null;
}
export interface CommandMusterNodeCountsTable {
  musterId: string;
  nodeId: string;
  path: string;
  recipients: number;
  onMyWay: number;
  cannotCome: number;
  arrived: number;
}
export type NoticeState = 'pending' | 'reached' | 'unreachable';
export interface CommandNoticesTable {
  id: string;
  villageId: string;
  responseId: string | null;
  structureId: string;
  nodeId: string;
  path: string;
  text: string;
  status: 'open' | 'closed';
  openedBy: string | null;
  openedByName: string;
  openedAt: number;
  closedAt: number | null;
  households: number;
  reached: number;
  unreachable: number;
}
export interface CommandNoticeHouseholdsTable {
  id: string;
  noticeId: string;
  householdId: string;
  nodeId: string;
  path: string;
  state: NoticeState;
  method: string | null;
  reason: string | null;
  attempts: number;
  reachedAt: number | null;
  lastAt: number | null;
  byName: string | null;
}
export interface CommandNoticeAttemptsTable {
  id: string;
  noticeId: string;
  householdId: string;
  attempt: number;
  outcome: 'reached' | 'unreachable';
  method: string | null;
  reason: string | null;
  at: number;
  byAccount: string | null;
  byName: string;
}
export interface CommandNoticeNodeCountsTable {
  noticeId: string;
  nodeId: string;
  path: string;
  households: number;
  reached: number;
  unreachable: number;
}
export interface DB {
  commandMusters: CommandMustersTable;
  commandMusterPeople: CommandMusterPeopleTable;
  commandMusterNodeCounts: CommandMusterNodeCountsTable;
  commandNotices: CommandNoticesTable;
  commandNoticeHouseholds: CommandNoticeHouseholdsTable;
  commandNoticeAttempts: CommandNoticeAttemptsTable;
  commandNoticeNodeCounts: CommandNoticeNodeCountsTable;
  deliverySettings: DeliverySettingsTable;
  pushSubscriptions: PushSubscriptionsTable;
  vapidKeys: VapidKeysTable;
  commandResponses: CommandResponsesTable;
  commandInstructions: CommandInstructionsTable;
  commandMessages: CommandMessagesTable;
  commandRecipients: CommandRecipientsTable;
  commandNodeCounts: CommandNodeCountsTable;
  commandAcks: CommandAcksTable;
  commandEscalations: CommandEscalationsTable;
  outboundMessages: OutboundMessagesTable;
}
export type CommandInstruction = Selectable<CommandInstructionsTable>;
export type CommandRecipient = Selectable<CommandRecipientsTable>;
export type OutboundMessage = Selectable<OutboundMessagesTable>;
export type CommandMuster = Selectable<CommandMustersTable>;
export type CommandMusterPerson = Selectable<CommandMusterPeopleTable>;
export type CommandNotice = Selectable<CommandNoticesTable>;

// --- 0014 rate limits -------------------------------------------------------------------------

export interface RateLimitsTable {
  key: string;
  hits: number;
  windowStart: number;
}

export interface DB {
  rateLimits: RateLimitsTable;
}
