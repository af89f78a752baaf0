/**
 * Which cached queries an event of the live stream makes stale: a table from event type prefix
 * to query key prefixes (TanStack Query matches keys by prefix, so `['household', v]` covers every
 * household page of the village). Events carry ids and states only; the screens refetch through
 * their own scoped endpoints. The first matching row wins, so specific prefixes come first and
 * each area ends with a broad row for event types added later.
 */
import type { QueryKey } from '@tanstack/react-query';
import { keys, meKey, pk } from '../api/keys';

/** What a screen needs from a stream message (see server/src/modules/events/routes.ts). */
export interface LiveEvent {
  seq: number;
  type: string;
  subjectType?: string | null;
  subjectId?: string | null;
  householdId?: string | null;
}

/** `all`: refetch everything (access or the structure changed; the stream cannot replay). */
export type Stale = QueryKey[] | 'all';

type Row = [prefix: string, stale: (v: string, ev: LiveEvent) => Stale];

const pointsOf = (v: string, ...what: string[]): QueryKey[] => what.map((w) => ['points', v, w]);
/** Household pages and lists, console and phone. */
const households = (v: string, ev: LiveEvent): QueryKey[] => [
  ev.householdId ? keys.household(v, ev.householdId) : ['household', v],
  ['households', v],
  ['m-households', v],
  ev.householdId ? ['m-my-household', v, ev.householdId] : ['m-my-household', v],
  ['points', v, 'account'],
];

export const LIVE_KEYS: Row[] = [
  ['stream.resync', () => 'all'],

  // A proposal, a ruling, a withdrawal: the review queue, the board and the standings, the
  // proposer's open proposals, the household's (or member's) own points.
  [
    'points.entry.',
    (v) => [
      pk.queue(v),
      pk.board(v),
      pk.charts(v),
      pk.proposals(v),
      pk.me(v),
      ...pointsOf(v, 'account', 'verify', 'objections', 'settlement'),
    ],
  ],
  ['points.board.', (v) => [pk.board(v), pk.charts(v), ...pointsOf(v, 'verify')]],
  ['points.objection.', (v) => [pk.queue(v), pk.board(v), pk.me(v), ...pointsOf(v, 'objections', 'account')]],
  ['points.report.', (v) => [pk.queue(v), pk.reports(v)]],
  ['points.rules.', (v) => [pk.rules(v)]],
  ['points.settings.', (v) => [pk.board(v), pk.me(v), ...pointsOf(v, 'settings', 'account')]],
  ['points.evidence.', () => []],
  ['points.', (v) => [['points', v]]],
  ['shop.', (v) => [pk.items(v), pk.pickups(v), pk.me(v), ...pointsOf(v, 'account')]],

  ['registry.household.', (v, ev) => [...households(v, ev), keys.overview(v), ['tree', v]]],
  ['registry.resident.', (v, ev) => [...households(v, ev), keys.overview(v)]],
  [
    'registry.',
    (v, ev) => [...households(v, ev), ['people', v], keys.overview(v), ['tree', v], ['access', 'accounts', v]],
  ],

  // An activation or a posts change moves scopes: everything may look different.
  ['structure.activated', () => 'all'],
  [
    'structure.',
    (v) => [keys.structures(v), ['tree', v], ['validation', v], ['diff', v], keys.overview(v), ['people', v]],
  ],
  ['posts.', () => 'all'],

  ['access.', (v) => [meKey, ['access', 'sessions'], ['access', 'tokens'], ['access', 'accounts', v]]],
];

/** The queries an event makes stale in village `v` (none for an event type no row knows). */
export function staleKeys(v: string, ev: LiveEvent): Stale {
  const row = LIVE_KEYS.find(([prefix]) => ev.type === prefix || ev.type.startsWith(prefix));
  return row ? row[1](v, ev) : [];
}
