/** API tokens for integrations: scoped to named policies (never more than the owner has), revocable. */
import type { Ctx } from '../../context';
import { badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import type { Actor } from './actor';
import { allows, type Policy } from './policies';
import { newToken, sha256 } from './tokens';

export async function createApiToken(ctx: Ctx, actor: Actor, input: { name: string; policies: Policy[] }) {
  const beyond = input.policies.find(
    (p) => p === 'public' || p === 'self' || !allows({ ...actor, tokenPolicies: null }, p),
  );
  if (beyond)
    throw badRequest(
      'POLICY_NOT_HELD',
      `不能授予自己没有的权限：${beyond}`,
      `A token cannot carry a permission you do not hold: ${beyond}`,
      'policies',
    );
  const token = `wg_${newToken()}`;
  const id = newId();
  await ctx.db
    .insertInto('apiTokens')
    .values({
      id,
      accountId: actor.accountId,
      name: input.name,
      tokenHash: sha256(token),
      policies: JSON.stringify(input.policies),
      createdAt: ctx.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    })
    .execute();
  auditNote({
    action: 'token.create',
    targetType: 'api_token',
    targetId: id,
    after: { name: input.name, policies: input.policies },
  });
  return { id, name: input.name, policies: input.policies, token };
}

export async function listApiTokens(ctx: Ctx, accountId: string) {
  const rows = await ctx.db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'policies', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .where('accountId', '=', accountId)
    .orderBy('createdAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, policies: JSON.parse(r.policies) as Policy[] }));
}

export async function revokeApiToken(ctx: Ctx, accountId: string, id: string) {
  const res = await ctx.db
    .updateTable('apiTokens')
    .set({ revokedAt: ctx.clock.now() })
    .where('id', '=', id)
    .where('accountId', '=', accountId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw notFound({ zh: 'API 令牌', en: 'API token' }, 'tokenId');
  auditNote({ action: 'token.revoke', targetType: 'api_token', targetId: id });
}
