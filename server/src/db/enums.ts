/**
 * The closed sets of values the data holds (roles, kinds, statuses), declared once: the `as const`
 * list, its type, and its Zod enum. The table types (types.ts), the request and response schemas
 * and the web (through `import type`) all take them from here.
 */
import { z } from 'zod';

export const placeKinds = ['district', 'town'] as const;
export type PlaceKind = (typeof placeKinds)[number];
export const placeKind = z.enum(placeKinds);

export const structureStatuses = ['draft', 'active', 'retired'] as const;
export type StructureStatus = (typeof structureStatuses)[number];
export const structureStatus = z.enum(structureStatuses);

export const structureCoverages = ['households', 'all'] as const;
export type StructureCoverage = (typeof structureCoverages)[number];
export const structureCoverage = z.enum(structureCoverages);

export const nodeKinds = ['root', 'zone', 'patch', 'grid'] as const;
export type NodeKind = (typeof nodeKinds)[number];
export const nodeKind = z.enum(nodeKinds);
/** The kinds of node an editor adds (the root comes with the structure). */
export const childNodeKind = nodeKind.exclude(['root']);

export const householdKinds = ['household', 'shop', 'institution', 'other'] as const;
export type HouseholdKind = (typeof householdKinds)[number];
export const householdKind = z.enum(householdKinds);

export const genders = ['M', 'F'] as const;
export type Gender = (typeof genders)[number];
export const gender = z.enum(genders);

export const residenceStatuses = ['resident', 'away', 'migrant'] as const;
export type ResidenceStatus = (typeof residenceStatuses)[number];
export const residenceStatus = z.enum(residenceStatuses);

export const relations = [
  'head',
  'spouse',
  'child',
  'child_in_law',
  'parent',
  'grandchild',
  'grandparent',
  'sibling',
  'other',
] as const;
export type Relation = (typeof relations)[number];
export const relation = z.enum(relations);

export const roles = [
  'chief',
  'branchLeader',
  'subLeader',
  'gridLeader',
  'gridMember',
  'evaluator',
  'reserve',
] as const;
export type Role = (typeof roles)[number];
export const role = z.enum(roles);
/** Roles that may be named as proposers of a points rule (a reserve holds no post that acts). */
export const proposerRole = role.exclude(['reserve']);
export type ProposerRole = z.infer<typeof proposerRole>;

// ---------------------------------------------------------------- access
export const accountKinds = ['staff', 'villager', 'official'] as const;
export type AccountKind = (typeof accountKinds)[number];
export const accountKind = z.enum(accountKinds);

export const accountStatuses = ['active', 'disabled'] as const;
export type AccountStatus = (typeof accountStatuses)[number];
export const accountStatus = z.enum(accountStatuses);

// ---------------------------------------------------------------- points
export const pointsAccountKinds = ['member', 'household'] as const;
export type PointsAccountKind = (typeof pointsAccountKinds)[number];
export const pointsAccountKind = z.enum(pointsAccountKinds);

export const ruleEntryKinds = ['positive', 'bonus', 'deduction', 'redline'] as const;
export type RuleEntryKind = (typeof ruleEntryKinds)[number];
export const ruleEntryKind = z.enum(ruleEntryKinds);

export const entryKinds = ['base', ...ruleEntryKinds, 'reversal', 'redemption', 'redemption_cancel'] as const;
export type EntryKind = (typeof entryKinds)[number];
export const entryKind = z.enum(entryKinds);

export const entryStatuses = ['proposed', 'rejected', 'published', 'disputed', 'final', 'overturned'] as const;
export type EntryStatus = (typeof entryStatuses)[number];
export const entryStatus = z.enum(entryStatuses);

export const objectionStatuses = [
  'open',
  'upheld',
  'overturned',
  'appealed',
  'appeal_upheld',
  'appeal_overturned',
] as const;
export type ObjectionStatus = (typeof objectionStatuses)[number];
export const objectionStatus = z.enum(objectionStatuses);

export const reportStatuses = ['open', 'substantiated', 'unfounded'] as const;
export type ReportStatus = (typeof reportStatuses)[number];
export const reportStatus = z.enum(reportStatuses);

export const redemptionStatuses = ['reserved', 'picked_up', 'cancelled'] as const;
export type RedemptionStatus = (typeof redemptionStatuses)[number];
export const redemptionStatus = z.enum(redemptionStatuses);

export const periodStatuses = ['open', 'settled'] as const;
export type PeriodStatus = (typeof periodStatuses)[number];

// ---------------------------------------------------------------- live and durable core
export const eventAudiences = ['staff', 'all'] as const;
export type EventAudience = (typeof eventAudiences)[number];

export const jobStatuses = ['pending', 'done', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

// ---------------------------------------------------------------- command
export const instructionStatuses = ['open', 'cancelled'] as const;
export type InstructionStatus = (typeof instructionStatuses)[number];
export const instructionStatus = z.enum(instructionStatuses);

/** How a recipient's state was reached: the app (live), or recorded by a leader (phone call). */
export const commandChannels = ['app', 'phone', 'webhook', 'webpush', 'log'] as const;
export type CommandChannel = (typeof commandChannels)[number];
export const commandChannel = z.enum(commandChannels);

/** The outbound channels a village may configure besides the app (which is always on). */
export const outboundChannels = ['log', 'webhook', 'webpush'] as const;
export type OutboundChannel = (typeof outboundChannels)[number];
export const outboundChannel = z.enum(outboundChannels);

export const outboundStates = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboundState = (typeof outboundStates)[number];
export const outboundState = z.enum(outboundStates);
