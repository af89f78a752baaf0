/**
 * Who may call what. Every route declares one policy; this table is the single place that says
 * which kinds of account and which posts satisfy it. Deny by default: a policy not listed for a
 * role is refused. Data is then filtered by the caller's scope (see scope.ts).
 */
import type { AccountKind, Role } from '../../db/types';

export const policies = [
  'public', // health, docs, sign-in, templates
  'self', // my account, my sessions, my tokens
  'places.read', // aggregates of towns and districts
  'village.overview', // counts of a village, no personal data
  'village.read', // registry of a village, filtered by scope
  'village.write', // registry edits within scope
  'person.reveal', // full ID and phone numbers within scope, audited
  'structure.read',
  'structure.write',
  'import.write',
  'export.read',
  'audit.read',
  'accounts.manage',
  'activation.issue',
  'points.read', // the board, one's own account, objecting, reporting
  'points.propose',
  'points.review', // the evaluator's queue, objections, reports
  'points.manage', // catalogue, settings, shop goods, settlement
  'points.appeal', // the chief rules on appeals
  'shop.redeem',
  'shop.pickup',
  'events.read', // the live stream, filtered by scope
  'command.lead', // open responses, send instructions, boards: leaders over their subtree
  'command.respond', // receive and acknowledge instructions: every staff post
  'command.settings', // the village's delivery channels (webhook URL and secret)
] as const;
export type Policy = (typeof policies)[number];

const leaders: Role[] = ['chief', 'branchLeader', 'subLeader', 'gridLeader'];
const fieldStaff: Role[] = [...leaders, 'gridMember'];
const staffWithScope: Role[] = [...fieldStaff, 'evaluator'];

/** For staff: which posts grant the policy. */
export const rolesFor: Record<Policy, Role[]> = {
  public: [],
  self: [],
  'places.read': ['chief'],
  'village.overview': staffWithScope,
  'village.read': staffWithScope,
  'village.write': fieldStaff,
  'person.reveal': fieldStaff,
  'structure.read': staffWithScope,
  'structure.write': ['chief'],
  'import.write': ['chief'],
  'export.read': ['chief'],
  'audit.read': ['chief'],
  'accounts.manage': ['chief'],
  'activation.issue': fieldStaff,
  'points.read': staffWithScope,
  'points.propose': staffWithScope,
  'points.review': ['evaluator'],
  'points.manage': ['chief', 'evaluator'],
  'points.appeal': ['chief'],
  'shop.redeem': fieldStaff,
  'shop.pickup': staffWithScope,
  'events.read': staffWithScope,
  'command.lead': leaders,
  'command.respond': staffWithScope,
  'command.settings': ['chief'],
};

/** For the other kinds of account: the policies they may use at all. */
export const kindsFor: Record<Exclude<AccountKind, 'staff'>, Policy[]> = {
  villager: ['self', 'village.read', 'person.reveal', 'points.read', 'shop.redeem', 'events.read'],
  official: ['self', 'places.read', 'village.overview'],
};

export interface PolicySubject {
  kind: AccountKind;
  roles: Role[];
  /** An API token may narrow what its owner can do; never widen it. */
  tokenPolicies?: Policy[] | null;
}

export function allows(subject: PolicySubject, policy: Policy): boolean {
  if (policy === 'public') return true;
  if (subject.tokenPolicies && !subject.tokenPolicies.includes(policy)) return false;
  if (policy === 'self') return true;
  if (subject.kind !== 'staff') return kindsFor[subject.kind].includes(policy);
  return subject.roles.some((r) => rolesFor[policy].includes(r));
}
