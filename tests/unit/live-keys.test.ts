/**
 * The web's table from live event to stale queries: the screens that must update live (the
 * review queue, the board and standings, the household page, the structure editor, the
 * villager's points, the grid member's open proposals) use query keys that the events about
 * them make stale — checked against the keys the screens really use.
 */
import { partialMatchKey, type QueryKey } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { keys, pk } from '../../web/src/api/keys';
import { staleKeys, type LiveEvent } from '../../web/src/lib/liveKeys';

const V = 'dahuashan';
const ev = (type: string, over: Partial<LiveEvent> = {}): LiveEvent => ({ seq: 1, type, ...over });
const makesStale = (e: LiveEvent, screenKey: QueryKey) => {
  const stale = staleKeys(V, e);
  return stale === 'all' || stale.some((k) => partialMatchKey(screenKey, k));
};

const screens: Record<string, QueryKey> = {
  reviewQueue: pk.queue(V),
  board: pk.board(V),
  standingsCharts: pk.charts(V),
  myProposals: pk.proposals(V),
  myPoints: pk.me(V),
  householdPoints: pk.account(V, 'h1'),
  objections: pk.objections(V, { mine: true }),
  householdPage: keys.household(V, 'h1'),
  otherHouseholdPage: keys.household(V, 'h2'),
  householdList: keys.households(V, { q: '12', page: 1 }),
  phoneHouseholdList: ['m-households', V, ''],
  editorTree: keys.tree(V, 'structure-1'),
  structures: keys.structures(V),
  validation: keys.validation(V, 'structure-1'),
  rules: pk.rules(V),
};

// [event, the screens it must refresh, screens it must leave alone]
const table: [LiveEvent, string[], string[]][] = [
  [
    ev('points.entry.proposed', { householdId: 'h1' }),
    ['reviewQueue', 'myProposals', 'myPoints', 'householdPoints'],
    ['householdPage', 'editorTree', 'rules'],
  ],
  [
    ev('points.entry.approved', { householdId: 'h1' }),
    ['reviewQueue', 'board', 'standingsCharts', 'myProposals', 'myPoints', 'householdPoints'],
    ['editorTree'],
  ],
  [ev('points.entry.rejected'), ['reviewQueue', 'myProposals', 'myPoints'], []],
  [ev('points.entry.withdrawn'), ['reviewQueue', 'myProposals'], []],
  [ev('points.board.changed'), ['board', 'standingsCharts'], ['reviewQueue', 'householdPage']],
  [ev('points.objection.filed'), ['reviewQueue', 'objections'], []],
  [ev('points.rules.changed'), ['rules'], ['board']],
  [ev('points.settled'), ['board', 'myPoints', 'reviewQueue'], ['householdPage']],
  [
    ev('registry.household.updated', { householdId: 'h1' }),
    ['householdPage', 'householdList', 'phoneHouseholdList', 'editorTree'],
    ['otherHouseholdPage', 'reviewQueue'],
  ],
  [ev('registry.resident.created', { householdId: 'h1' }), ['householdPage', 'householdList'], ['otherHouseholdPage']],
  [ev('structure.draft.created'), ['structures', 'editorTree'], ['householdPage', 'board']],
  [ev('structure.node.moved'), ['editorTree', 'validation'], ['board']],
  [ev('structure.activated'), Object.keys(screens), []],
  [ev('posts.changed'), Object.keys(screens), []],
  [ev('stream.resync'), Object.keys(screens), []],
  [ev('something.unknown'), [], Object.keys(screens)],
];

describe('staleKeys', () => {
  for (const [e, fresh, untouched] of table) {
    it(`${e.type} refreshes ${fresh.join(', ') || 'nothing'}`, () => {
      for (const s of fresh) expect(makesStale(e, screens[s]), s).toBe(true);
      for (const s of untouched) expect(makesStale(e, screens[s]), s).toBe(false);
    });
  }
});
