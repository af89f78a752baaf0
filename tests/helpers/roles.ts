/**
 * Who may call what: the expected role table of every policy, written from the issues
 * independently of the server's policy table (tests/integration/access-matrix.test.ts checks the
 * server against it; the fuzz suite picks an allowed and a denied caller from it).
 */
import type { Policy } from '../../server/src/modules/access/policies';

export type Who =
  | 'anonymous'
  | 'reserve'
  | 'villager'
  | 'gridMember'
  | 'gridLeader'
  | 'branchLeader'
  | 'evaluator'
  | 'chief'
  | 'townOfficial'
  | 'districtOfficial';
export const everyone: Who[] = [
  'anonymous',
  'reserve',
  'villager',
  'gridMember',
  'gridLeader',
  'branchLeader',
  'evaluator',
  'chief',
  'townOfficial',
  'districtOfficial',
];
export const signedInWho = everyone.filter((w) => w !== 'anonymous');
const fieldStaff: Who[] = ['gridMember', 'gridLeader', 'branchLeader', 'chief'];

export const expected: Record<Policy, Who[]> = {
  public: everyone,
  self: signedInWho,
  'places.read': ['chief', 'townOfficial', 'districtOfficial'],
  'village.overview': [...fieldStaff, 'evaluator', 'townOfficial', 'districtOfficial'],
  'village.read': [...fieldStaff, 'evaluator', 'villager'],
  'village.write': fieldStaff,
  'person.reveal': [...fieldStaff, 'villager'],
  'structure.read': [...fieldStaff, 'evaluator'],
  'structure.write': ['chief'],
  'import.write': ['chief'],
  'export.read': ['chief'],
  'audit.read': ['chief'],
  'accounts.manage': ['chief'],
  'activation.issue': fieldStaff,
  'points.read': [...fieldStaff, 'evaluator', 'villager'],
  'points.propose': [...fieldStaff, 'evaluator'],
  'points.review': ['evaluator'],
  'points.manage': ['chief', 'evaluator'],
  'points.appeal': ['chief'],
  'shop.redeem': [...fieldStaff, 'villager'],
  'shop.pickup': [...fieldStaff, 'evaluator'],
  'events.read': [...fieldStaff, 'evaluator', 'villager'],
  // Issue #10: the chief and the leaders command their subtree; every staff post answers.
  'command.lead': ['gridLeader', 'branchLeader', 'chief'],
  'command.respond': [...fieldStaff, 'evaluator'],
  'command.settings': ['chief'],
};
