/**
 * The shapes of the server's answers, taken from its response schemas (server/src/modules/<area>/
 * contracts.ts) and its enums (server/src/db/enums.ts). Type-only: erased at build, so no Zod and
 * no server code reaches the bundle; a schema that changes shape fails the web's type check.
 */
export type {
  AccountKind,
  AccountStatus,
  EntryKind,
  EntryStatus,
  Gender,
  HouseholdKind,
  NodeKind,
  ObjectionStatus,
  PointsAccountKind,
  ProposerRole,
  RedemptionStatus,
  Relation,
  ReportStatus,
  ResidenceStatus,
  Role,
  RuleEntryKind,
  StructureCoverage,
  StructureStatus,
} from '../../../server/src/db/enums';
export type { Policy } from '../../../server/src/modules/access/policies';
export type { Paged } from '../../../server/src/lib/paging';
export type {
  CoverageSpan,
  Counts,
  GridRef,
  Household,
  HouseholdPage,
  HouseholdRow,
  Overview,
  OwnHouseholdPage,
  Person,
  Place,
  Resident,
  ResidentRow,
  Responsible,
  RevealedResident,
  Village,
} from '../../../server/src/modules/registry/contracts';
export type {
  ActivateResult,
  CodeName,
  Post,
  StaffEntry,
  Structure,
  StructureDiff,
  StructureListItem,
  StructureNode,
  StructureTree,
  TreeNode,
  ValidationReport,
  Violation,
} from '../../../server/src/modules/structures/contracts';
export type { ImportProblem, ImportReport } from '../../../server/src/modules/import/contracts';
export type {
  AccountRow,
  ActivationCode,
  ApiToken,
  AuditEntry,
  IssuedPassword,
  Me,
  NewApiToken,
  Session,
} from '../../../server/src/modules/access/contracts';
export type {
  AccountView,
  Board,
  BoardEntry,
  CatalogueImport,
  Charts,
  Entry,
  ObjectionItem,
  ProposalItem,
  QueueEntry,
  QueueObjection,
  Redemption,
  RedemptionCreated,
  Report,
  Rule,
  RuleVersion,
  Settings,
  SettleResult,
  Settlement,
  SettlementResults,
  ShopItem,
  Tier,
  VerifyResult,
  WrittenEntry,
} from '../../../server/src/modules/points/contracts';

// What a client sends: the request schemas' input types.
export type { HouseholdBody, ResidentBody } from '../../../server/src/modules/registry/schema';
export type {
  AddNodeBody,
  AppointBody,
  CreateDraftBody,
  MergeBody,
  MoveBody,
  SplitBody,
  UpdateNodeBody,
} from '../../../server/src/modules/structures/schema';
export type { ActivateBody, TokenBody } from '../../../server/src/modules/access/schema';
export type {
  ItemBody,
  ItemUpdateBody,
  ProposeBody,
  RedeemBody,
  ReportBody,
  ReportRulingBody,
  ReviseBody,
  RuleBody,
  SettingsBody,
} from '../../../server/src/modules/points/schema';
