/**
 * Proposing an entry under a rule: who may, for whom, with what evidence, how often; retries with
 * the same client-made id have one effect. Rules that need no review take effect at once.
 */
import type { Ctx } from '../../context';
import type { Executor } from '../../db/database';
import type { PointsEntry, Village } from '../../db/types';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { auditNote } from '../../lib/request-context';
import type { Actor } from '../access/actor';
import type { Scope } from '../access/scope';
import { householdInScope } from '../registry/scoped';
import { accountFor, type Owner } from './accounts';
import { currentRule } from './catalogue';
import { replayOf } from './idempotency';
import { takeEffect } from './ledger';
import { payloadHash, proposalConflict, signOf } from './rules';
import { getSettings, openPeriod } from './settings';

export interface ProposalInput {
  /** Client-made id: the idempotency key. */
  id?: string;
  ruleCode: string;
  target: Owner;
  reason: string;
  evidence: string[];
}

const conflictMessages = {
  OWN_ACCOUNT: [
    '不能为自己的账户记分（自报工作须经评定员审核）',
    'You cannot score your own account (self-reports go to the evaluator)',
  ],
  OWN_HOUSEHOLD: ['网格员不能为自己家记分', 'A grid member cannot score their own household'],
  OWN_PROPOSAL: ['不能审核自己提出的积分', 'Nobody approves their own proposal'],
} as const;

export function conflictError(c: keyof typeof conflictMessages) {
  return new AppError(409, `CONFLICT_OF_INTEREST_${c}`, conflictMessages[c][0], conflictMessages[c][1]);
}

/** The household a staff member lives in (for the own-household rule). */
export async function ownHousehold(db: Executor, actor: Actor): Promise<string | null> {
  if (actor.householdId) return actor.householdId;
  if (!actor.personId) return null;
  const r = await db
    .selectFrom('people')
    .innerJoin('residents', 'residents.id', 'people.residentId')
    .select('residents.householdId')
    .where('people.id', '=', actor.personId)
    .executeTakeFirst();
  return r?.householdId ?? null;
}

/** Returns the already-recorded entry for a retried request, or null for a new one. */
async function replayed(db: Executor, villageId: string, key: string, hash: string): Promise<PointsEntry | null> {
  const prior = await db
    .selectFrom('pointsEntries')
    .selectAll()
    .where('villageId', '=', villageId)
    .where('idempotencyKey', '=', key)
    .executeTakeFirst();
  return replayOf(prior, { payloadHash: hash });
}

export async function propose(
  ctx: Ctx,
  village: Village,
  actor: Actor,
  scope: Scope,
  input: ProposalInput,
): Promise<{ entry: PointsEntry; replayed: boolean }> {
  const key = input.id ?? newId();
  const hash = payloadHash({
    ruleCode: input.ruleCode,
    target: input.target,
    reason: input.reason,
    evidence: input.evidence,
    by: actor.accountId,
  });
  return ctx.db.transaction().execute(async (trx) => {
    const prior = await replayed(trx, village.id, key, hash);
    if (prior) return { entry: prior, replayed: true };
    const rule = await currentRule(trx, village.id, input.ruleCode);
    if (!rule.active) throw badRequest('RULE_INACTIVE', '该细则已停用', 'This rule is no longer in use', 'ruleCode');
    if (rule.accountKind !== input.target.kind)
      throw badRequest(
        'RULE_TARGET_MISMATCH',
        '细则与记分对象不符',
        'The rule does not apply to this kind of account',
        'target',
      );
    const proposers = JSON.parse(rule.proposers) as string[];
    if (!actor.roles.some((r) => proposers.includes(r)))
      throw new AppError(
        403,
        'NOT_A_PROPOSER',
        '您的岗位不能提出此项积分',
        'Your post may not propose this item',
        'ruleCode',
      );
    if (rule.evidenceRequired && input.evidence.length === 0)
      throw badRequest('EVIDENCE_REQUIRED', '此项须附照片等证据', 'This item needs evidence (a photo)', 'evidence');

    const target = input.target;
    if (target.kind === 'household') await householdInScope(trx, village.id, scope, target.householdId);
    else {
      const person = await trx
        .selectFrom('people')
        .select('id')
        .where('id', '=', target.personId)
        .where('villageId', '=', village.id)
        .executeTakeFirst();
      if (!person) throw notFound({ zh: '网格员', en: 'Grid member' }, 'target');
    }
    const selfReport = target.kind === 'member' && target.personId === actor.personId;
    const c = proposalConflict({
      proposerPersonId: actor.personId,
      proposerHouseholdId: await ownHousehold(trx, actor),
      target: {
        kind: target.kind,
        personId: target.kind === 'member' ? target.personId : null,
        householdId: target.kind === 'household' ? target.householdId : null,
      },
    });
    if (c && !(c === 'OWN_ACCOUNT' && selfReport && rule.entryKind !== 'redline')) throw conflictError(c);

    const period = await openPeriod(trx, village.id);
    const account = await accountFor(ctx, trx, village.id, period.id, target);
    if (rule.periodLimit !== null) {
      const [{ n }] = await trx
        .selectFrom('pointsEntries')
        .innerJoin('pointsRules', 'pointsRules.id', 'pointsEntries.ruleId')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('pointsEntries.accountId', '=', account.id)
        .where('pointsRules.code', '=', rule.code)
        .where('pointsEntries.status', 'not in', ['rejected', 'overturned'])
        .execute();
      if (Number(n) >= rule.periodLimit)
        throw conflict(
          'PERIOD_LIMIT',
          `此项本年度最多 ${rule.periodLimit} 次，已达上限`,
          `This item is limited to ${rule.periodLimit} per period; the limit is reached`,
          'ruleCode',
        );
    }
    const requested = signOf(rule.entryKind) * rule.points;
    const base = {
      id: key,
      accountId: account.id,
      kind: rule.entryKind,
      ruleId: rule.id,
      requested,
      reason: input.reason,
      evidence: input.evidence,
      proposedBy: actor.accountId,
      idempotencyKey: key,
      payloadHash: hash,
      createdAt: ctx.clock.now(),
    };
    let entry: PointsEntry;
    if (rule.needsReview || selfReport) {
      entry = {
        ...base,
        villageId: village.id,
        periodId: period.id,
        evidence: JSON.stringify(input.evidence),
        effective: 0,
        balanceAfter: null,
        status: 'proposed',
        approvedBy: null,
        reviewNote: null,
        reverses: null,
        reportId: null,
        decidedAt: null,
        publishedUntil: null,
        finalAt: null,
        seq: null,
        prevHash: null,
        hash: null,
      };
      await trx.insertInto('pointsEntries').values(entry).execute();
    } else {
      const s = await getSettings(trx, village.id);
      const publish = rule.needsPublication === 1;
      [entry] = await takeEffect(ctx, trx, village.id, [
        {
          ...base,
          existing: false,
          status: publish ? 'published' : 'final',
          approvedBy: null,
          reviewNote: '细则无需审核 / no review required',
          publishedUntil: publish ? ctx.clock.now() + s.publicationDays * 86_400_000 : null,
        },
      ]);
    }
    auditNote({ action: 'points.propose', targetType: 'points_entry', targetId: entry.id, after: entry });
    return { entry, replayed: false };
  });
}
