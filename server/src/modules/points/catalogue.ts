/**
 * The rule catalogue: versioned items. Changing an item supersedes its current version with a new
 * one; entries keep pointing at the version they were made under, so the past never changes.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import type { Executor } from '../../db/database';
import type { PointsAccountKind, PointsRule, Role, RuleEntryKind } from '../../db/types';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { nameOrThrow } from '../../lib/text';

export interface RuleInput {
  code: string;
  accountKind: PointsAccountKind;
  entryKind: RuleEntryKind;
  name: string;
  points: number;
  evidenceRequired: boolean;
  periodLimit: number | null;
  proposers: Role[];
  needsReview: boolean;
  needsPublication: boolean;
  active?: boolean;
}

/** A rule as the API shows it (booleans, the proposers' list; the author is named by ruleVersions). */
export const presentRule = ({ createdBy: _by, ...r }: PointsRule) => ({
  ...r,
  evidenceRequired: r.evidenceRequired === 1,
  needsReview: r.needsReview === 1,
  needsPublication: r.needsPublication === 1,
  active: r.active === 1,
  proposers: JSON.parse(r.proposers) as Role[],
});

/** The rule as stored: its name cleaned (lib/text.ts), its kinds and points consistent. */
function check(input: RuleInput): RuleInput {
  if (input.entryKind === 'redline' && input.accountKind !== 'member')
    throw badRequest(
      'REDLINE_MEMBERS_ONLY',
      '红线清零只适用于网格员账户',
      'Red-line zeroing applies to grid member accounts only',
      'entryKind',
    );
  if (input.entryKind !== 'redline' && input.points <= 0)
    throw badRequest(
      'POINTS_POSITIVE',
      '分值须为正数，正负由类别决定',
      'Points must be positive; the kind gives the sign',
      'points',
    );
  return { ...input, name: nameOrThrow(input.name, 'name', { max: 100 }) };
}

const row = (villageId: string, input: RuleInput, version: number, now: number, by: string | null): PointsRule => ({
  id: newId(),
  villageId,
  code: input.code,
  version,
  accountKind: input.accountKind,
  entryKind: input.entryKind,
  name: input.name,
  points: input.entryKind === 'redline' ? 0 : input.points,
  evidenceRequired: input.evidenceRequired ? 1 : 0,
  periodLimit: input.periodLimit,
  proposers: JSON.stringify(input.proposers),
  needsReview: input.needsReview ? 1 : 0,
  needsPublication: input.needsPublication ? 1 : 0,
  active: input.active === false ? 0 : 1,
  createdAt: now,
  supersededAt: null,
  createdBy: by,
});

export async function currentRule(db: Executor, villageId: string, code: string): Promise<PointsRule> {
  const r = await db
    .selectFrom('pointsRules')
    .selectAll()
    .where('villageId', '=', villageId)
    .where('code', '=', code)
    .where('supersededAt', 'is', null)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: `积分细则 ${code}`, en: `Rule ${code}` }, 'ruleCode');
  return r;
}

export async function listRules(ctx: Ctx, villageId: string, history = false) {
  let q = ctx.db.selectFrom('pointsRules').selectAll().where('villageId', '=', villageId);
  if (!history) q = q.where('supersededAt', 'is', null);
  return (await q.orderBy('code').orderBy('version').execute()).map(presentRule);
}

/** Every version of a rule, oldest first, each with its author's name when known. */
export async function ruleVersions(ctx: Ctx, villageId: string, code: string) {
  const rows = await ctx.db
    .selectFrom('pointsRules')
    .leftJoin('accounts', 'accounts.id', 'pointsRules.createdBy')
    .selectAll('pointsRules')
    .select('accounts.displayName as createdByName')
    .where('pointsRules.villageId', '=', villageId)
    .where('pointsRules.code', '=', code)
    .orderBy('pointsRules.version')
    .execute();
  if (!rows.length) throw notFound({ zh: `积分细则 ${code}`, en: `Rule ${code}` }, 'code');
  return rows.map(({ createdByName, ...r }) => ({ ...presentRule(r), createdByName: createdByName ?? null }));
}

/** The catalogue changed: the whole village (the rules are public, like the board). */
function rulesChanged(w: Write, villageId: string, r: PointsRule) {
  w.emit({
    villageId,
    type: 'points.rules.changed',
    subjectType: 'points_rule',
    subjectId: r.id,
    audience: 'all',
    payload: { code: r.code, version: r.version },
  });
}

/** Add a rule (a write inside another, such as a catalogue import, joins it). */
export async function createRule(ctx: Ctx, caller: Caller, given: RuleInput) {
  const village = villageOf(caller);
  const input = check(given);
  return write(ctx, caller, async (w) => {
    const exists = await w.trx
      .selectFrom('pointsRules')
      .select('id')
      .where('villageId', '=', village.id)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (exists)
      throw conflict(
        'RULE_CODE_TAKEN',
        `细则编号 ${input.code} 已存在`,
        `Rule code ${input.code} already exists`,
        'code',
      );
    const r = row(village.id, input, 1, w.now, caller.actor?.accountId ?? null);
    await w.trx.insertInto('pointsRules').values(r).execute();
    w.audit({ action: 'points.rule.create', targetType: 'points_rule', targetId: r.id, after: presentRule(r) });
    rulesChanged(w, village.id, r);
    return presentRule(r);
  });
}

/** Revise a rule: its current version is superseded by a new one. */
export async function reviseRule(ctx: Ctx, caller: Caller, given: RuleInput) {
  const village = villageOf(caller);
  const input = check(given);
  return write(ctx, caller, async (w) => {
    const cur = await currentRule(w.trx, village.id, input.code);
    const res = await w.trx
      .updateTable('pointsRules')
      .set({ supersededAt: w.now })
      .where('id', '=', cur.id)
      .where('supersededAt', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1)
      throw new AppError(
        409,
        'CONCURRENT_EDIT',
        '细则已被他人修改，请刷新后重试',
        'The rule was changed by someone else; reload and retry',
      );
    const r = row(village.id, input, cur.version + 1, w.now, caller.actor?.accountId ?? null);
    await w.trx.insertInto('pointsRules').values(r).execute();
    w.audit({
      action: 'points.rule.revise',
      targetType: 'points_rule',
      targetId: r.id,
      before: presentRule(cur),
      after: presentRule(r),
    });
    rulesChanged(w, village.id, r);
    return presentRule(r);
  });
}
