/** The queries the muster use cases share. */
import type { Caller } from '../../core/caller';
import type { Executor } from '../../db/database';
import type { CommandMuster } from '../../db/types';
import { notFound } from '../../lib/errors';
import { bumpCounters } from './counters';
import type { MusterCounter } from './muster-rules';

export async function getMuster(db: Executor, villageId: string, id: string): Promise<CommandMuster> {
  const m = await db
    .selectFrom('commandMusters')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!m) throw notFound({ zh: '集结', en: 'Muster' }, 'musterId');
  return m;
}

export async function musterPerson(db: Executor, musterId: string, personId: string) {
  const p = await db
    .selectFrom('commandMusterPeople')
    .selectAll()
    .where('musterId', '=', musterId)
    .where('personId', '=', personId)
    .executeTakeFirst();
  if (!p) throw notFound({ zh: '集结名单中的人员', en: 'Person called to this muster' }, 'personId');
  return p;
}

/** The caller's own row (a staff account answering for themselves). */
export const myMusterRow = (db: Executor, musterId: string, caller: Caller) =>
  musterPerson(db, musterId, caller.actor?.personId ?? '');

/** Move the counters of one answer on the muster and every node above. */
export const bumpMuster = (
  db: Executor,
  musterId: string,
  path: string,
  deltas: Partial<Record<MusterCounter, number>>,
) =>
  bumpCounters(
    db,
    { parent: 'commandMusters', nodes: 'commandMusterNodeCounts', key: 'musterId', id: musterId },
    path,
    deltas,
  );
