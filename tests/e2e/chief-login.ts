/**
 * The demo's general grid leader (总格长) signs in with their phone number: read it from the run's
 * database (the one the webServer uses), or take E2E_LOGIN when testing a server started elsewhere.
 */
import path from 'node:path';
import { openDatabase } from '../../server/src/db/database';

export async function chiefLogin(): Promise<string> {
  if (process.env.E2E_LOGIN) return process.env.E2E_LOGIN;
  const url = process.env.DATABASE_URL;
  const schema = process.env.WANGGE_E2E_SCHEMA;
  const dir = process.env.WANGGE_E2E_DATA_DIR;
  if (process.env.E2E_BASE_URL || (!url && !dir)) throw new Error('Set E2E_LOGIN to the phone number of a general grid leader account');
  const database = url ? openDatabase({ url, schema, poolSize: 1 }) : openDatabase({ file: path.join(dir!, 'wangge.sqlite') });
  try {
    const row = await database.db
      .selectFrom('posts')
      .innerJoin('structures', 'structures.id', 'posts.structureId')
      .innerJoin('people', 'people.id', 'posts.personId')
      .innerJoin('accounts', 'accounts.personId', 'people.id')
      .select('accounts.login')
      .where('posts.role', '=', 'chief')
      .where('posts.validTo', 'is', null)
      .where('structures.status', '=', 'active')
      .executeTakeFirstOrThrow();
    return row.login;
  } finally {
    await database.close();
  }
}
