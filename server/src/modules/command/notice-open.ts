/**
 * Open a notice that must reach every household and unit in a scope (a node of the active
 * structure; the caller's own by default): one row per household or unit covered by a grid
 * under it, counter rows for every node above those grids, and a message to the grid members of
 * those grids — in one transaction.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { insertMany } from '../../db/bulk';
import { conflict } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { listNodes, openPosts } from '../structures/repo';
import { presentNotice } from './notice-repo';
import { openNoticeBody, type OpenNoticeBody } from './notice-schema';
import { send } from './outbound';
import { activeStructureId } from './repo';
import { openResponseFor } from './response-scope';
import { perNodeCounts } from './rules';
import { commandableNode, ownRoots } from './scope';

export async function openNotice(ctx: Ctx, caller: Caller, raw: OpenNoticeBody) {
  const input = openNoticeBody.parse(raw);
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    if (input.responseId) await openResponseFor(w.trx, caller, village.id, input.responseId);
    const structureId = await activeStructureId(w.trx, village.id);
    const root = input.nodeId
      ? await commandableNode(w.trx, caller, structureId, input.nodeId)
      : (await ownRoots(w.trx, caller, structureId))[0];
    const nodes = (await listNodes(w.trx, structureId)).filter((n) => n.path.startsWith(root.path));
    const pathOf = new Map(nodes.map((n) => [n.id, n.path]));
    const covered = await w.trx
      .selectFrom('assignments')
      .select(['householdId', 'nodeId'])
      .where('structureId', '=', structureId)
      .execute();
    const inScope = covered.filter((a) => pathOf.has(a.nodeId));
    if (!inScope.length)
      throw conflict('NO_HOUSEHOLDS', '范围内没有住户', 'No household or unit in this scope', 'nodeId');
    const n = {
      id: newId(),
      villageId: village.id,
      responseId: input.responseId ?? null,
      structureId,
      nodeId: root.id,
      path: root.path,
      text: input.text,
      status: 'open' as const,
      openedBy: caller.actor?.accountId ?? null,
      openedByName: caller.actor?.name ?? caller.operator ?? '',
      openedAt: w.now,
      closedAt: null,
      households: inScope.length,
      reached: 0,
      unreachable: 0,
    };
    await w.trx.insertInto('commandNotices').values(n).execute();
    await insertMany(
      ctx.database,
      w.trx,
      'commandNoticeHouseholds',
      inScope.map((a) => ({
        id: newId(),
        noticeId: n.id,
        householdId: a.householdId,
        nodeId: a.nodeId,
        path: pathOf.get(a.nodeId)!,
        state: 'pending' as const,
        method: null,
        reason: null,
        attempts: 0,
        reachedAt: null,
        lastAt: null,
        byName: null,
      })),
    );
    await insertMany(
      ctx.database,
      w.trx,
      'commandNoticeNodeCounts',
      perNodeCounts(
        inScope.map((a) => pathOf.get(a.nodeId)!),
        pathOf,
      ).map(({ nodeId, path, n: households }) => ({
        noticeId: n.id,
        nodeId,
        path,
        households,
        reached: 0,
        unreachable: 0,
      })),
    );
    // The grid members of the grids concerned are told (app and outbound channels).
    const grids = new Set(inScope.map((a) => a.nodeId));
    const members = (await openPosts(w.trx, structureId)).filter((p) => p.role === 'gridMember' && grids.has(p.nodeId));
    const accounts = new Map<string, string>();
    const ids = [...new Set(members.map((m) => m.personId))];
    for (let i = 0; i < ids.length; i += 500)
      for (const a of await w.trx
        .selectFrom('accounts')
        .select(['id', 'personId'])
        .where('personId', 'in', ids.slice(i, i + 500))
        .where('status', '=', 'active')
        .execute())
        if (a.personId) accounts.set(a.personId, a.id);
    await send(
      w,
      [...new Map(members.map((m) => [m.personId, m])).values()].map((m) => ({
        personId: m.personId,
        accountId: accounts.get(m.personId) ?? null,
        path: pathOf.get(m.nodeId) ?? null,
        subjectType: 'commandNotice',
        subjectId: n.id,
        textCode: 'command.notice',
        params: { noticeId: n.id },
        key: `notice:${n.id}:${m.personId}`,
        eventType: 'command.notice.opened',
      })),
    );
    w.audit({
      action: 'command.notice.open',
      targetType: 'commandNotice',
      targetId: n.id,
      after: { text: n.text, nodeId: root.id, households: n.households },
    });
    return presentNotice(n);
  });
}
