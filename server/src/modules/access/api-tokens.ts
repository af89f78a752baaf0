/** API tokens for integrations: scoped to named policies (never more than the owner has), revocable. */
import type { Ctx } from '../../context';
import type { Caller } from '../../core/caller';
import { write } from '../../core/write';
import { badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { Actor } from './actor';
import { allows, type Policy } from './policies';
import { newToken, sha256 } from './tokens';

const owner = (caller: Caller): Actor => {
  if (!caller.actor) throw new Error('API tokens belong to a signed-in account');
  return caller.actor;
};

export async function createApiToken(ctx: Ctx, caller: Caller, input: { name: string; policies: Policy[] }) {
  const actor = owner(caller);
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
  await write(ctx, caller, async (w) => {
    await w.trx
      .insertInto('apiTokens')
      .values({
        id,
        accountId: actor.accountId,
        name: input.name,
        tokenHash: sha256(token),
        policies: JSON.stringify(input.policies),
        createdAt: w.now,
        lastUsedAt: null,
        revokedAt: null,
      })
      .execute();
    w.audit({
      action: 'token.create',
      targetType: 'api_token',
      targetId: id,
      after: { name: input.name, policies: input.policies },
      status: 201,
    });
    w.emit({
      type: 'access.token.created',
      subjectType: 'api_token',
      subjectId: id,
      accountId: actor.accountId,
      payload: { tokenId: id },
    });
  });
  return { id, name: input.name, policies: input.policies, token };
}

export async function listApiTokens(ctx: Ctx, caller: Caller) {
  const rows = await ctx.db
    .selectFrom('apiTokens')
    .select(['id', 'name', 'policies', 'createdAt', 'lastUsedAt', 'revokedAt'])
    .where('accountId', '=', owner(caller).accountId)
    .orderBy('createdAt', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, policies: JSON.parse(r.policies) as Policy[] }));
}

export async function revokeApiToken(ctx: Ctx, caller: Caller, input: { tokenId: string }) {
  const actor = owner(caller);
  await write(ctx, caller, async (w) => {
    const res = await w.trx
      .updateTable('apiTokens')
      .set({ revokedAt: w.now })
      .where('id', '=', input.tokenId)
      .where('accountId', '=', actor.accountId)
      .where('revokedAt', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw notFound({ zh: 'API 令牌', en: 'API token' }, 'tokenId');
    w.audit({ action: 'token.revoke', targetType: 'api_token', targetId: input.tokenId, status: 204 });
    w.emit({
      type: 'access.token.revoked',
      subjectType: 'api_token',
      subjectId: input.tokenId,
      accountId: actor.accountId,
      payload: { tokenId: input.tokenId },
    });
  });
}
