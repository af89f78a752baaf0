/** The queries the command use cases share. */

import type { Executor } from '../../db/database';
import type { CommandInstruction, CommandRecipient } from '../../db/types';
import { AppError, notFound } from '../../lib/errors';
import { openPosts } from '../structures/repo';
import { LEADER_ROLES, pathIds, type LeaderPost } from './rules';

export async function activeStructureId(db: Executor, villageId: string): Promise<string> {
  const s = await db
    .selectFrom('structures')
    .select('id')
    .where('villageId', '=', villageId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!s)
    throw new AppError(409, 'NO_ACTIVE_STRUCTURE', '本村没有启用的网格结构', 'The village has no active structure');
  return s.id;
}

export async function getResponse(db: Executor, villageId: string, id: string) {
  const r = await db
    .selectFrom('commandResponses')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '应急响应', en: 'Emergency response' }, 'responseId');
  return r;
}

export async function getInstruction(db: Executor, villageId: string, id: string): Promise<CommandInstruction> {
  const i = await db
    .selectFrom('commandInstructions')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!i) throw notFound({ zh: '指令', en: 'Instruction' }, 'instructionId');
  return i;
}

export const recipientsOf = (db: Executor, instructionId: string): Promise<CommandRecipient[]> =>
  db.selectFrom('commandRecipients').selectAll().where('instructionId', '=', instructionId).execute();

/** The leaders in post in a structure, by node (for the escalation chain). */
export async function leadersByNode(db: Executor, structureId: string): Promise<Map<string, LeaderPost[]>> {
  const posts = await openPosts(db, structureId);
  const byNode = new Map<string, LeaderPost[]>();
  for (const p of posts) {
    if (!LEADER_ROLES.includes(p.role)) continue;
    byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), { personId: p.personId, nodeId: p.nodeId, role: p.role }]);
  }
  return byNode;
}

export type Counter = 'delivered' | 'read' | 'acknowledged';

/**
 * Move one recipient's counters by `delta`, on the instruction and on every node above their
 * post, in the caller's transaction: the board reads them, never recounts.
 */
export async function bump(db: Executor, instructionId: string, path: string, counter: Counter, delta: number) {
  await db
    .updateTable('commandInstructions')
    .set((eb) => ({ [counter]: eb(eb.ref(counter), '+', delta) }) as never)
    .where('id', '=', instructionId)
    .execute();
  await db
    .updateTable('commandNodeCounts')
    .set((eb) => ({ [counter]: eb(eb.ref(counter), '+', delta) }) as never)
    .where('instructionId', '=', instructionId)
    .where('nodeId', 'in', pathIds(path))
    .execute();
}

/** Everyone's acknowledgement cleared (an amendment): counters to zero in one statement each. */
export async function resetAcks(db: Executor, instructionId: string) {
  await db
    .updateTable('commandRecipients')
    .set({ ackedAt: null, ackChannel: null, ackText: null, ackOnBehalfBy: null, ackOnBehalfName: null, ackRound: null })
    .where('instructionId', '=', instructionId)
    .execute();
  await db.updateTable('commandInstructions').set({ acknowledged: 0 }).where('id', '=', instructionId).execute();
  await db
    .updateTable('commandNodeCounts')
    .set({ acknowledged: 0 })
    .where('instructionId', '=', instructionId)
    .execute();
}

export const phonesOf = async (db: Executor, personIds: string[]) => {
  const out = new Map<string, string | null>();
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'phone'])
      .where('id', 'in', personIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.phone);
  }
  return out;
};
