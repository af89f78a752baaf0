/** Who hears which event on the live stream: one table, deny by default. */
import { describe, expect, it } from 'vitest';
import { visibleTo, type Listener } from '../../server/src/modules/events/visibility';
import { everything, nothing } from '../../server/src/modules/access/scope';

const GRID_A = '/v/z1/p1/g1/';
const GRID_A10 = '/v/z1/p1/g10/'; // shares the prefix text "g1" but not the node
const GRID_B = '/v/z1/p2/g3/';
const PATCH_1 = '/v/z1/p1/';

const listeners: Record<string, Listener> = {
  chief: { accountId: 'chief', kind: 'staff', householdId: null, scope: everything },
  memberA: {
    accountId: 'memberA',
    kind: 'staff',
    householdId: null,
    scope: { all: false, paths: [GRID_A], householdId: null },
  },
  leaderP1: {
    accountId: 'leaderP1',
    kind: 'staff',
    householdId: null,
    scope: { all: false, paths: [PATCH_1], householdId: null },
  },
  reserve: { accountId: 'reserve', kind: 'staff', householdId: null, scope: nothing },
  villagerH1: {
    accountId: 'villagerH1',
    kind: 'villager',
    householdId: 'h1',
    scope: { all: false, paths: [], householdId: 'h1' },
  },
  official: { accountId: 'official', kind: 'official', householdId: null, scope: nothing },
};
type Who = keyof typeof listeners;

interface Ev {
  path?: string | null;
  householdId?: string | null;
  accountId?: string | null;
  audience?: 'staff' | 'all';
}
const ev = (e: Ev) => ({ path: null, householdId: null, accountId: null, audience: 'staff' as const, ...e });

// [what, event, who hears it]
const table: [string, Ev, Who[]][] = [
  ['a household of grid A', { path: GRID_A, householdId: 'h1' }, ['chief', 'memberA', 'leaderP1', 'villagerH1']],
  ['a household of grid B', { path: GRID_B, householdId: 'h2' }, ['chief']],
  ['a household of grid A10 (a look-alike path)', { path: GRID_A10, householdId: 'h3' }, ['chief', 'leaderP1']],
  ['grid A itself (no household)', { path: GRID_A }, ['chief', 'memberA', 'leaderP1']],
  ['a household with no path', { householdId: 'h2' }, ['chief']],
  ["the villager's household with no path", { householdId: 'h1' }, ['chief', 'villagerH1']],
  ['a village-wide staff event', {}, ['chief', 'memberA', 'leaderP1', 'reserve']],
  [
    'a village-wide event for everyone (the board)',
    { audience: 'all' },
    ['chief', 'memberA', 'leaderP1', 'reserve', 'villagerH1'],
  ],
  ["another household's board change", { path: GRID_B, householdId: 'h2', audience: 'all' }, ['chief']],
  ['an event addressed to memberA', { accountId: 'memberA' }, ['chief', 'memberA']],
  ['an event addressed to the villager', { accountId: 'villagerH1' }, ['chief', 'villagerH1']],
  ['an event addressed to memberA about grid B', { accountId: 'memberA', path: GRID_B }, ['chief', 'memberA']],
  ['an event addressed to the official', { accountId: 'official' }, ['chief']],
];

describe('visibleTo', () => {
  for (const [what, e, hearers] of table) {
    it(`${what}: heard by ${hearers.join(', ')}`, () => {
      const heard = (Object.keys(listeners) as Who[]).filter((w) => visibleTo(ev(e), listeners[w]));
      expect(heard).toEqual(hearers);
    });
  }

  it('officials hear nothing of a village, not even what is addressed to them', () => {
    for (const [, e] of table) expect(visibleTo(ev(e), listeners.official)).toBe(false);
  });
});
