/** The queries the notice use cases share. */
import type { Executor } from '../../db/database';
import type { CommandNotice } from '../../db/types';
import { notFound } from '../../lib/errors';
import type { NoticeCounter } from './notice-rules';
import { bumpCounters } from './counters';

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

/** Move the counters of one answer on the notice and every node above. */
export const bumpNotice = (
  db: Executor,
  noticeId: string,
  path: string,
  deltas: Partial<Record<NoticeCounter, number>>,
) =>
  bumpCounters(
    db,
    { parent: 'commandNotices', nodes: 'commandNoticeNodeCounts', key: 'noticeId', id: noticeId },
    path,
    deltas,
  );

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
