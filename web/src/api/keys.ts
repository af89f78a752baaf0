/** The TanStack Query keys of every screen's data: one table, so that a write or a live event can name what it makes stale. */
import type { HouseholdKind, ObjectionStatus } from './types';

export interface HouseholdSearch {
  q?: string;
  kind?: HouseholdKind;
  node?: string;
  /** Only households and units in no grid of the active structure. */
  withoutGrid?: boolean;
  page?: number;
  pageSize?: number;
}

export interface ObjectionFilter {
  status?: ObjectionStatus[];
  mine?: boolean;
}

export interface AuditFilter {
  action?: string;
  account?: string;
  target?: string;
  from?: number;
  to?: number;
}

export const meKey = ['me'] as const;

/** The registry and the structures. */
export const keys = {
  villages: ['villages'] as const,
  overview: (village: string) => ['overview', village] as const,
  tree: (village: string, structureId: string) => ['tree', village, structureId] as const,
  households: (village: string, f: HouseholdSearch) => ['households', village, f] as const,
  allHouseholds: (village: string) => ['households', village, 'all'] as const,
  household: (village: string, id: string) => ['household', village, id] as const,
  structures: (village: string) => ['structures', village] as const,
  validation: (village: string, structureId: string) => ['validation', village, structureId] as const,
  diff: (village: string, from: string, to: string) => ['diff', village, from, to] as const,
  people: (village: string, f: object) => ['people', village, f] as const,
};

/** Points. */
export const pk = {
  all: ['points'] as const,
  me: (v: string) => ['points', v, 'me'] as const,
  board: (v: string) => ['points', v, 'board'] as const,
  rules: (v: string) => ['points', v, 'rules'] as const,
  queue: (v: string) => ['points', v, 'queue'] as const,
  reports: (v: string) => ['points', v, 'reports'] as const,
  items: (v: string) => ['points', v, 'items'] as const,
  objections: (v: string, filter: ObjectionFilter = {}) => ['points', v, 'objections', filter] as const,
  proposals: (v: string) => ['points', v, 'proposals'] as const,
  ruleVersions: (v: string, code: string) => ['points', v, 'rules', code, 'versions'] as const,
  pickups: (v: string) => ['points', v, 'pickups'] as const,
  charts: (v: string) => ['points', v, 'charts'] as const,
  account: (v: string, householdId: string) => ['points', v, 'account', householdId] as const,
  settlement: (v: string, period: string) => ['points', v, 'settlement', period] as const,
  settings: (v: string) => ['points', v, 'settings'] as const,
  verify: (v: string) => ['points', v, 'verify'] as const,
};

/** My account, staff accounts, the audit log. */
export const accessKeys = {
  sessions: ['access', 'sessions'] as const,
  tokens: ['access', 'tokens'] as const,
  accounts: (village: string) => ['access', 'accounts', village] as const,
  audit: (village: string, f: AuditFilter, page: number, pageSize: number) =>
    ['access', 'audit', village, f, page, pageSize] as const,
};
