/** My account (sessions, tokens), villager activation, staff accounts, activation codes, the audit log (server/src/modules/access). */
import { api, apiUrl, enc, villagePath as v } from './client';
import type { AuditFilter } from './keys';
import type {
  AccountRow,
  AccountStatus,
  ActivateBody,
  ActivationCode,
  ApiToken,
  AuditEntry,
  IssuedPassword,
  Me,
  NewApiToken,
  Paged,
  Session,
  TokenBody,
} from './types';

// My account
export const listSessions = () => api<{ items: Session[] }>('/auth/sessions').then((r) => r.items);
export const endSession = (id: string) => api<void>(`/auth/sessions/${enc(id)}`, { method: 'DELETE' });
export const signOutEverywhere = () => api<{ ended: number }>('/auth/sign-out-everywhere', { method: 'POST' });
export const listTokens = () => api<{ items: ApiToken[] }>('/auth/tokens').then((r) => r.items);
export const createToken = (body: TokenBody) => api<NewApiToken>('/auth/tokens', { method: 'POST', body });
export const revokeToken = (id: string) => api<void>(`/auth/tokens/${enc(id)}`, { method: 'DELETE' });

// Villager activation (public)
export const activate = (body: ActivateBody) => api<Me>('/auth/activate', { method: 'POST', body });

// Staff accounts (the chief)
export const listAccounts = (village: string) =>
  api<{ items: AccountRow[] }>(`${v(village)}/accounts`).then((r) => r.items);
export const createAccount = (village: string, personId: string, phone?: string) =>
  api<IssuedPassword>(`${v(village)}/accounts`, { method: 'POST', body: phone ? { personId, phone } : { personId } });
export const resetPassword = (village: string, accountId: string) =>
  api<IssuedPassword>(`${v(village)}/accounts/${enc(accountId)}/reset`, { method: 'POST' });
export const setAccountStatus = (village: string, accountId: string, status: AccountStatus) =>
  api<{ id: string; status: AccountStatus }>(`${v(village)}/accounts/${enc(accountId)}/status`, {
    method: 'POST',
    body: { status },
  });

// Activation codes (grid members)
export const issueActivationCode = (village: string, householdId: string, phone?: string) =>
  api<ActivationCode>(`${v(village)}/households/${enc(householdId)}/activation-code`, {
    method: 'POST',
    body: phone ? { phone } : {},
  });

// Audit log (the chief)
export const browseAudit = (village: string, f: AuditFilter, page: number, pageSize: number) =>
  api<Paged<AuditEntry>>(`${v(village)}/audit`, { query: { ...f, page, pageSize } });
export const auditExportUrl = (village: string, f: AuditFilter) => apiUrl(`${v(village)}/audit/export.xlsx`, { ...f });
