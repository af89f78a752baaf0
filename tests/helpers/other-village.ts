import type { Executor } from '../../server/src/db/database';

/** A second village in the same deployment ("别的村", code `other`), for cross-village refusals. */
export async function addOtherVillage(db: Executor, now: number, id = 'v-other') {
  await db
    .insertInto('villages')
    .values({ id, code: 'other', name: '别的村', nameEn: null, placeId: null, path: '/other/', createdAt: now })
    .execute();
  return id;
}
