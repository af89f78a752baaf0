/**
 * Villager reports (群众举报) on a grid member: any villager may report with evidence; the
 * grid member never learns who reported; the evaluator rules; a substantiated report becomes a
 * deduction (or a red-line) on the member's account; the reporter sees the outcome.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import type { Village } from '../../db/types';
import { AppError, badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { Actor } from '../access/actor';
import { accountFor } from './accounts';
import { actorOf } from './caller';
import { checkEvidence } from './evidence';
import { reportableSubject } from './members';
import { currentRule } from './catalogue';
import { addresseesOf } from './events';
import { takeEffect } from './ledger';
import { signOf } from './rules';
import { getSettings, openPeriod } from './settings';

/**
 * A report's event: to the staff over the grid member reported on (the member too: they may
 * know that there is a report, never who made it) and to the reporter.
 */
async function reportEvent(
  w: Write,
  villageId: string,
  type: string,
  r: { id: string; subjectPersonId: string; reporterAccount: string },
  payload: Record<string, unknown>,
) {
  const to = (await addresseesOf(w.trx, villageId, [{ personId: r.subjectPersonId, householdId: null }]))({
    personId: r.subjectPersonId,
    householdId: null,
  });
  w.emit({
    type,
    subjectType: 'points_report',
    subjectId: r.id,
    path: to.path,
    accountId: r.reporterAccount,
    payload,
  });
}

/**
 * A villager reports a grid member. Retry-safe at the route (the client's id is the idempotency
 * key; the report's id is the server's): the return value is the response body.
 */
export async function fileReport(
  ctx: Ctx,
  caller: Caller,
  input: { subjectPersonId: string; description: string; evidence: string[] },
) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const { personId } = await reportableSubject(w.trx, village.id, caller, input.subjectPersonId, 'subjectPersonId');
    if (personId === actor.personId)
      throw badRequest('SELF_REPORT', '不能举报自己', 'You cannot report yourself', 'subjectPersonId');
    await checkEvidence(w.trx, village.id, input.evidence);
    const subject = await w.trx
      .selectFrom('people')
      .select(['id', 'name'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    const row = {
      id: newId(),
      villageId: village.id,
      reporterAccount: actor.accountId,
      subjectPersonId: subject.id,
      description: input.description,
      evidence: JSON.stringify(input.evidence),
      status: 'open' as const,
      ruleId: null,
      ruling: null,
      ruledBy: null,
      ruledAt: null,
      entryId: null,
      createdAt: w.now,
    };
    await w.trx.insertInto('pointsReports').values(row).execute();
    w.audit({ action: 'points.report.file', targetType: 'points_report', targetId: row.id });
    await reportEvent(w, village.id, 'points.report.filed', row, { status: 'open' });
    return { id: row.id, status: row.status, subject: subject.name };
  });
}

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
  caller: Caller,
  input: { reportId: string; substantiated: boolean; ruleCode?: string; ruling: string },
) {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
    const r = await trx
      .selectFrom('pointsReports')
      .selectAll()
      .where('id', '=', input.reportId)
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
      const account = await accountFor(ctx, w, village.id, period.id, {
        kind: 'member',
        personId: r.subjectPersonId,
      });
      const s = await getSettings(trx, village.id);
      const [e] = await takeEffect(ctx, w, village.id, [
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
          publishedUntil: w.now + s.publicationDays * 86_400_000,
        },
      ]);
      entryId = e.id;
      ruleId = rule.id;
    }
    const status = input.substantiated ? 'substantiated' : 'unfounded';
    const res = await trx
      .updateTable('pointsReports')
      .set({ status, ruling: input.ruling, ruledBy: actor.accountId, ruledAt: w.now, entryId, ruleId })
      .where('id', '=', r.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(409, 'WRONG_STATE', '该举报已处理', 'This report has already been ruled on', 'reportId');
    await reportEvent(w, village.id, 'points.report.ruled', r, { status, entryId });
    w.audit({
      action: 'points.report.rule',
      targetType: 'points_report',
      targetId: r.id,
      after: { status, entryId },
    });
    return { id: r.id, status, entryId };
  });
}
