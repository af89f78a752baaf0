/**
 * Posts: who holds which role at which node. In a draft, posts are edited freely. In the active
 * structure every change is recorded (validFrom/validTo), and a grid is never left without its
 * grid member: replace them instead (backfilling from the reserve, as in the source).
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import type { Executor } from '../../db/database';
import type { Role, Structure } from '../../db/types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { getNode, getOpenPost, getStructure } from './repo';
import { leaderRoles } from './rules';

async function editable(trx: Executor, villageId: string, structureId: string): Promise<Structure> {
  const s = await getStructure(trx, villageId, structureId);
  if (s.status === 'retired')
    throw new AppError(
      409,
      'STRUCTURE_RETIRED',
      '历史结构不能修改',
      'A retired structure cannot be changed',
      'structureId',
    );
  return s;
}

async function assertPerson(trx: Executor, villageId: string, personId: string) {
  const p = await trx
    .selectFrom('people')
    .select(['id', 'name'])
    .where('id', '=', personId)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!p) throw notFound({ zh: '人员', en: 'Person' }, 'personId');
  return p;
}

const rootOnlyRoles: Role[] = ['evaluator', 'reserve'];

function assertRoleFits(kind: string, role: Role) {
  const fits =
    kind === 'root' ? [...leaderRoles.root, ...rootOnlyRoles] : leaderRoles[kind as keyof typeof leaderRoles];
  if (!fits.includes(role))
    throw badRequest('ROLE_NOT_FOR_NODE', `该节点不能设置此岗位`, `Role ${role} does not fit a ${kind} node`, 'role');
}

async function insertPost(ctx: Ctx, trx: Executor, s: Structure, nodeId: string, personId: string, role: Role) {
  const now = ctx.clock.now();
  const dup = await trx
    .selectFrom('posts')
    .select('id')
    .where('nodeId', '=', nodeId)
    .where('personId', '=', personId)
    .where('role', '=', role)
    .where('validTo', 'is', null)
    .executeTakeFirst();
  if (dup)
    throw new AppError(409, 'ALREADY_APPOINTED', '此人已担任该岗位', 'This person already holds this post', 'personId');
  const row = {
    id: newId(),
    villageId: s.villageId,
    structureId: s.id,
    nodeId,
    personId,
    role,
    validFrom: s.status === 'active' ? now : null,
    validTo: null,
    createdAt: now,
  };
  await trx.insertInto('posts').values(row).execute();
  return row;
}

/** End a post: deleted in a draft, closed (validTo) in the active structure. */
async function closePost(ctx: Ctx, trx: Executor, s: Structure, postId: string) {
  if (s.status === 'draft') await trx.deleteFrom('posts').where('id', '=', postId).execute();
  else await trx.updateTable('posts').set({ validTo: ctx.clock.now() }).where('id', '=', postId).execute();
}

/**
 * A post changed: in the active structure it changes who may see what, so `posts.changed` (live
 * streams end and reconnect under the new scope, caches drop what they hold); in a draft it is
 * only an edit of the draft.
 */
async function announcePost(
  w: Write,
  s: Structure,
  change: 'appointed' | 'replaced' | 'ended',
  post: { id: string; nodeId: string; role: Role },
) {
  const node = await getNode(w.trx, s.id, post.nodeId);
  w.emit({
    type: s.status === 'active' ? 'posts.changed' : `structure.post.${change}`,
    subjectType: 'post',
    subjectId: post.id,
    path: node.path,
    payload: { structureId: s.id, nodeId: post.nodeId, postId: post.id, role: post.role, change },
  });
}

export async function appoint(
  ctx: Ctx,
  caller: Caller,
  input: { structureId: string; nodeId: string; personId: string; role: Role },
) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const s = await editable(trx, village.id, input.structureId);
    const node = await getNode(trx, s.id, input.nodeId);
    assertRoleFits(node.kind, input.role);
    await assertPerson(trx, village.id, input.personId);
    const post = await insertPost(ctx, trx, s, node.id, input.personId, input.role);
    w.audit({ action: 'structure.post.appoint', targetType: 'post', targetId: post.id, after: post, status: 201 });
    await announcePost(w, s, 'appointed', post);
    return post;
  });
}

export async function replacePost(
  ctx: Ctx,
  caller: Caller,
  input: { structureId: string; postId: string; personId: string },
) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const s = await editable(trx, village.id, input.structureId);
    const post = await getOpenPost(trx, s.id, input.postId);
    await assertPerson(trx, village.id, input.personId);
    if (post.personId === input.personId)
      throw badRequest(
        'SAME_PERSON',
        '替换人与原任职人相同',
        'The replacement is the person already in the post',
        'personId',
      );
    await closePost(ctx, trx, s, post.id);
    const next = await insertPost(ctx, trx, s, post.nodeId, input.personId, post.role);
    w.audit({
      action: 'structure.post.replace',
      targetType: 'post',
      targetId: post.id,
      before: post,
      after: next,
      status: 200,
    });
    await announcePost(w, s, 'replaced', next);
    return next;
  });
}

export async function endPost(ctx: Ctx, caller: Caller, input: { structureId: string; postId: string }) {
  const village = villageOf(caller);
  await write(ctx, caller, async (w) => {
    const trx = w.trx;
    const s = await editable(trx, village.id, input.structureId);
    const post = await getOpenPost(trx, s.id, input.postId);
    if (s.status === 'active' && post.role === 'gridMember') {
      const others = await trx
        .selectFrom('posts')
        .select('id')
        .where('nodeId', '=', post.nodeId)
        .where('role', '=', 'gridMember')
        .where('validTo', 'is', null)
        .where('id', '!=', post.id)
        .executeTakeFirst();
      if (!others)
        throw new AppError(
          409,
          'LAST_GRID_MEMBER',
          '这是该网格唯一的网格员，请改为替换',
          'This is the grid’s only grid member: replace them instead',
          'postId',
        );
    }
    await closePost(ctx, trx, s, post.id);
    w.audit({ action: 'structure.post.end', targetType: 'post', targetId: post.id, before: post, status: 204 });
    await announcePost(w, s, 'ended', post);
  });
}
