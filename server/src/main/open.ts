import path from 'node:path';
import { createPgSchema, openDatabase, type Database } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import type { Config } from '../config';

/**
 * Open the configured database (PostgreSQL with DATABASE_URL, else SQLite under the data dir) and
 * migrate it. `server`: a long-running server (SQLite: the WAL is checkpointed off the event loop).
 */
export async function openConfigured(config: Config, opts: { server?: boolean } = {}): Promise<Database> {
  if (config.DATABASE_URL && config.DATABASE_SCHEMA) await createPgSchema(config.DATABASE_URL, config.DATABASE_SCHEMA);
  const database = config.DATABASE_URL
    ? openDatabase({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA })
    : openDatabase({ file: path.join(config.WANGGE_DATA_DIR, 'wangge.sqlite'), backgroundCheckpoint: opts.server });
  await migrateToLatest(
    database.db,
    database.backend === 'postgres' ? (config.DATABASE_SCHEMA ?? 'public') : undefined,
  );
  return database;
}
