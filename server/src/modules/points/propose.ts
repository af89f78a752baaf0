/**
 * Proposing an entry under a rule: who may, for whom, with what evidence, how often; retries with
 * the same client-made id have one effect (route-level idempotency). Rules that need no review
 * take effect at once.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write, type Write } from '../../core/write';
import type { Executor } from '../../db/database';
import type { PointsEntry } from '../../db/types';
import { AppError, badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { Actor } from '../access/actor';
import { pathInScope, type Scope } from '../access/scope';
import { accountFor, type Owner } from './accounts';
import { actorOf } from './caller';
import { memberInScope } from './members';
import { currentRule } from './catalogue';
import type { Addressee } from './events';
import { checkEvidence } from './evidence';
import { takeEffect } from './ledger';
import { activeGrids } from '../registry/grids';
import { proposalConflict, signOf } from './rules';
import { getSettings, openPeriod } from './settings';

export interface ProposalInput {
  /** The client's id: the route's idempotency key (never the entry's id). */
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

/**
 * The household proposed for, when the caller may see it (else "not found", like the registry),
 * with its grid path in the active structure (where the entry's events go): one query, the grid's
 * path from the active structure's cached grids (registry/grids.ts).
 */
async function householdTarget(ctx: Ctx, w: Write, villageId: string, scope: Scope, householdId: string) {
  const grids = await activeGrids(ctx, villageId, w);
  const h = await w.trx
    .selectFrom('households')
    .leftJoin('assignments', (j) =>
      j
        .onRef('assignments.householdId', '=', 'households.id')
        .on('assignments.structureId', '=', grids?.structureId ?? ''),
    )
    .select(['households.id', 'assignments.nodeId'])
    .where('households.id', '=', householdId)
    .where('households.villageId', '=', villageId)
    .executeTakeFirst();
  const path = (h?.nodeId && grids?.byId.get(h.nodeId)?.path) || null;
  const visible = h && (scope.all || scope.householdId === h.id || (!scope.householdId && pathInScope(scope, path)));
  if (!visible) throw notFound({ zh: '户', en: 'Household' }, 'householdId');
  return { householdId: h.id, path };
}

/**
 * Propose an entry. Retry-safe at the route (the client's id is the idempotency key; the entry's
 * id is the server's): the return value is the response body.
 */
export async function propose(ctx: Ctx, caller: Caller, input: ProposalInput): Promise<PointsEntry> {
  const village = villageOf(caller);
  const actor = actorOf(caller);
  return write(ctx, caller, async (w) => {
    const trx = w.trx;
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
    await checkEvidence(trx, village.id, input.evidence);

    const target = input.target;
    let to: Addressee;
    if (target.kind === 'household') to = await householdTarget(ctx, w, village.id, caller.scope, target.householdId);
    else {
      const member = await memberInScope(trx, village.id, caller, target.personId, 'target');
      to = { householdId: member.householdId, path: member.path };
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

    // Shared on PostgreSQL: a settlement closing the year waits for this proposal, then sees it.
    const period = await openPeriod(trx, village.id, ctx.database.backend === 'postgres');
    const account = await accountFor(ctx, w, village.id, period.id, target);
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
      id: newId(),
      accountId: account.id,
      kind: rule.entryKind,
      ruleId: rule.id,
      requested,
      reason: input.reason,
      evidence: input.evidence,
      proposedBy: actor.accountId,
      createdAt: w.now,
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
        idempotencyKey: null,
        payloadHash: null,
        decidedAt: null,
        publishedUntil: null,
        finalAt: null,
        seq: null,
        prevHash: null,
        hash: null,
      };
      await trx.insertInto('pointsEntries').values(entry).execute();
      w.emit({
        type: 'points.entry.proposed',
        subjectType: 'points_entry',
        subjectId: entry.id,
        householdId: to.householdId,
        path: to.path,
        payload: { status: 'proposed', kind: entry.kind, accountId: entry.accountId },
      });
    } else {
      const s = await getSettings(trx, village.id);
      const publish = rule.needsPublication === 1;
      [entry] = await takeEffect(ctx, w, village.id, [
        {
          ...base,
          existing: false,
          status: publish ? 'published' : 'final',
          approvedBy: null,
          reviewNote: '细则无需审核 / no review required',
          publishedUntil: publish ? w.now + s.publicationDays * 86_400_000 : null,
          to,
        },
      ]);
    }
    w.audit({ action: 'points.propose', targetType: 'points_entry', targetId: entry.id, after: entry });
    return entry;
  });
}
