import type { Executor } from '../../db/database';
import type { Village } from '../../db/types';
import { notFound } from '../../lib/errors';

export async function villageByCode(db: Executor, code: string): Promise<Village> {
  const v = await db.selectFrom('villages').selectAll().where('code', '=', code).executeTakeFirst();
  if (!v) throw notFound({ zh: `村 ${code}`, en: `Village ${code}` }, 'village');
  return v;
}

export async function activeStructureId(db: Executor, villageId: string): Promise<string | null> {
  const s = await db
    .selectFrom('structures')
    .select('id')
    .where('villageId', '=', villageId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return s?.id ?? null;
}
