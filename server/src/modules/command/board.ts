/**
 * The acknowledgement board of one instruction, as the caller may see it: a leader sees the
 * recipients and node counters of their subtree only. Counters are read from the rows the writes
 * keep (never recounted here); the instruction's own totals are shown to those who see all of it.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { pathInScope } from '../access/scope';
import type { Board } from './contracts';
import { deliveriesOf } from './board-deliveries';
import { presentInstruction } from './present';
import { getInstruction, phonesOf, recipientsOf } from './repo';
import { outsideScope, scopeAt } from './scope';

export async function instructionBoard(ctx: Ctx, caller: Caller, instructionId: string): Promise<Board> {
  const village = villageOf(caller);
  const i = await getInstruction(ctx.db, village.id, instructionId);
  const all = await recipientsOf(ctx.db, i.id);
  const scope = await scopeAt(ctx.db, caller, i.structureId, i.firstSentAt);
  const mine = all.filter((r) => pathInScope(scope, r.path));
  const isSender = !!i.senderAccountId && i.senderAccountId === caller.actor?.accountId;
  if (!mine.length && !isSender) throw outsideScope('instructionId');
  const minePeople = new Set(mine.map((r) => r.personId));
  const visible = (personId: string, path: string | null) =>
    caller.scope.all ||
    minePeople.has(personId) ||
    personId === caller.actor?.personId ||
    (!!path && pathInScope(scope, path));
  const [nodes, thread, phones, deliveries] = await Promise.all([
    ctx.db
      .selectFrom('commandNodeCounts')
      .innerJoin('nodes', 'nodes.id', 'commandNodeCounts.nodeId')
      .select([
        'commandNodeCounts.nodeId',
        'commandNodeCounts.path',
        'nodes.name',
        'commandNodeCounts.recipients',
        'commandNodeCounts.delivered',
        'commandNodeCounts.read',
        'commandNodeCounts.acknowledged',
      ])
      .where('commandNodeCounts.instructionId', '=', i.id)
      .orderBy('commandNodeCounts.path')
      .execute(),
    ctx.db
      .selectFrom('commandMessages')
      .select(['round', 'text', 'at', 'byName'])
      .where('instructionId', '=', i.id)
      .orderBy('round')
      .execute(),
    phonesOf(
      ctx.db,
      mine.map((r) => r.personId),
    ),
    deliveriesOf(ctx.db, i.id, visible),
  ]);
  const acked = (r: (typeof all)[number]) => r.ackedAt !== null && r.ackRound === i.round;
  return {
    instruction: presentInstruction(i),
    elapsedMs: Math.max(0, ctx.clock.now() - i.sentAt),
    thread,
    recipients: mine.map((r) => ({
      id: r.id,
      personId: r.personId,
      name: r.name,
      role: r.role,
      nodeId: r.nodeId,
      path: r.path,
      phone: phones.get(r.personId) ?? null,
      sentAt: r.sentAt,
      deliveredAt: r.deliveredAt,
      readAt: r.readAt,
      ackedAt: acked(r) ? r.ackedAt : null,
      ackChannel: acked(r) ? r.ackChannel : null,
      ackText: acked(r) ? r.ackText : null,
      ackOnBehalfName: acked(r) ? r.ackOnBehalfName : null,
    })),
    // A node is shown when it lies in the caller's subtree (a leader sees their part's roll-up).
    nodes: nodes.filter((n) => pathInScope(scope, n.path)),
    outstanding: mine
      .filter((r) => !acked(r))
      .map((r) => ({ personId: r.personId, name: r.name, phone: phones.get(r.personId) ?? null, path: r.path })),
    deliveries,
  };
}
