/** Typed calls of the access API (my account, staff accounts, activation codes, audit log) and their query keys. */
import { api, apiUrl } from '../../lib/api';
import type { Me } from '../../lib/auth';
import type { Paged } from '../../lib/types';

const v = (village: string) => `/villages/${encodeURIComponent(village)}`;

export interface Session {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  current: boolean;
}

export interface ApiToken {
  id: string;
  name: string;
  policies: string[];
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface NewApiToken {
  id: string;
  name: string;
  policies: string[];
  /** Shown once. */
  token: string;
}

export type AccountKind = Me['account']['kind'];

export interface AccountRow {
  id: string;
  kind: AccountKind;
  /** Masked. */
  login: string;
  displayName: string;
  personId: string | null;
  householdId: string | null;
  householdNumber: string | null;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  locked: boolean;
  lockedUntil: number | null;
  createdAt: number;
}

export interface IssuedPassword {
  id: string;
  issuedPassword: string;
  /** Full login and name: only when the account was just created. */
  login?: string;
  displayName?: string;
}

export interface ActivationCode {
  code: string;
  expiresAt: number;
  household: { id: string; number: string; address: string };
  village: { name: string };
}

export interface AuditEntry {
  id: string;
  villageId: string | null;
  at: number;
  accountId: string | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  method: string | null;
  path: string | null;
  status: number | null;
  targetType: string | null;
  targetId: string | null;
  /** JSON text. */
  before: string | null;
  after: string | null;
}

export interface AuditFilter {
  action?: string;
  account?: string;
  target?: string;
  from?: number;
  to?: number;
}

export const accessKeys = {
  sessions: ['access', 'sessions'] as const,
  tokens: ['access', 'tokens'] as const,
  accounts: (village: string) => ['access', 'accounts', village] as const,
  audit: (village: string, f: AuditFilter, page: number, pageSize: number) =>
    ['access', 'audit', village, f, page, pageSize] as const,
};

// My account
export const listSessions = () => api<{ items: Session[] }>('/auth/sessions').then((r) => r.items);
export const endSession = (id: string) => api<void>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const signOutEverywhere = () => api<{ ended: number }>('/auth/sign-out-everywhere', { method: 'POST' });
export const listTokens = () => api<{ items: ApiToken[] }>('/auth/tokens').then((r) => r.items);
export const createToken = (body: { name: string; policies: string[] }) =>
  api<NewApiToken>('/auth/tokens', { method: 'POST', body });
export const revokeToken = (id: string) => api<void>(`/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });

// Villager activation (public)
export const activate = (body: { code: string; phone: string; name: string; password: string }) =>
  api<Me>('/auth/activate', { method: 'POST', body });

// Staff accounts (the chief)
export const listAccounts = (village: string) =>
  api<{ items: AccountRow[] }>(`${v(village)}/accounts`).then((r) => r.items);
export const createAccount = (village: string, personId: string, phone?: string) =>
  api<IssuedPassword>(`${v(village)}/accounts`, { method: 'POST', body: phone ? { personId, phone } : { personId } });
export const resetPassword = (village: string, accountId: string) =>
  api<IssuedPassword>(`${v(village)}/accounts/${encodeURIComponent(accountId)}/reset`, { method: 'POST' });
export const setAccountStatus = (village: string, accountId: string, status: 'active' | 'disabled') =>
  api<{ id: string; status: string }>(`${v(village)}/accounts/${encodeURIComponent(accountId)}/status`, {
    method: 'POST',
    body: { status },
  });

// Activation codes (grid members)
export const issueActivationCode = (village: string, householdId: string, phone?: string) =>
  api<ActivationCode>(`${v(village)}/households/${encodeURIComponent(householdId)}/activation-code`, {
    method: 'POST',
    body: phone ? { phone } : {},
  });

// Audit log (the chief)
export const browseAudit = (village: string, f: AuditFilter, page: number, pageSize: number) =>
  api<Paged<AuditEntry>>(`${v(village)}/audit`, { query: { ...f, page, pageSize } });
export const auditExportUrl = (village: string, f: AuditFilter) => apiUrl(`${v(village)}/audit/export.xlsx`, { ...f });
