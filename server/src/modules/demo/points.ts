/**
 * The demo village's points: settings and the current year, a realistic rule catalogue, the shop,
 * every grid member's account opened with the base, and some history on the board — entries
 * final and published — and work waiting (proposals, an objection, a report: points-workflow.ts),
 * so every screen has something to show.
 */
import type { Ctx } from '../../context';
import { cliCaller } from '../../core/caller';
import { write } from '../../core/write';
import type { Role } from '../../db/types';
import { newId } from '../../lib/ids';
import { accountFor, openMemberAccounts } from '../points/accounts';
import { createRule, type RuleInput } from '../points/catalogue';
import { takeEffect, type EffectInput } from '../points/ledger';
import { signOf } from '../points/rules';
import { ensurePoints, getSettings, openPeriod } from '../points/settings';
import { createItem } from '../points/shop';
import { createDemoWorkflow } from './points-workflow';

const r = (
  code: string,
  accountKind: RuleInput['accountKind'],
  entryKind: RuleInput['entryKind'],
  name: string,
  points: number,
  proposers: Role[],
  extra: Partial<RuleInput> = {},
): RuleInput => ({
  code,
  accountKind,
  entryKind,
  name,
  points,
  proposers,
  evidenceRequired: false,
  periodLimit: null,
  needsReview: true,
  needsPublication: true,
  ...extra,
});

export const demoRules: RuleInput[] = [
  r('M01', 'member', 'positive', '入户走访并登记 / household visit recorded', 2, ['gridMember', 'gridLeader'], {
    evidenceRequired: true,
    periodLimit: 200,
  }),
  r(
    'M02',
    'member',
    'positive',
    '及时发现并上报隐患 / hazard found and reported in time',
    5,
    ['gridMember', 'gridLeader'],
    { evidenceRequired: true },
  ),
  r('M03', 'member', 'positive', '参加村级集中行动 / took part in a village campaign', 10, [
    'gridLeader',
    'branchLeader',
    'chief',
  ]),
  r('M04', 'member', 'bonus', '疫情防控突出贡献 / outstanding work in the epidemic', 50, ['chief', 'evaluator']),
  r('M05', 'member', 'deduction', '指令未按时回复 / instruction not acknowledged in time', 5, [
    'gridLeader',
    'branchLeader',
    'chief',
    'evaluator',
  ]),
  r('M06', 'member', 'deduction', '群众举报查实 / villager report substantiated', 20, ['evaluator']),
  r('M07', 'member', 'redline', '触碰红线（弄虚作假、严重违纪）/ red line crossed', 0, ['chief', 'evaluator']),
  r('H01', 'household', 'positive', '庭院整洁 / tidy courtyard', 5, ['gridMember'], {
    evidenceRequired: true,
    periodLimit: 12,
  }),
  r('H02', 'household', 'positive', '垃圾分类达标 / waste sorted correctly', 2, ['gridMember'], {
    periodLimit: 50,
    needsReview: false,
  }),
  r('H03', 'household', 'positive', '参加志愿服务 / volunteer work', 10, ['gridMember', 'gridLeader'], {
    periodLimit: 10,
  }),
  r('H04', 'household', 'positive', '配合疫情防控 / cooperated with epidemic control', 5, ['gridMember']),
  r('H05', 'household', 'deduction', '乱堆乱放 / rubbish piled in the lane', 5, ['gridMember', 'gridLeader']),
  r('H06', 'household', 'deduction', '私搭乱建 / illegal construction', 20, ['gridLeader', 'chief']),
  r('H07', 'household', 'bonus', '好人好事 / good deed', 20, ['chief', 'evaluator']),
];

const goods = [
  { name: '香皂 / soap', price: 5, stock: 200 },
  { name: '毛巾 / towel', price: 8, stock: 150 },
  { name: '洗衣粉 / washing powder', price: 10, stock: 120 },
  { name: '面粉 5kg / flour', price: 30, stock: 80 },
  { name: '大米 10kg / rice', price: 40, stock: 60 },
  { name: '食用油 5L / cooking oil', price: 50, stock: 40 },
];

export async function createDemoPoints(ctx: Ctx, villageId: string) {
  const village = await ctx.db.selectFrom('villages').selectAll().where('id', '=', villageId).executeTakeFirstOrThrow();
  // Written like any other write (audited, announced); entries in publication get their finalisation jobs.
  const caller = cliCaller(village, 'demo');
  await ensurePoints(ctx, villageId);
  for (const rule of demoRules) await createRule(ctx, caller, rule);
  for (const g of goods) await createItem(ctx, caller, g);
  const rules = new Map(
    (await ctx.db.selectFrom('pointsRules').selectAll().where('villageId', '=', villageId).execute()).map((x) => [
      x.code,
      x,
    ]),
  );
  const accountOfPerson = new Map(
    (await ctx.db.selectFrom('accounts').select(['id', 'personId']).where('villageId', '=', villageId).execute()).map(
      (a) => [a.personId, a.id],
    ),
  );
  const evaluator = await ctx.db
    .selectFrom('posts')
    .innerJoin('structures', 'structures.id', 'posts.structureId')
    .select('posts.personId')
    .where('structures.villageId', '=', villageId)
    .where('structures.status', '=', 'active')
    .where('posts.role', '=', 'evaluator')
    .executeTakeFirst();
  const evaluatorAccount = evaluator ? (accountOfPerson.get(evaluator.personId) ?? null) : null;

  await write(ctx, caller, async (w) => {
    const trx = w.trx;
    const period = await openPeriod(trx, villageId);
    await openMemberAccounts(ctx, w, villageId, period.id);
    const s = await getSettings(trx, villageId);
    // Each grid member has scored a few of their households; some entries are still on the board.
    const grids = await trx
      .selectFrom('posts')
      .innerJoin('structures', 'structures.id', 'posts.structureId')
      .innerJoin('assignments', (j) =>
        j.onRef('assignments.nodeId', '=', 'posts.nodeId').onRef('assignments.structureId', '=', 'posts.structureId'),
      )
      .select(['posts.personId', 'assignments.householdId'])
      .where('structures.villageId', '=', villageId)
      .where('structures.status', '=', 'active')
      .where('posts.role', '=', 'gridMember')
      .where('posts.validTo', 'is', null)
      .orderBy('posts.personId')
      .orderBy('assignments.householdId')
      .execute();
    const byMember = new Map<string, string[]>();
    for (const g of grids) byMember.set(g.personId, [...(byMember.get(g.personId) ?? []), g.householdId]);
    const now = w.now;
    let n = 0;
    // One batch for the whole history (one look-up of where each entry's event goes).
    const history: EffectInput[] = [];
    for (const [personId, households] of byMember) {
      const proposer = accountOfPerson.get(personId) ?? null;
      for (const [i, householdId] of households.slice(0, 4).entries()) {
        const code = ['H01', 'H02', 'H03', 'H05'][i];
        const rule = rules.get(code)!;
        const account = await accountFor(ctx, w, villageId, period.id, { kind: 'household', householdId });
        const recent = n++ % 7 === 0;
        history.push({
          id: newId(),
          existing: false,
          accountId: account.id,
          kind: rule.entryKind,
          ruleId: rule.id,
          requested: signOf(rule.entryKind) * rule.points,
          reason: rule.name.split(' / ')[0],
          evidence: [],
          status: recent ? 'published' : 'final',
          proposedBy: proposer,
          approvedBy: rule.needsReview ? evaluatorAccount : null,
          publishedUntil: recent ? now + s.publicationDays * 86_400_000 : now - 86_400_000,
        });
      }
      const member = await accountFor(ctx, w, villageId, period.id, { kind: 'member', personId });
      const visit = rules.get('M01')!;
      history.push({
        id: newId(),
        existing: false,
        accountId: member.id,
        kind: 'positive',
        ruleId: visit.id,
        requested: visit.points * (1 + (n % 5)),
        reason: '入户走访 / household visits',
        evidence: [],
        status: 'final',
        proposedBy: proposer,
        approvedBy: evaluatorAccount,
      });
    }
    await takeEffect(ctx, w, villageId, history);
  });
  const waiting = await createDemoWorkflow(ctx, village);
  return { rules: demoRules.length, goods: goods.length, ...waiting };
}
