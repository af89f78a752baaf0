/** The signed-in account (GET /api/v1/auth/me), sign-in, sign-out and password change. */
import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { Role } from './types';

export interface Me {
  account: { id: string; kind: 'staff' | 'villager' | 'official'; name: string; login: string };
  village: { code: string; name: string; nameEn: string | null } | null;
  householdId: string | null;
  roles: Role[];
  posts: { role: Role; nodeId: string; nodeCode: string; nodeName: string }[];
  mustChangePassword: boolean;
  csrf?: string;
  policies: string[];
}

export const meKey = ['me'] as const;

export const getMe = () => api<Me>('/auth/me');
export const signIn = (login: string, password: string) =>
  api<Me>('/auth/sign-in', { method: 'POST', body: { login, password } });
export const signOut = () => api<{ ok: boolean }>('/auth/sign-out', { method: 'POST' });
export const changePassword = (currentPassword: string, newPassword: string) =>
  api<{ ok: boolean }>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: getMe, retry: false, staleTime: 300_000 });
}

export const can = (me: Me | undefined, policy: string) => !!me?.policies.includes(policy);
