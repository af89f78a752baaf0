import { z } from 'zod';
import { entryStatuses, objectionStatuses, pointsAccountKind, proposerRole, ruleEntryKind } from '../../db/enums';
import { cleanFreeText, nameField, textField } from '../../lib/text';
import { queryInt } from '../../lib/paging';

export const villageParams = z.object({ village: z.string().min(1).max(64) });
export const idParams = villageParams.extend({ id: z.string().min(1).max(64) });
export const codeParams = villageParams.extend({ code: z.string().min(1).max(32) });
export const periodParams = villageParams.extend({ period: z.string().regex(/^\d{4}$/) });
const evidence = z.array(z.string().min(1).max(200)).max(9).default([]);
/** Free text (a reason, a ruling): invisible characters removed, never empty. */
const text = (max = 500) => textField(max);
/** A client-made id (made once per form on the phone, kept across retries). */
const clientId = z.uuid();
/** ?x=1 / ?x=true. */
const flag = z
  .enum(['true', 'false', '1', '0'])
  .default('false')
  .transform((v) => v === 'true' || v === '1');
/** ?status=a,b: one value or several, comma-separated. */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .describe(`${values.join(' | ')}; several comma-separated`)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(z.enum(values)).optional());

export const ruleBody = z.object({
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/),
  accountKind: pointsAccountKind,
  entryKind: ruleEntryKind,
  name: nameField(100),
  points: z.number().int().min(0).max(10_000),
  evidenceRequired: z.boolean().default(false),
  periodLimit: z.number().int().min(1).max(10_000).nullable().default(null),
  proposers: z.array(proposerRole).min(1),
  needsReview: z.boolean().default(true),
  needsPublication: z.boolean().default(true),
  active: z.boolean().optional(),
});
export const reviseBody = ruleBody.omit({ code: true });
export const proposeBody = z.object({
  id: z.string().min(8).max(64).optional(),
  ruleCode: z.string().min(1).max(32),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('household'), householdId: z.string().min(1).max(64) }),
    z.object({ kind: z.literal('member'), personId: z.string().min(1).max(64) }),
  ]),
  reason: text(),
  evidence,
});
export const noteBody = z
  .object({
    note: z
      .string()
      .max(500)
      .optional()
      .transform((s) => (s === undefined ? undefined : cleanFreeText(s) || undefined)),
  })
  .default({ note: undefined });
export const reasonBody = z.object({ reason: text() });
export const objectionBody = reasonBody.extend({ id: clientId.optional() });
export const objectionsQuery = z.object({ status: listOf(objectionStatuses), mine: flag });
export const proposalsQuery = z.object({
  mine: flag,
  status: listOf(entryStatuses),
  limit: queryInt({ min: 1, max: 500 }).default(100),
});
export const rulingBody = z.object({ decision: z.enum(['uphold', 'overturn']), ruling: text() });
export const appealRulingBody = z.object({ entryStands: z.boolean(), ruling: text() });
export const reportBody = z.object({
  id: clientId.optional(),
  subjectPersonId: z.string().min(1).max(64),
  description: text(1000),
  evidence,
});
export const reportRulingBody = z.object({
  substantiated: z.boolean(),
  ruleCode: z.string().max(32).optional(),
  ruling: text(),
});
export const itemBody = z.object({
  name: nameField(100),
  price: z.number().int().min(1).max(100_000),
  stock: z.number().int().min(0).max(1_000_000),
});
export const itemUpdateBody = z.object({
  price: z.number().int().min(1).max(100_000).optional(),
  addStock: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  active: z.boolean().optional(),
});
export const redeemBody = z.object({
  id: z.string().min(8).max(64),
  itemId: z.string().min(1).max(64),
  householdId: z.string().min(1).max(64).optional(),
});
export const dryRunQuery = z.object({ dryRun: flag });
export const itemsQuery = z.object({ all: flag });
export const settleBody = z.object({ period: z.string().regex(/^\d{4}$/) });
export const accountQuery = z.object({
  personId: z.string().max(64).optional(),
  householdId: z.string().max(64).optional(),
});
export const settingsBody = z.object({
  memberBase: z.number().int().min(0).max(100_000).optional(),
  rewardCap: z.number().int().min(0).max(100_000).optional(),
  yuanPerPoint: z.number().int().min(0).max(1000).optional(),
  householdCap: z.number().int().min(1).max(100_000).optional(),
  publicationDays: z.number().int().min(0).max(60).optional(),
  tiers: z
    .array(z.object({ min: z.number().int().min(0).max(100_000), zh: nameField(100), en: nameField(100) }))
    .max(10)
    .optional(),
});

/** What a client sends (the web types its calls with these). */
export type RuleBody = z.input<typeof ruleBody>;
export type ReviseBody = z.input<typeof reviseBody>;
export type ProposeBody = z.input<typeof proposeBody>;
export type ReportBody = z.input<typeof reportBody>;
export type ReportRulingBody = z.input<typeof reportRulingBody>;
export type ItemBody = z.input<typeof itemBody>;
export type ItemUpdateBody = z.input<typeof itemUpdateBody>;
export type RedeemBody = z.input<typeof redeemBody>;
export type SettingsBody = z.input<typeof settingsBody>;
