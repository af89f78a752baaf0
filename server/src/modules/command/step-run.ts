/**
 * A due reminder or escalation step of one round. It looks at who is outstanding NOW (an
 * acknowledgement stops everything after it), then: a reminder to each outstanding recipient, or
 * one message per leader at the step's level listing their outstanding people. Each addressee is
 * recorded in `command_escalations` (unique per round, step and person), so a step that runs
 * again sends nothing twice.
 */
import type { Write } from '../../core/write';
import { newId } from '../../lib/ids';
import { send } from './outbound';
import { leadersByNode } from './repo';
import { escalationGroups, stepLevel, type Step } from './rules';

export async function runStep(w: Write, p: { instructionId: string; round: number; step: number }) {
  const i = await w.trx
    .selectFrom('commandInstructions')
    .selectAll()
    .where('id', '=', p.instructionId)
    .executeTakeFirst();
  if (!i || i.status !== 'open' || i.round !== p.round) return; // cancelled or amended since
  const step = (JSON.parse(i.schedule) as Step[])[p.step];
  if (!step) return;
  const outstanding = await w.trx
    .selectFrom('commandRecipients')
    .selectAll()
    .where('instructionId', '=', i.id)
    .where((eb) => eb.or([eb('ackRound', 'is', null), eb('ackRound', '!=', i.round)]))
    .execute();
  if (!outstanding.length) return;
  const level = stepLevel(step);

  let messages: { personId: string; accountId: string | null; path: string | null; ids: string[] }[];
  if (level === 0) {
    messages = outstanding.map((r) => ({ personId: r.personId, accountId: r.accountId, path: r.path, ids: [r.id] }));
  } else {
    const groups = escalationGroups(outstanding, level, await leadersByNode(w.trx, i.structureId));
    const leaders = [...groups.keys()];
    const accounts = new Map<string, string>();
    if (leaders.length)
      for (const a of await w.trx
        .selectFrom('accounts')
        .select(['id', 'personId'])
        .where('personId', 'in', leaders)
        .where('status', '=', 'active')
        .execute())
        if (a.personId) accounts.set(a.personId, a.id);
    messages = [...groups].map(([personId, rs]) => ({
      personId,
      accountId: accounts.get(personId) ?? null,
      path: null,
      ids: rs.map((r) => r.id),
    }));
  }
  const kind = level === 0 ? ('reminder' as const) : ('escalation' as const);
  for (let k = 0; k < messages.length; k += 200)
    await w.trx
      .insertInto('commandEscalations')
      .values(
        messages.slice(k, k + 200).map((m) => ({
          id: newId(),
          instructionId: i.id,
          round: i.round,
          step: p.step,
          kind,
          level,
          toPersonId: m.personId,
          toAccountId: m.accountId,
          outstanding: JSON.stringify(m.ids),
          at: w.now,
        })),
      )
      .onConflict((oc) => oc.columns(['instructionId', 'round', 'step', 'toPersonId']).doNothing())
      .execute();
  await send(
    w,
    messages.map((m) => ({
      personId: m.personId,
      accountId: m.accountId,
      path: m.path,
      subjectType: 'commandInstruction',
      subjectId: i.id,
      textCode: level === 0 ? 'command.reminder' : 'command.escalation',
      params: { instructionId: i.id, round: i.round, level, outstanding: m.ids.length, recipientIds: m.ids },
      key: `step:${i.id}:${i.round}:${p.step}:${m.personId}`,
      eventType: level === 0 ? 'command.instruction.reminded' : 'command.instruction.escalated',
    })),
  );
}
