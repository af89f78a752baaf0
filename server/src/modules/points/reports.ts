/**
 * Villager reports (群众举报) on a grid member: any villager may report with evidence; the
 * grid member never learns who reported; the evaluator rules; a substantiated report becomes a
 * deduction (or a red-line) on the member's account; the reporter sees the outcome.
 */
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import type { PointsReport, Village } from '../../db/types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import type { Actor } from '../access/actor';
import { accountFor } from './accounts';
import { currentRule } from './catalogue';
import { replayOf } from './idempotency';
import { takeEffect } from './ledger';
import { signOf } from './rules';
import { getSettings, openPeriod } from './settings';

/**
 * A villager reports a grid member. The client's id makes retries safe: the same id from the
 * same account with the same subject, description and evidence answers the first report again.
 */
export async function fileReport(
  ctx: Ctx,
  village: Village,
  actor: Actor,
  input: { id?: string; subjectPersonId: string; description: string; evidence: string[] },
) {
  const subject = await ctx.db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('id', '=', input.subjectPersonId)
    .where('villageId', '=', village.id)
    .executeTakeFirst();
  if (!subject) throw notFound({ zh: '网格员', en: 'Grid member' }, 'subjectPersonId');
  if (subject.id === actor.personId)
    throw badRequest('SELF_REPORT', '不能举报自己', 'You cannot report yourself', 'subjectPersonId');
  const id = input.id ?? newId();
  const expected = {
    villageId: village.id,
    reporterAccount: actor.accountId,
    subjectPersonId: subject.id,
    description: input.description,
    evidence: JSON.stringify(input.evidence),
  };
  const answer = (r: { id: string; status: PointsReport['status'] }, replayed: boolean) => ({
    report: { id: r.id, status: r.status, subject: subject.name },
    replayed,
  });
  const prior = replayOf(await reportById(ctx.db, id), expected);
  if (prior) return answer(prior, true);
  const res = await ctx.db
    .insertInto('pointsReports')
    .values({
      id,
      ...expected,
      status: 'open',
      ruleId: null,
      ruling: null,
      ruledBy: null,
      ruledAt: null,
      entryId: null,
      createdAt: ctx.clock.now(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  // A simultaneous retry recorded it first: answer that one.
  if (Number(res.numInsertedOrUpdatedRows ?? 0) !== 1)
    return answer(replayOf(await reportById(ctx.db, id), expected)!, true);
  auditNote({ action: 'points.report.file', targetType: 'points_report', targetId: id });
  return answer({ id, status: 'open' }, false);
}

const reportById = (db: Executor, id: string) =>
  db.selectFrom('pointsReports').selectAll().where('id', '=', id).executeTakeFirst();

/** What each party sees: the evaluator everything; the reporter their own reports; the subject no reporter. */
export async function listReports(ctx: Ctx, village: Village, actor: Actor) {
  const rows = await ctx.db
    .selectFrom('pointsReports')
    .innerJoin('people', 'people.id', 'pointsReports.subjectPersonId')
    .selectAll('pointsReports')
    .select('people.name as subjectName')
    .where('pointsReports.villageId', '=', village.id)
    .orderBy('pointsReports.createdAt', 'desc')
    .execute();
  const evaluator = actor.roles.includes('evaluator') || actor.roles.includes('chief');
  return rows
    .filter((r) => evaluator || r.reporterAccount === actor.accountId || r.subjectPersonId === actor.personId)
    .map((r) => {
      const mine = r.reporterAccount === actor.accountId;
      const { reporterAccount, ...rest } = r;
      return { ...rest, evidence: JSON.parse(r.evidence) as string[], mine, ...(evaluator ? { reporterAccount } : {}) };
    });
}

export async function ruleReport(
  ctx: Ctx,
  village: Village,
  actor: Actor,
  reportId: string,
  input: { substantiated: boolean; ruleCode?: string; ruling: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const r = await trx
      .selectFrom('pointsReports')
      .selectAll()
      .where('id', '=', reportId)
      .where('villageId', '=', village.id)
      .executeTakeFirst();
    if (!r) throw notFound({ zh: '举报', en: 'Report' }, 'reportId');
    if (r.status !== 'open')
      throw new AppError(409, 'WRONG_STATE', '该举报已处理', 'This report has already been ruled on', 'reportId');
    if (r.subjectPersonId === actor.personId)
      throw new AppError(
        409,
        'CONFLICT_OF_INTEREST_OWN_ACCOUNT',
        '不能处理针对自己的举报',
        'You cannot rule on a report about yourself',
      );
    let entryId: string | null = null;
    let ruleId: string | null = null;
    if (input.substantiated) {
      if (!input.ruleCode) throw badRequest('RULE_REQUIRED', '请选择扣分细则', 'Choose the deduction rule', 'ruleCode');
      const rule = await currentRule(trx, village.id, input.ruleCode);
      if (rule.accountKind !== 'member' || (rule.entryKind !== 'deduction' && rule.entryKind !== 'redline'))
        throw badRequest(
          'NOT_A_DEDUCTION',
          '须选择网格员的扣分或红线细则',
          'Choose a deduction or red-line rule for grid members',
          'ruleCode',
        );
      const period = await openPeriod(trx, village.id);
      const account = await accountFor(ctx, trx, village.id, period.id, {
        kind: 'member',
        personId: r.subjectPersonId,
      });
      const s = await getSettings(trx, village.id);
      const [e] = await takeEffect(ctx, trx, village.id, [
        {
          id: newId(),
          existing: false,
          accountId: account.id,
          kind: rule.entryKind,
          ruleId: rule.id,
          requested: signOf(rule.entryKind) * rule.points,
          reason: `群众举报查实 / substantiated report: ${input.ruling}`,
          evidence: JSON.parse(r.evidence),
          status: 'published',
          proposedBy: actor.accountId,
          approvedBy: actor.accountId,
          reportId: r.id,
          publishedUntil: ctx.clock.now() + s.publicationDays * 86_400_000,
        },
      ]);
      entryId = e.id;
      ruleId = rule.id;
    }
    const status = input.substantiated ? 'substantiated' : 'unfounded';
    await trx
      .updateTable('pointsReports')
      .set({ status, ruling: input.ruling, ruledBy: actor.accountId, ruledAt: ctx.clock.now(), entryId, ruleId })
      .where('id', '=', r.id)
      .execute();
    auditNote({
      action: 'points.report.rule',
      targetType: 'points_report',
      targetId: r.id,
      after: { status, entryId },
    });
    return { id: r.id, status, entryId };
  });
}
