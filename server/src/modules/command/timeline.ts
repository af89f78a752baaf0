/**
 * The timeline figures of a response (复盘), computed from the recorded facts: per instruction,
 * the times from sending (of its current round) to 50 / 90 / 100 % of acknowledgements, and the
 * reminders and escalations made; per muster, the times to 50 / 90 / 100 % of arrivals.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { pathInScope } from '../access/scope';
import type { Timeline } from './contracts';
import { timelineMusters } from './muster-timeline';
import { presentResponse } from './present';
import { getResponse } from './repo';
import { timeToShare } from './rules';
import { outsideScope } from './scope';

export async function responseTimeline(ctx: Ctx, caller: Caller, responseId: string): Promise<Timeline> {
  const village = villageOf(caller);
  const r = await getResponse(ctx.db, village.id, responseId);
  if (!pathInScope(caller.scope, r.path) && !caller.scope.paths.some((p) => p.startsWith(r.path)))
    throw outsideScope('responseId');
  const instructions = await ctx.db
    .selectFrom('commandInstructions')
    .selectAll()
    .where('villageId', '=', village.id)
    .where('responseId', '=', r.id)
    .orderBy('firstSentAt')
    .execute();
  const out: Timeline['instructions'] = [];
  for (const i of instructions) {
    const [acks, made] = await Promise.all([
      ctx.db
        .selectFrom('commandAcks')
        .select('at')
        .where('instructionId', '=', i.id)
        .where('round', '=', i.round)
        .execute(),
      ctx.db
        .selectFrom('commandEscalations')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .where('instructionId', '=', i.id)
        .groupBy('kind')
        .execute(),
    ]);
    const times = acks.map((a) => Number(a.at));
    const n = (k: string) => Number(made.find((m) => m.kind === k)?.n ?? 0);
    out.push({
      id: i.id,
      text: i.text,
      round: i.round,
      sentAt: i.sentAt,
      status: i.status,
      recipients: i.recipients,
      delivered: i.delivered,
      read: i.read,
      acknowledged: i.acknowledged,
      to50Ms: timeToShare(times, i.recipients, i.sentAt, 0.5),
      to90Ms: timeToShare(times, i.recipients, i.sentAt, 0.9),
      to100Ms: timeToShare(times, i.recipients, i.sentAt, 1),
      reminders: n('reminder'),
      escalations: n('escalation'),
    });
  }
  return { response: presentResponse(r), instructions: out, musters: await timelineMusters(ctx.db, village.id, r.id) };
}
