/**
 * Demo sign-ins by role: read the phone number from the run's database (the one the webServer
 * uses), or take E2E_LOGIN (the chief) when testing a server started elsewhere.
 */
import path from 'node:path';
import { openDatabase } from '../../server/src/db/database';
import type { Role } from '../../server/src/db/types';

function runDatabase() {
  const url = process.env.DATABASE_URL;
  const schema = process.env.WANGGE_E2E_SCHEMA;
  const dir = process.env.WANGGE_E2E_DATA_DIR;
  if (process.env.E2E_BASE_URL || (!url && !dir))
    throw new Error('Set E2E_LOGIN to the phone number of a general grid leader account');
  return url ? openDatabase({ url, schema, poolSize: 1 }) : openDatabase({ file: path.join(dir!, 'wangge.sqlite') });
}

/** The login of the first account holding `role` in the active structure (by node code), or of the demo villager. */
export async function demoLogin(role: Role | 'villager'): Promise<string> {
  const database = runDatabase();
  try {
    if (role === 'villager') {
      const v = await database.db
        .selectFrom('accounts')
        .select('login')
        .where('kind', '=', 'villager')
        .orderBy('createdAt')
        .executeTakeFirstOrThrow();
      return v.login;
    }
    const row = await database.db
      .selectFrom('posts')
      .innerJoin('structures', 'structures.id', 'posts.structureId')
      .innerJoin('nodes', 'nodes.id', 'posts.nodeId')
      .innerJoin('accounts', 'accounts.personId', 'posts.personId')
      .select('accounts.login')
      .where('posts.role', '=', role)
      .where('posts.validTo', 'is', null)
      .where('structures.status', '=', 'active')
      .orderBy('nodes.code')
      .executeTakeFirstOrThrow();
    return row.login;
  } finally {
    await database.close();
  }
}

export async function chiefLogin(): Promise<string> {
  return process.env.E2E_LOGIN ?? demoLogin('chief');
}
