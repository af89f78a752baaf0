/** Drop the run's PostgreSQL schema, or remove its SQLite data dir. */
import fs from 'node:fs';
import { dropPgSchema } from '../../server/src/db/database';

export default async function globalTeardown() {
  const url = process.env.DATABASE_URL;
  const schema = process.env.WANGGE_E2E_SCHEMA;
  if (url && schema && /^e2e_[a-z0-9_]+$/.test(schema)) await dropPgSchema(url, schema);
  const auth = process.env.WANGGE_E2E_AUTH;
  if (auth && auth.includes('wangge-e2e-auth-')) fs.rmSync(auth, { force: true });
  const dir = process.env.WANGGE_E2E_DATA_DIR;
  if (dir && dir.includes('wangge-e2e-')) fs.rmSync(dir, { recursive: true, force: true });
}
