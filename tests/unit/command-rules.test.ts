import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_MS,
  DEFAULT_SCHEDULE,
  escalationGroups,
  leaderLevels,
  stepDueAt,
  stepLevel,
  timeToShare,
  type LeaderPost,
} from '../../server/src/modules/command/rules';

const T0 = Date.UTC(2021, 10, 3, 15, 36); // 23:36 Beijing time

describe('step times (the injected clock: sentAt)', () => {
  it.each([
    ['50%', T0 + 5 * 60_000],
    ['100%', T0 + 10 * 60_000],
    ['150%', T0 + 15 * 60_000],
  ])('%s of the default 10 minutes falls at the right minute', (at, due) => {
    expect(stepDueAt({ at, to: 'leader' }, T0, DEFAULT_DEADLINE_MS)).toBe(due);
  });
  it.each([
    ['recipient', 0],
    ['leader', 1],
    ['leader+1', 2],
    ['leader+2', 3],
  ])('%s is level %i', (to, level) => expect(stepLevel({ at: '50%', to })).toBe(level));
  it('the default schedule reminds, then escalates twice', () =>
    expect(DEFAULT_SCHEDULE.map(stepLevel)).toEqual([0, 1, 2]));
});

// root(chief) / zone(branch) / patch(nobody) / grid(member); a second patch with a leader.
const leaders = new Map<string, LeaderPost[]>([
  ['root', [{ personId: 'chief', nodeId: 'root', role: 'chief' }]],
  ['zone', [{ personId: 'branch', nodeId: 'zone', role: 'branchLeader' }]],
  ['p2', [{ personId: 'gl2', nodeId: 'p2', role: 'gridLeader' }]],
]);
const levels = (personId: string, path: string, role: 'gridMember' | 'gridLeader' | 'chief' | 'evaluator') =>
  leaderLevels({ personId, path, role }, leaders).map((l) => l.map((p) => p.personId));

describe('the leaders above a recipient', () => {
  it.each([
    [
      'a member under a patch nobody leads skips the empty level',
      'm1',
      '/root/zone/p1/g1/',
      'gridMember',
      [['branch'], ['chief']],
    ],
    ['a member under a led patch', 'm2', '/root/zone/p2/g2/', 'gridMember', [['gl2'], ['branch'], ['chief']]],
    ['a grid leader is not their own leader', 'gl2', '/root/zone/p2/', 'gridLeader', [['branch'], ['chief']]],
    ['the evaluator at the root answers to the chief', 'ev', '/root/', 'evaluator', [['chief']]],
    ['the chief has nobody above', 'chief', '/root/', 'chief', []],
  ] as const)('%s', (_, person, path, role, want) => expect(levels(person, path, role)).toEqual(want));

  it('groups the outstanding per leader: one message each', () => {
    const out = [
      { id: 'r1', personId: 'm1', path: '/root/zone/p1/g1/', role: 'gridMember' as const },
      { id: 'r2', personId: 'm2', path: '/root/zone/p2/g2/', role: 'gridMember' as const },
      { id: 'r3', personId: 'm3', path: '/root/zone/p2/g3/', role: 'gridMember' as const },
    ];
    const l1 = escalationGroups(out, 1, leaders);
    expect(Object.fromEntries([...l1].map(([k, v]) => [k, v.map((r) => r.id)]))).toEqual({
      branch: ['r1'],
      gl2: ['r2', 'r3'],
    });
    const l2 = escalationGroups(out, 2, leaders);
    expect(Object.fromEntries([...l2].map(([k, v]) => [k, v.map((r) => r.id)]))).toEqual({
      chief: ['r1'],
      branch: ['r2', 'r3'],
    });
  });
});

describe('times to a share of acknowledgements', () => {
  const acks = [T0 + 30_000, T0 + 60_000, T0 + 90_000, T0 + 600_000];
  it.each([
    [0.5, 4, 60_000],
    [0.9, 4, 600_000],
    [1, 4, 600_000],
    [1, 5, null],
    [0.5, 10, null],
  ])('%f of %i recipients', (share, total, want) => expect(timeToShare(acks, total, T0, share)).toBe(want));
});
