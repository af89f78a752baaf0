import { z } from 'zod';
import { accountStatus } from '../../db/enums';
import { nameField } from '../../lib/text';
import { queryInt } from '../../lib/paging';
import { policies } from './policies';

export const signInBody = z.object({ login: z.string().min(1).max(40), password: z.string().min(1).max(128) });
export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});
export const activateBody = z.object({
  code: z.string().min(4).max(20),
  phone: z.string().min(5).max(30),
  password: z.string().min(1).max(128),
  name: z.string().max(50).default(''),
});
export const tokenBody = z.object({
  name: nameField(60),
  policies: z.array(z.enum(policies)).min(1).max(policies.length),
});
export const idParams = z.object({ id: z.string().min(1).max(64) });
export const villageParams = z.object({ village: z.string().min(1).max(64) });
export const accountParams = villageParams.extend({ accountId: z.string().min(1).max(64) });
export const householdParams = villageParams.extend({ householdId: z.string().min(1).max(64) });
export const createAccountBody = z.object({
  personId: z.string().min(1).max(64),
  phone: z.string().max(30).optional(),
});
export const statusBody = z.object({ status: accountStatus });
export const issueCodeBody = z.object({ phone: z.string().max(30).optional() }).default({});
export const auditQuery = z.object({
  page: queryInt({ min: 1, max: 100_000 }).default(1),
  pageSize: queryInt({ min: 1, max: 500 }).default(50),
  account: z.string().max(64).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(64).optional(),
  from: queryInt().optional(),
  to: queryInt().optional(),
});

/** What a client sends (the web types its calls with these). */
export type ActivateBody = z.input<typeof activateBody>;
export type TokenBody = z.input<typeof tokenBody>;
