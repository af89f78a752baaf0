/** What the access routes answer (response schemas) and the types the web reads them as. */
import { z } from 'zod';
import { accountKind, accountStatus, role } from '../../db/enums';
import { count, nullableText, paged, time } from '../../http/contracts';
import { policies } from './policies';

export const policy = z.enum(policies);

/** The signed-in caller: who, where, which posts, what they may do (and the CSRF token to echo). */
export const me = z.object({
  account: z.object({ id: z.string(), kind: accountKind, name: z.string(), login: nullableText }),
  village: z.object({ code: z.string(), name: z.string(), nameEn: nullableText }).nullable(),
  householdId: nullableText,
  /** The staff member's person (null for villagers and officials). */
  personId: nullableText,
  roles: z.array(role),
  posts: z.array(z.object({ role, nodeId: z.string(), nodeCode: z.string(), nodeName: z.string() })),
  mustChangePassword: z.boolean(),
  csrf: nullableText,
  policies: z.array(policy),
});

export const endedResult = z.object({ ended: count });

export const session = z.object({
  id: z.string(),
  ip: nullableText,
  userAgent: nullableText,
  createdAt: time,
  lastSeenAt: time,
  expiresAt: time,
  current: z.boolean(),
});
export const sessionList = z.object({ items: z.array(session) });

export const apiToken = z.object({
  id: z.string(),
  name: z.string(),
  policies: z.array(policy),
  createdAt: time,
  lastUsedAt: time.nullable(),
  revokedAt: time.nullable(),
});
export const apiTokenList = z.object({ items: z.array(apiToken) });
/** A new token: the secret is shown this once and only its hash is kept. */
export const newApiToken = z.object({
  id: z.string(),
  name: z.string(),
  policies: z.array(policy),
  token: z.string(),
});

export const accountRow = z.object({
  id: z.string(),
  kind: accountKind,
  /** Masked. */
  login: nullableText,
  displayName: z.string(),
  personId: nullableText,
  householdId: nullableText,
  householdNumber: nullableText,
  status: accountStatus,
  mustChangePassword: z.boolean(),
  locked: z.boolean(),
  lockedUntil: time.nullable(),
  createdAt: time,
});
export const accountList = z.object({ items: z.array(accountRow) });

/** A password issued by the chief (shown once); full login and name only when the account was just created. */
export const issuedPassword = z.object({
  id: z.string(),
  issuedPassword: z.string(),
  login: z.string().optional(),
  displayName: z.string().optional(),
});
export const createdAccount = issuedPassword.required({ login: true, displayName: true });
export const accountStatusResult = z.object({ id: z.string(), status: accountStatus });

export const activationCode = z.object({
  code: z.string(),
  expiresAt: time,
  household: z.object({ id: z.string(), number: z.string(), address: z.string() }),
  village: z.object({ name: z.string() }),
});

export const auditEntry = z.object({
  id: z.string(),
  villageId: nullableText,
  at: time,
  accountId: nullableText,
  actorName: nullableText,
  ip: nullableText,
  action: z.string(),
  method: nullableText,
  path: nullableText,
  status: z.number().int().nullable(),
  targetType: nullableText,
  targetId: nullableText,
  /** JSON text, masked. */
  before: nullableText,
  after: nullableText,
});
export const auditPage = paged(auditEntry);

export type Me = z.infer<typeof me>;
export type Session = z.infer<typeof session>;
export type ApiToken = z.infer<typeof apiToken>;
export type NewApiToken = z.infer<typeof newApiToken>;
export type AccountRow = z.infer<typeof accountRow>;
export type IssuedPassword = z.infer<typeof issuedPassword>;
export type ActivationCode = z.infer<typeof activationCode>;
export type AuditEntry = z.infer<typeof auditEntry>;
