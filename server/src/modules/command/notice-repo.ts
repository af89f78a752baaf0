/** The queries the notice use cases share. */
import type { Executor } from '../../db/database';
import type { CommandNotice } from '../../db/types';
import { notFound } from '../../lib/errors';
import type { NoticeCounter } from './notice-rules';
import { pathIds } from './rules';

export async function getNotice(db: Executor, villageId: string, id: string): Promise<CommandNotice> {
  const n = await db
    .selectFrom('commandNotices')
    .selectAll()
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!n) throw notFound({ zh: '通知', en: 'Notice' }, 'noticeId');
  return n;
}

/** Move the coverage counters of one household on the notice and every node above its grid. */
export async function bumpNotice(
  db: Executor,
  noticeId: string,
  path: string,
  deltas: Partial<Record<NoticeCounter, number>>,
) {
  for (const [counter, delta] of Object.entries(deltas)) {
    await db
      .updateTable('commandNotices')
      .set((eb) => ({ [counter]: eb(eb.ref(counter as NoticeCounter), '+', delta) }) as never)
      .where('id', '=', noticeId)
      .execute();
    await db
      .updateTable('commandNoticeNodeCounts')
      .set((eb) => ({ [counter]: eb(eb.ref(counter as NoticeCounter), '+', delta) }) as never)
      .where('noticeId', '=', noticeId)
      .where('nodeId', 'in', pathIds(path))
      .execute();
  }
}

export const presentNotice = (n: CommandNotice) => ({
  id: n.id,
  responseId: n.responseId,
  nodeId: n.nodeId,
  text: n.text,
  status: n.status,
  openedByName: n.openedByName,
  openedAt: n.openedAt,
  households: n.households,
  reached: n.reached,
  unreachable: n.unreachable,
  pending: n.households - n.reached - n.unreachable,
});
