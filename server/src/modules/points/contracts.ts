/**
 * What the points routes answer (response schemas) and the types the web reads them as. The
 * ledger's chain (hashes), the idempotency keys and payload hashes stay in the database: they are
 * not in any of these shapes, so the serializer never writes them.
 */
import { z } from 'zod';
import {
  entryKind,
  entryStatus,
  objectionStatus,
  pointsAccountKind,
  redemptionStatus,
  reportStatus,
  role,
  ruleEntryKind,
} from '../../db/enums';
import { count, nullableText, time } from '../../http/contracts';

const strings = z.array(z.string());

// ---------------------------------------------------------------- the board and accounts
export const boardEntry = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: entryKind,
  requested: z.number(),
  effective: z.number(),
  reason: z.string(),
  status: entryStatus,
  decidedAt: time.nullable(),
  publishedUntil: time.nullable(),
  reverses: nullableText,
  /** Place in the village's chain (`wangge points verify` checks the chain). */
  seq: z.number().int().nullable(),
  ruleName: nullableText,
  ruleCode: nullableText,
  /** The grid member's name or the household's number. */
  account: z.object({ kind: pointsAccountKind.optional(), name: nullableText.optional() }),
});
export const board = z.object({
  period: z.object({ id: z.string(), label: z.string() }),
  entries: z.array(boardEntry),
  standings: z.object({
    members: z.array(z.object({ accountId: z.string(), name: z.string(), balance: z.number(), rank: count })),
    households: z.array(z.object({ accountId: z.string(), number: z.string(), balance: z.number(), rank: count })),
  }),
});

export const verifyResult = z.object({
  ok: z.boolean(),
  checked: count,
  brokenAt: z.object({ seq: z.number().int().nullable(), id: z.string(), reason: z.enum(['link', 'hash']) }).optional(),
});

/** One line of an account: what was asked, what counted, and why. */
export const accountEntry = z.object({
  id: z.string(),
  kind: entryKind,
  requested: z.number(),
  effective: z.number(),
  balanceAfter: z.number().nullable(),
  reason: z.string(),
  status: entryStatus,
  createdAt: time,
  decidedAt: time.nullable(),
  publishedUntil: time.nullable(),
  reverses: nullableText,
  reviewNote: nullableText,
  evidence: strings,
  ruleCode: nullableText,
  ruleName: nullableText,
  /** requested − effective: what the cap or the floor took away. */
  clipped: z.number(),
  /** The viewer proposed it. */
  proposedByMe: z.boolean(),
  /** Who proposed it: shown to staff only (never to villagers). */
  proposerName: nullableText.optional(),
});

export const redemption = z.object({
  id: z.string(),
  status: redemptionStatus,
  price: z.number(),
  createdAt: time,
  pickedUpAt: time.nullable(),
  itemName: z.string(),
  householdNumber: nullableText,
  householdId: nullableText,
});
export const redemptionList = z.object({ items: z.array(redemption) });

export const accountView = z.object({
  period: z.string().optional(),
  settings: z
    .object({ rewardCap: z.number(), householdCap: z.number(), memberBase: z.number(), yuanPerPoint: z.number() })
    .optional(),
  account: z
    .object({
      id: z.string(),
      kind: pointsAccountKind,
      balance: z.number(),
      spent: z.number(),
      available: z.number(),
    })
    .nullable(),
  entries: z.array(accountEntry),
  redemptions: z.array(redemption),
});

// ---------------------------------------------------------------- the catalogue and settings
export const rule = z.object({
  id: z.string(),
  villageId: z.string(),
  code: z.string(),
  version: count,
  accountKind: pointsAccountKind,
  entryKind: ruleEntryKind,
  name: z.string(),
  points: z.number(),
  evidenceRequired: z.boolean(),
  periodLimit: z.number().int().nullable(),
  proposers: z.array(role),
  needsReview: z.boolean(),
  needsPublication: z.boolean(),
  active: z.boolean(),
  createdAt: time,
  supersededAt: time.nullable(),
});
export const ruleList = z.object({ items: z.array(rule) });
/** One version of a rule, with who wrote it (null: loaded with the demo or a command). */
export const ruleVersion = rule.extend({ createdByName: nullableText });
export const ruleVersionList = z.object({ items: z.array(ruleVersion) });

export const catalogueImport = z.object({
  dryRun: z.boolean(),
  added: count,
  revised: count,
  unchanged: count,
  problems: z.array(
    z.object({ row: z.number().int(), column: z.string(), code: z.string(), zh: z.string(), en: z.string() }),
  ),
});

export const tier = z.object({ min: z.number(), zh: z.string(), en: z.string() });
export const settings = z.object({
  memberBase: z.number(),
  rewardCap: z.number(),
  yuanPerPoint: z.number(),
  householdCap: z.number(),
  publicationDays: z.number(),
  tiers: z.array(tier),
  /** Effective entries in the chain so far. */
  chainLength: count,
});

export const evidenceStored = z.object({
  id: z.string(),
  /** What a proposal or report names as evidence: `evidence:<id>`. */
  ref: z.string(),
  contentType: z.string(),
  size: count,
});

// ---------------------------------------------------------------- proposing and reviewing
/** An entry as a write left it (proposed, approved, rejected). */
export const entry = z.object({
  id: z.string(),
  accountId: z.string(),
  periodId: z.string(),
  kind: entryKind,
  ruleId: nullableText,
  requested: z.number(),
  effective: z.number(),
  balanceAfter: z.number().nullable(),
  reason: z.string(),
  status: entryStatus,
  reviewNote: nullableText,
  reverses: nullableText,
  createdAt: time,
  decidedAt: time.nullable(),
  publishedUntil: time.nullable(),
  finalAt: time.nullable(),
  seq: z.number().int().nullable(),
});

export const proposalItem = z.object({
  id: z.string(),
  kind: entryKind,
  requested: z.number(),
  effective: z.number(),
  reason: z.string(),
  status: entryStatus,
  evidence: strings,
  createdAt: time,
  decidedAt: time.nullable(),
  publishedUntil: time.nullable(),
  reviewNote: nullableText,
  ruleCode: nullableText,
  ruleName: nullableText,
  /** Rejected without a reviewer: the proposer took it back. */
  withdrawn: z.boolean(),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('household'), householdId: nullableText, name: nullableText }),
    z.object({ kind: z.literal('member'), personId: nullableText, name: nullableText }),
  ]),
});
export const proposalList = z.object({ items: z.array(proposalItem) });

export const queueEntry = z.object({
  id: z.string(),
  kind: entryKind,
  requested: z.number(),
  reason: z.string(),
  evidence: strings,
  createdAt: time,
  proposedBy: nullableText,
  ruleCode: nullableText,
  ruleName: nullableText,
  accountKind: pointsAccountKind,
  memberName: nullableText,
  householdNumber: nullableText,
  proposerName: nullableText,
  /** The reviewer proposed it (and so may not decide it). */
  proposedByMe: z.boolean(),
});
export const queueObjection = z.object({
  id: z.string(),
  status: objectionStatus,
  reason: z.string(),
  ruling: nullableText,
  appealReason: nullableText,
  createdAt: time,
  entryId: z.string(),
  effective: z.number(),
  entryReason: z.string(),
  ruleName: nullableText,
});
export const reviewQueue = z.object({ entries: z.array(queueEntry), objections: z.array(queueObjection) });

export const entryState = z.object({ id: z.string(), status: entryStatus });

// ---------------------------------------------------------------- objections and appeals
export const objectionCreated = z.object({ id: z.string(), entryId: z.string(), status: objectionStatus });

/** An objection with the entry it concerns and its outcome. */
export const objectionItem = z.object({
  id: z.string(),
  status: objectionStatus,
  reason: z.string(),
  createdAt: time,
  /** Made by the caller. */
  mine: z.boolean(),
  /** Against the caller's own points (they are the party concerned). */
  aboutMe: z.boolean(),
  ruling: nullableText,
  ruledAt: time.nullable(),
  appealReason: nullableText,
  appealedAt: time.nullable(),
  appealRuling: nullableText,
  appealRuledAt: time.nullable(),
  entry: z.object({
    id: z.string(),
    kind: entryKind,
    status: entryStatus,
    requested: z.number(),
    effective: z.number(),
    reason: z.string(),
    decidedAt: time.nullable(),
    publishedUntil: time.nullable(),
    ruleCode: nullableText,
    ruleName: nullableText,
    /** The grid member's name, or the household's number. */
    owner: z.object({ kind: pointsAccountKind, name: nullableText }),
  }),
  /** Only for those who rule on objections or appeals (the evaluator, the chief). */
  names: z
    .object({
      objector: nullableText,
      ruledBy: nullableText,
      appealBy: nullableText,
      appealRuledBy: nullableText,
    })
    .optional(),
});
export const objectionList = z.object({ items: z.array(objectionItem) });

/**
 * A ruling is on the entry: it answers every objection against it (`alsoSettled`). The status is
 * an objection status (the use case does not type it narrower yet).
 */
export const rulingResult = z.object({ id: z.string(), status: z.string(), alsoSettled: strings });
export const appealResult = z.object({ id: z.string(), status: objectionStatus, previous: objectionStatus });

// ---------------------------------------------------------------- reports
export const reportCreated = z.object({ id: z.string(), status: reportStatus, subject: z.string() });
export const report = z.object({
  id: z.string(),
  subjectPersonId: z.string(),
  subjectName: z.string(),
  description: z.string(),
  evidence: strings,
  status: reportStatus,
  ruleId: nullableText,
  ruling: nullableText,
  ruledAt: time.nullable(),
  entryId: nullableText,
  createdAt: time,
  /** Filed by the caller. */
  mine: z.boolean(),
});
export const reportList = z.object({ items: z.array(report) });
/** The status is a report status (the use case does not type it narrower yet). */
export const reportRulingResult = z.object({ id: z.string(), status: z.string(), entryId: nullableText });

// ---------------------------------------------------------------- charts and settlement
export const charts = z.object({
  period: z.string(),
  byGrid: z.array(z.object({ code: z.string(), name: z.string(), points: z.number(), households: count })),
  byMonth: z.array(z.object({ month: z.string(), member: z.number(), household: z.number() })),
});

export const settlementResults = z.object({
  members: z.array(
    z.object({
      accountId: z.string(),
      personId: z.string(),
      name: z.string(),
      balance: z.number(),
      payout: z.number(),
      rank: count,
    }),
  ),
  households: z.array(
    z.object({
      accountId: z.string(),
      householdId: z.string(),
      number: z.string(),
      balance: z.number(),
      tier: tier.nullable(),
    }),
  ),
});
export const settleResult = z.object({
  id: z.string(),
  period: z.string(),
  nextPeriod: z.string(),
  payoutTotal: z.number(),
  members: count,
  households: count,
  openedAccounts: count,
  results: settlementResults,
});
export const settlement = z.object({
  id: z.string(),
  label: z.string(),
  periodId: z.string(),
  nextPeriodId: z.string(),
  runAt: time,
  payoutTotal: z.number(),
  results: settlementResults,
});

// ---------------------------------------------------------------- the shop
export const shopItem = z.object({
  id: z.string(),
  name: z.string(),
  price: z.number(),
  stock: z.number().int(),
  active: z.boolean(),
  createdAt: time,
});
export const shopItemList = z.object({ items: z.array(shopItem) });
export const redemptionCreated = z.object({
  id: z.string(),
  accountId: z.string(),
  itemId: z.string(),
  entryId: z.string(),
  price: z.number(),
  status: redemptionStatus,
  createdAt: time,
});
export const redemptionState = z.object({ id: z.string(), status: redemptionStatus });

export type BoardEntry = z.infer<typeof boardEntry>;
export type Board = z.infer<typeof board>;
export type VerifyResult = z.infer<typeof verifyResult>;
export type Entry = z.infer<typeof accountEntry>;
export type Redemption = z.infer<typeof redemption>;
export type AccountView = z.infer<typeof accountView>;
export type Rule = z.infer<typeof rule>;
export type RuleVersion = z.infer<typeof ruleVersion>;
export type CatalogueImport = z.infer<typeof catalogueImport>;
export type Tier = z.infer<typeof tier>;
export type Settings = z.infer<typeof settings>;
export type WrittenEntry = z.infer<typeof entry>;
export type ProposalItem = z.infer<typeof proposalItem>;
export type QueueEntry = z.infer<typeof queueEntry>;
export type QueueObjection = z.infer<typeof queueObjection>;
export type ObjectionItem = z.infer<typeof objectionItem>;
export type Report = z.infer<typeof report>;
export type Charts = z.infer<typeof charts>;
export type SettlementResults = z.infer<typeof settlementResults>;
export type SettleResult = z.infer<typeof settleResult>;
export type Settlement = z.infer<typeof settlement>;
export type ShopItem = z.infer<typeof shopItem>;
export type RedemptionCreated = z.infer<typeof redemptionCreated>;
