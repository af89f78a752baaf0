/**
 * Work waiting in the demo village, so that a new user sees the review workflow at once: a few
 * proposals for the evaluator, an entry on the board with an open objection, and an open villager
 * report. Made through the same use cases as the API, by the demo accounts who would make them
 * (the first grid members in node order, the demo villager); the same every time.
 */
import type { Ctx } from '../../context';
import { cliCaller, type Caller } from '../../core/caller';
import type { Village } from '../../db/types';
import { loadActor, type Actor } from '../access/actor';
import { scopeOf } from '../access/scope';
import { ownHousehold, propose } from '../points/propose';
import { fileReport } from '../points/reports';
import { object } from '../points/review';

const proposals = [
  { ruleCode: 'H03', reason: '参加村里组织的清理河道志愿活动' },
  { ruleCode: 'H04', reason: '主动配合入户核酸登记，提供全家行程' },
  { ruleCode: 'H03', reason: '重阳节到敬老院帮忙打扫、陪老人聊天' },
];

/** The accounts of the first grid members of the active structure, in node order. */
async function gridMemberActors(ctx: Ctx, villageId: string, n: number): Promise<Actor[]> {
  const rows = await ctx.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
    .innerJoin('accounts', 'accounts.personId', 'posts.personId')
    .select(['accounts.id', 'nodes.code'])
    .where('structures.villageId', '=', villageId)
    .where('structures.status', '=', 'active')
    .where('posts.role', '=', 'gridMember')
    .where('posts.validTo', 'is', null)
    .orderBy('nodes.code')
    .orderBy('accounts.login')
    .execute();
  const ids = [...new Set(rows.map((r) => r.id))].slice(0, n);
  return (await Promise.all(ids.map((id) => loadActor(ctx.db, id, {})))).filter((a): a is Actor => !!a);
}

/** The households of a grid member's grids, by number. */
async function householdsOf(ctx: Ctx, actor: Actor) {
  const rows = await ctx.db
    .selectFrom('assignments')
    .innerJoin('households', 'households.id', 'assignments.householdId')
    .select(['households.id'])
    .where(
      'assignments.nodeId',
      'in',
      actor.posts.filter((p) => p.role === 'gridMember').map((p) => p.nodeId),
    )
    .where('households.kind', '=', 'household')
    .orderBy('households.number')
    .execute();
  return rows.map((r) => r.id);
}

/** The demo account as the caller of a use case (its audit rows name it; the CLI loaded the demo). */
const as = (village: Village, actor: Actor): Caller => ({
  ...cliCaller(village, 'demo'),
  actor,
  scope: scopeOf(actor),
});

export async function createDemoWorkflow(ctx: Ctx, village: Village) {
  const villagerAccount = await ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('villageId', '=', village.id)
    .where('kind', '=', 'villager')
    .orderBy('login')
    .executeTakeFirst();
  const villager = villagerAccount ? await loadActor(ctx.db, villagerAccount.id, {}) : null;
  const spare = (id: string) => id !== villager?.householdId;

  // Proposals waiting for the evaluator (households the earlier demo history left alone).
  const members = await gridMemberActors(ctx, village.id, proposals.length);
  for (const [i, member] of members.entries()) {
    const own = await ownHousehold(ctx.db, member);
    const householdId = (await householdsOf(ctx, member)).filter((h) => spare(h) && h !== own).at(-1);
    if (householdId)
      await propose(ctx, as(village, member), {
        ...proposals[i],
        target: { kind: 'household', householdId },
        evidence: [],
      });
  }
  if (!villager) return { proposals: members.length, objections: 0, reports: 0 };

  // The latest entry in publication (on top of the board; not the villager's own household) has an open objection.
  const published = await ctx.db
    .selectFrom('pointsEntries')
    .innerJoin('pointsAccounts', 'pointsAccounts.id', 'pointsEntries.accountId')
    .select(['pointsEntries.id', 'pointsAccounts.householdId'])
    .where('pointsEntries.villageId', '=', village.id)
    .where('pointsEntries.status', '=', 'published')
    .where('pointsAccounts.kind', '=', 'household')
    .orderBy('pointsEntries.seq', 'desc')
    .execute();
  const target = published.find((e) => e.householdId && spare(e.householdId));
  if (target)
    await object(ctx, as(village, villager), {
      entryId: target.id,
      reason: '这户门前的柴草一直乱堆，评分偏高，请核实',
    });

  // The villager reports their household's grid member.
  const subject = await ctx.db
    .selectFrom('assignments')
    .innerJoin('structures', 'structures.id', 'assignments.structureId')
    .innerJoin('posts', (j) =>
      j.onRef('posts.nodeId', '=', 'assignments.nodeId').onRef('posts.structureId', '=', 'assignments.structureId'),
    )
    .select('posts.personId')
    .where('assignments.householdId', '=', villager.householdId ?? '')
    .where('structures.status', '=', 'active')
    .where('posts.role', '=', 'gridMember')
    .where('posts.validTo', 'is', null)
    .orderBy('posts.personId')
    .executeTakeFirst();
  if (subject)
    await fileReport(ctx, as(village, villager), {
      subjectPersonId: subject.personId,
      description: '网格员上门登记时只在门口问了两句，没有进院查看就记了分',
      evidence: [],
    });
  return { proposals: members.length, objections: target ? 1 : 0, reports: subject ? 1 : 0 };
}
