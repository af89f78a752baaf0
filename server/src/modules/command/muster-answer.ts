/**
 * Answers to a muster from the phone: on my way / cannot come (with a reason); arrived by posting
 * the token of the QR code at the place; or arrived as recorded by a leader there, for someone
 * in their subtree.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import { badRequest } from '../../lib/errors';
import { pathInScope } from '../access/scope';
import { recordMusterAnswer } from './muster-record';
import { getMuster, musterPerson, myMusterRow } from './muster-repo';
import type { MusterAnswerBody } from './muster-schema';
import { outsideScope, personInScope, scopeAt } from './scope';

export async function answerMuster(ctx: Ctx, caller: Caller, musterId: string, body: MusterAnswerBody) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const m = await getMuster(w.trx, village.id, musterId);
    const p = await myMusterRow(w.trx, m.id, caller);
    return recordMusterAnswer(w, m, p, { state: body.state, reason: body.reason ?? null });
  });
}

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function checkIn(ctx: Ctx, caller: Caller, musterId: string, token: string) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const m = await getMuster(w.trx, village.id, musterId);
    if (!sameToken(m.token, token))
      throw badRequest('MUSTER_TOKEN_INVALID', '签到码不正确', 'This is not the check-in code of the place', 'token');
    const p = await myMusterRow(w.trx, m.id, caller);
    return recordMusterAnswer(w, m, p, { state: 'arrived', via: 'qr' });
  });
}

export async function recordArrival(ctx: Ctx, caller: Caller, musterId: string, personId: string) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const m = await getMuster(w.trx, village.id, musterId);
    const p = await musterPerson(w.trx, m.id, personId);
    if (!(await personInScope(w.trx, caller, village.id, p.personId, p.path))) throw outsideScope('personId');
    return recordMusterAnswer(w, m, p, {
      state: 'arrived',
      via: 'leader',
      recordedBy: caller.actor?.name ?? caller.operator ?? '',
    });
  });
}

export async function closeMuster(ctx: Ctx, caller: Caller, musterId: string) {
  const village = villageOf(caller);
  return write(ctx, caller, async (w) => {
    const m = await getMuster(w.trx, village.id, musterId);
    if (!pathInScope(await scopeAt(w.trx, caller, m.structureId, m.openedAt), m.path)) throw outsideScope('musterId');
    if (m.status === 'closed') return { ok: true };
    await w.trx
      .updateTable('commandMusters')
      .set({ status: 'closed', closedAt: w.now })
      .where('id', '=', m.id)
      .execute();
    w.audit({ action: 'command.muster.close', targetType: 'commandMuster', targetId: m.id });
    w.emit({ type: 'command.muster.closed', subjectType: 'commandMuster', subjectId: m.id, path: m.path });
    return { ok: true };
  });
}
