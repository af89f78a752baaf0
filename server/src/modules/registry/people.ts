/** Staff: people with posts in the active structure, duty tags, party membership; the reserve pool. */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { parseTags } from '../../lib/json';
import { maskPhone } from './normalize';
import { activeStructureId } from './repo';

export async function listPeople(
  ctx: Ctx,
  caller: Caller,
  f: { q?: string; reserve?: boolean; unposted?: boolean; structure?: string },
) {
  const village = villageOf(caller);
  const structureId = f.structure
    ? ((
        await ctx.db
          .selectFrom('structures')
          .select('id')
          .where('id', '=', f.structure)
          .where('villageId', '=', village.id)
          .executeTakeFirst()
      )?.id ?? null)
    : await activeStructureId(ctx.db, village.id);
  let q = ctx.db.selectFrom('people').selectAll().where('villageId', '=', village.id);
  if (f.q) q = q.where('name', 'like', `${f.q.trim()}%`);
  if (f.reserve !== undefined) q = q.where('reserve', '=', f.reserve ? 1 : 0);
  const people = await q.orderBy('name').execute();
  const posts = structureId
    ? await ctx.db
        .selectFrom('posts')
        .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
        .select(['posts.id', 'posts.personId', 'posts.role', 'nodes.id as nodeId', 'nodes.code', 'nodes.name'])
        .where('posts.structureId', '=', structureId)
        .where('posts.validTo', 'is', null)
        .execute()
    : [];
  const items = people.map((p) => ({
    id: p.id,
    name: p.name,
    phone: maskPhone(p.phone),
    gender: p.gender,
    partyMember: p.partyMember === 1,
    reserve: p.reserve === 1,
    dutyTags: parseTags(p.dutyTags),
    residentId: p.residentId,
    posts: posts
      .filter((x) => x.personId === p.id)
      .map((x) => ({ postId: x.id, role: x.role, nodeId: x.nodeId, nodeCode: x.code, nodeName: x.name })),
  }));
  return { items: f.unposted ? items.filter((i) => i.posts.length === 0) : items };
}
