import type { Executor } from '../../db/database';
import type { Village } from '../../db/types';
import { notFound } from '../../lib/errors';

/** A village by its code: for the CLI, which names villages by code (HTTP callers get theirs from the guard). */
export async function villageByCode(db: Executor, code: string): Promise<Village> {
  const v = await db.selectFrom('villages').selectAll().where('code', '=', code).executeTakeFirst();
  if (!v) throw notFound({ zh: `村 ${code}`, en: `Village ${code}` }, 'village');
  return v;
}
