/** The signed-in account (GET /api/v1/auth/me), sign-in, sign-out and password change. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { meKey } from './keys';
import type { Me, Policy } from './types';

export const getMe = () => api<Me>('/auth/me');
export const signIn = (login: string, password: string) =>
  api<Me>('/auth/sign-in', { method: 'POST', body: { login, password } });
export const signOut = () => api<{ ok: boolean }>('/auth/sign-out', { method: 'POST' });
export const changePassword = (currentPassword: string, newPassword: string) =>
  api<{ ok: boolean }>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } });

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: getMe, retry: false, staleTime: 300_000 });
}

export const can = (me: Me | undefined, policy: Policy) => !!me?.policies.includes(policy);
