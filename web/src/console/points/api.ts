/**
 * Typed calls of the points API (server/src/modules/points/routes.ts) and their query keys; shared
 * by the console pages and the phone apps under /m.
 */
import { api, apiUrl } from '../../lib/api';
import type { Me } from '../../lib/auth';
import type {
  EntryKind,
  EntryStatus,
  ObjectionItem,
  ObjectionStatus,
  PointsAccountKind,
  ProposalItem,
  Role,
  RuleEntryKind,
} from '../../lib/types';

export type { EntryKind, EntryStatus, ObjectionItem, ObjectionStatus, ProposalItem, RuleEntryKind };
export type AccountKind = PointsAccountKind;
export type ReportStatus = 'open' | 'substantiated' | 'unfounded';
export type RedemptionStatus = 'reserved' | 'picked_up' | 'cancelled';

/** GET /auth/me also names the signed-in staff member's person (not in the core Me type). */
export type PointsMe = Me & { personId?: string | null };

export interface Rule {
  id: string;
  code: string;
  version: number;
  accountKind: AccountKind;
  entryKind: RuleEntryKind;
  name: string;
  points: number;
  evidenceRequired: boolean;
  periodLimit: number | null;
  proposers: Role[];
  needsReview: boolean;
  needsPublication: boolean;
  active: boolean;
  createdAt: number;
  supersededAt: number | null;
}

export type RuleInput = Omit<Rule, 'id' | 'version' | 'createdAt' | 'supersededAt'>;

/** One version of a rule, with who wrote it (null: loaded with the demo or a command). */
export type RuleVersion = Rule & { createdByName: string | null };

export interface Entry {
  id: string;
  kind: EntryKind;
  requested: number;
  effective: number;
  balanceAfter: number | null;
  reason: string;
  status: EntryStatus;
  createdAt: number;
  decidedAt: number | null;
  publishedUntil: number | null;
  reverses: string | null;
  reviewNote: string | null;
  evidence: string[];
  ruleCode: string | null;
  ruleName: string | null;
  /** requested − effective: what the cap or the floor took away. */
  clipped: number;
  /** The viewer proposed it. */
  proposedByMe: boolean;
  /** Who proposed it: shown to staff only (never to villagers). */
  proposerName?: string | null;
}

export interface Redemption {
  id: string;
  status: RedemptionStatus;
  price: number;
  createdAt: number;
  pickedUpAt: number | null;
  itemName: string;
  householdNumber: string | null;
  householdId: string | null;
}

export interface AccountView {
  period?: string;
  settings?: { rewardCap: number; householdCap: number; memberBase: number; yuanPerPoint: number };
  account: { id: string; kind: AccountKind; balance: number; spent: number; available: number } | null;
  entries: Entry[];
  redemptions: Redemption[];
}

export interface BoardEntry {
  id: string;
  accountId: string;
  kind: EntryKind;
  requested: number;
  effective: number;
  reason: string;
  status: EntryStatus;
  decidedAt: number | null;
  publishedUntil: number | null;
  reverses: string | null;
  seq: number;
  hash: string;
  ruleName: string | null;
  ruleCode: string | null;
  account: { kind?: AccountKind; name?: string | null };
}

export interface Board {
  period: { id: string; label: string };
  entries: BoardEntry[];
  standings: {
    members: { accountId: string; name: string; balance: number; rank: number }[];
    households: { accountId: string; number: string; balance: number; rank: number }[];
  };
}

export interface QueueEntry {
  id: string;
  kind: EntryKind;
  requested: number;
  reason: string;
  evidence: string[];
  createdAt: number;
  proposedBy: string | null;
  ruleCode: string | null;
  ruleName: string | null;
  accountKind: AccountKind;
  memberName: string | null;
  householdNumber: string | null;
  proposerName: string | null;
  /** The reviewer proposed it (and so may not decide it). */
  proposedByMe: boolean;
}

export interface QueueObjection {
  id: string;
  status: ObjectionStatus;
  reason: string;
  ruling: string | null;
  appealReason: string | null;
  createdAt: number;
  entryId: string;
  effective: number;
  entryReason: string;
  ruleName: string | null;
}

export interface Report {
  id: string;
  subjectPersonId: string;
  subjectName: string;
  description: string;
  evidence: string[];
  status: ReportStatus;
  ruleId: string | null;
  ruling: string | null;
  ruledAt: number | null;
  entryId: string | null;
  createdAt: number;
  mine: boolean;
}

export interface ShopItem {
  id: string;
  name: string;
  price: number;
  stock: number;
  active: boolean;
  createdAt: number;
}

export interface Charts {
  period: string;
  byGrid: { code: string; name: string; points: number; households: number }[];
  byMonth: { month: string; member: number; household: number }[];
}

export interface Tier {
  min: number;
  zh: string;
  en: string;
}

export interface SettlementResults {
  members: { accountId: string; personId: string; name: string; balance: number; payout: number; rank: number }[];
  households: { accountId: string; householdId: string; number: string; balance: number; tier: Tier | null }[];
}

export interface Settlement {
  id: string;
  label: string;
  runAt: number;
  payoutTotal: number;
  results: SettlementResults;
}

export interface SettleResult {
  id: string;
  period: string;
  nextPeriod: string;
  payoutTotal: number;
  members: number;
  households: number;
  results: SettlementResults;
}

const p = (village: string) => `/villages/${encodeURIComponent(village)}/points`;
const enc = encodeURIComponent;
const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });

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
};

export const getMyPoints = (v: string) => api<AccountView>(`${p(v)}/me`);
export const getBoard = (v: string) => api<Board>(`${p(v)}/board`);
export const getRules = (v: string) => api<{ items: Rule[] }>(`${p(v)}/rules`).then((r) => r.items);
export const getQueue = (v: string) => api<{ entries: QueueEntry[]; objections: QueueObjection[] }>(`${p(v)}/queue`);
export const getReports = (v: string) => api<{ items: Report[] }>(`${p(v)}/reports`).then((r) => r.items);
/** Active goods; with `all`, managers also get those taken off the shelf. */
export const getItems = (v: string, all = false) =>
  api<{ items: ShopItem[] }>(`${p(v)}/shop/items`, { query: all ? { all: 1 } : {} }).then((r) => r.items);

export interface ObjectionFilter {
  status?: ObjectionStatus[];
  mine?: boolean;
}
/** All objections for those who rule on them; one's own for everyone else. */
export const getObjections = (v: string, f: ObjectionFilter = {}) =>
  api<{ items: ObjectionItem[] }>(`${p(v)}/objections`, {
    query: { ...(f.status?.length ? { status: f.status.join(',') } : {}), ...(f.mine ? { mine: 1 } : {}) },
  }).then((r) => r.items);
export const getMyProposals = (v: string) =>
  api<{ items: ProposalItem[] }>(`${p(v)}/entries`, { query: { mine: 1 } }).then((r) => r.items);
export const getRuleVersions = (v: string, code: string) =>
  api<{ items: RuleVersion[] }>(`${p(v)}/rules/${enc(code)}/versions`).then((r) => r.items);
export const getPickups = (v: string) => api<{ items: Redemption[] }>(`${p(v)}/shop/redemptions`).then((r) => r.items);
export const getCharts = (v: string) => api<Charts>(`${p(v)}/charts`);
export const getHouseholdAccount = (v: string, householdId: string) =>
  api<AccountView>(`${p(v)}/accounts`, { query: { householdId } });
export const getSettlement = (v: string, period: string) => api<Settlement>(`${p(v)}/settlements/${enc(period)}`);
export const settlementExportUrl = (v: string, period: string) =>
  apiUrl(`${p(v)}/settlements/${enc(period)}/export.xlsx`);

/** The evidence photo behind a reference `evidence:<id>` (other references are shown as text). */
export const evidenceUrl = (v: string, ref: string) =>
  ref.startsWith('evidence:') ? apiUrl(`${p(v)}/evidence/${enc(ref.slice('evidence:'.length))}`) : null;

export function uploadEvidence(v: string, file: Blob, name = 'photo.jpg') {
  const form = new FormData();
  form.append('file', file, name);
  return api<{ id: string; ref: string }>(`${p(v)}/evidence`, { method: 'POST', body: form });
}

export interface ProposeInput {
  id: string;
  ruleCode: string;
  target: { kind: 'household'; householdId: string } | { kind: 'member'; personId: string };
  reason: string;
  evidence: string[];
}
export const propose = (v: string, body: ProposeInput) =>
  post<{ id: string; status: EntryStatus }>(`${p(v)}/entries`, body);
export const withdraw = (v: string, id: string) => post<unknown>(`${p(v)}/entries/${enc(id)}/withdraw`);
export const approve = (v: string, id: string, note?: string) =>
  post<unknown>(`${p(v)}/entries/${enc(id)}/approve`, note ? { note } : {});
export const reject = (v: string, id: string, reason: string) =>
  post<unknown>(`${p(v)}/entries/${enc(id)}/reject`, { reason });
/** Retry-safe: the same client-made id and reason are recorded once. */
export const object = (v: string, entryId: string, body: { id: string; reason: string }) =>
  post<{ id: string; entryId: string; status: ObjectionStatus }>(`${p(v)}/entries/${enc(entryId)}/objections`, body);
export const ruleObjection = (v: string, id: string, decision: 'uphold' | 'overturn', ruling: string) =>
  post<unknown>(`${p(v)}/objections/${enc(id)}/ruling`, { decision, ruling });
/** The objector or the person concerned appeals a ruled objection to the chief (once). */
export const appealObjection = (v: string, id: string, reason: string) =>
  post<{ id: string; status: ObjectionStatus }>(`${p(v)}/objections/${enc(id)}/appeal`, { reason });
export const ruleAppeal = (v: string, id: string, entryStands: boolean, ruling: string) =>
  post<unknown>(`${p(v)}/objections/${enc(id)}/appeal-ruling`, { entryStands, ruling });
/** Retry-safe: the same client-made id and report are recorded once. */
export const fileReport = (
  v: string,
  body: { id: string; subjectPersonId: string; description: string; evidence: string[] },
) => post<{ id: string; status: ReportStatus }>(`${p(v)}/reports`, body);
export const ruleReport = (
  v: string,
  id: string,
  body: { substantiated: boolean; ruleCode?: string; ruling: string },
) => post<unknown>(`${p(v)}/reports/${enc(id)}/ruling`, body);
export const createRule = (v: string, body: RuleInput) => post<Rule>(`${p(v)}/rules`, body);
export const reviseRule = (v: string, code: string, body: Omit<RuleInput, 'code'>) =>
  api<Rule>(`${p(v)}/rules/${enc(code)}`, { method: 'PUT', body });
export const settle = (v: string, period: string) => post<SettleResult>(`${p(v)}/settlement`, { period });
export const createItem = (v: string, body: { name: string; price: number; stock: number }) =>
  post<ShopItem>(`${p(v)}/shop/items`, body);
export const updateItem = (v: string, id: string, body: { price?: number; addStock?: number; active?: boolean }) =>
  api<ShopItem>(`${p(v)}/shop/items/${enc(id)}`, { method: 'PATCH', body });
export const redeem = (v: string, body: { id: string; itemId: string }) =>
  post<{ id: string; status: RedemptionStatus }>(`${p(v)}/shop/redemptions`, body);
export const cancelRedemption = (v: string, id: string) => post<unknown>(`${p(v)}/shop/redemptions/${enc(id)}/cancel`);
export const confirmPickup = (v: string, id: string) => post<unknown>(`${p(v)}/shop/redemptions/${enc(id)}/pickup`);

/** A client-made id for retry-safe writes (randomUUID needs https; plain http on a village LAN does not have it). */
export function clientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
