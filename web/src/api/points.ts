/** The points API (server/src/modules/points/routes.ts), shared by the console pages and the phone apps under /m. */
import { api, apiUrl, enc, villagePath } from './client';
import type { ObjectionFilter } from './keys';
import type {
  AccountView,
  Board,
  Charts,
  ObjectionItem,
  ObjectionStatus,
  ProposalItem,
  ProposeBody,
  Redemption,
  RedemptionCreated,
  Report,
  ReportBody,
  ReportRulingBody,
  ReviseBody,
  Rule,
  RuleBody,
  RuleVersion,
  QueueEntry,
  QueueObjection,
  SettleResult,
  Settlement,
  ShopItem,
  ItemBody,
  ItemUpdateBody,
  RedeemBody,
  Settings,
  VerifyResult,
  WrittenEntry,
} from './types';

const p = (village: string) => `${villagePath(village)}/points`;
const post = <T>(path: string, body: unknown = {}) => api<T>(path, { method: 'POST', body });

export const getMyPoints = (v: string) => api<AccountView>(`${p(v)}/me`);
export const getBoard = (v: string) => api<Board>(`${p(v)}/board`);
export const getRules = (v: string) => api<{ items: Rule[] }>(`${p(v)}/rules`).then((r) => r.items);
export const getQueue = (v: string) => api<{ entries: QueueEntry[]; objections: QueueObjection[] }>(`${p(v)}/queue`);
export const getReports = (v: string) => api<{ items: Report[] }>(`${p(v)}/reports`).then((r) => r.items);
/** Active goods; with `all`, managers also get those taken off the shelf. */
export const getItems = (v: string, all = false) =>
  api<{ items: ShopItem[] }>(`${p(v)}/shop/items`, { query: all ? { all: 1 } : {} }).then((r) => r.items);

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
export const getSettings = (v: string) => api<Settings>(`${p(v)}/settings`);
/** Recompute the board's hash chain. */
export const verifyBoard = (v: string) => api<VerifyResult>(`${p(v)}/verify`);
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

/** Retry-safe: the same client-made id is recorded once. */
export const propose = (v: string, body: ProposeBody & { id: string }) => post<WrittenEntry>(`${p(v)}/entries`, body);
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
export const fileReport = (v: string, body: ReportBody & { id: string }) =>
  post<{ id: string; status: Report['status'] }>(`${p(v)}/reports`, body);
export const ruleReport = (v: string, id: string, body: ReportRulingBody) =>
  post<unknown>(`${p(v)}/reports/${enc(id)}/ruling`, body);
export const createRule = (v: string, body: RuleBody) => post<Rule>(`${p(v)}/rules`, body);
export const reviseRule = (v: string, code: string, body: ReviseBody) =>
  api<Rule>(`${p(v)}/rules/${enc(code)}`, { method: 'PUT', body });
export const settle = (v: string, period: string) => post<SettleResult>(`${p(v)}/settlement`, { period });
export const createItem = (v: string, body: ItemBody) => post<ShopItem>(`${p(v)}/shop/items`, body);
export const updateItem = (v: string, id: string, body: ItemUpdateBody) =>
  api<ShopItem>(`${p(v)}/shop/items/${enc(id)}`, { method: 'PATCH', body });
export const redeem = (v: string, body: RedeemBody) => post<RedemptionCreated>(`${p(v)}/shop/redemptions`, body);
export const cancelRedemption = (v: string, id: string) => post<unknown>(`${p(v)}/shop/redemptions/${enc(id)}/cancel`);
export const confirmPickup = (v: string, id: string) => post<unknown>(`${p(v)}/shop/redemptions/${enc(id)}/pickup`);
