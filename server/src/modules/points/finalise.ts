/**
 * The end of publication (公示期满): an entry put in publication gets a durable job, due when its
 * publication ends, that makes it final if nobody has objected. An objection makes the entry
 * `disputed`, so the job finds it no longer published and leaves it alone: the ruling decides it
 * (final or overturned). One job per entry (its key), so it fires once, across restarts and
 * processes.
 */
import type { Write } from '../../core/write';
import { addresseeOfAccount, boardChanged } from './events';

export const FINALISE = 'points.finalise';
export const finaliseKey = (entryId: string) => `${FINALISE}:${entryId}`;

export function scheduleFinalise(w: Write, villageId: string, entryId: string, publishedUntil: number) {
  w.schedule({ kind: FINALISE, key: finaliseKey(entryId), dueAt: publishedUntil, villageId, payload: { entryId } });
}

/** The job: the entry becomes final when it is still in publication (not disputed, not decided otherwise). */
export async function finaliseEntry(w: Write, entryId: string): Promise<boolean> {
  const e = await w.trx
    .selectFrom('pointsEntries')
    .select(['id', 'villageId', 'accountId'])
    .where('id', '=', entryId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!e) return false;
  const res = await w.trx
    .updateTable('pointsEntries')
    .set({ status: 'final', finalAt: w.now })
    .where('id', '=', e.id)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  const to = await addresseeOfAccount(w.trx, e.villageId, e.accountId);
  w.audit({
    action: 'points.finalise',
    targetType: 'points_entry',
    targetId: e.id,
    villageId: e.villageId,
    before: { status: 'published' },
    after: { status: 'final' },
  });
  w.emit({
    villageId: e.villageId,
    type: 'points.entry.finalised',
    subjectType: 'points_entry',
    subjectId: e.id,
    householdId: to.householdId,
    path: to.path,
    payload: { status: 'final', accountId: e.accountId },
  });
  boardChanged(w, e.villageId);
  return true;
}
