/** The caller as the web app needs to know them: who, where, which posts, what they may do. */
import type { Ctx } from '../../context';
import { maskPhone } from '../registry/normalize';
import type { Actor } from './actor';
import { allows, policies } from './policies';

export async function describeMe(ctx: Ctx, actor: Actor) {
  const village = actor.villageId
    ? await ctx.db
        .selectFrom('villages')
        .select(['code', 'name', 'nameEn'])
        .where('id', '=', actor.villageId)
        .executeTakeFirst()
    : undefined;
  return {
    account: { id: actor.accountId, kind: actor.kind, name: actor.name, login: maskPhone(actor.login) },
    village: village ?? null,
    householdId: actor.householdId,
    personId: actor.personId,
    roles: actor.roles,
    posts: actor.posts.map((p) => ({ role: p.role, nodeId: p.nodeId, nodeCode: p.nodeCode, nodeName: p.nodeName })),
    mustChangePassword: actor.mustChangePassword,
    csrf: actor.csrf,
    policies: policies.filter((p) => p !== 'public' && allows(actor, p)),
  };
}
