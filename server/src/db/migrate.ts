import { Migrator, type Migration, type MigrationProvider, type Kysely } from 'kysely';
import * as m0001 from './migrations/0001_registry';
import * as m0002 from './migrations/0002_access';
import * as m0003 from './migrations/0003_points';
import * as m0004 from './migrations/0004_evidence';
import * as m0005 from './migrations/0005_search_indexes';
import * as m0006 from './migrations/0006_ledger_indexes';
import * as m0007 from './migrations/0007_pg_trigram';
import * as m0008 from './migrations/0008_points_history';
import * as m0009 from './migrations/0009_core';
import * as m0010 from './migrations/0010_points_finalise_jobs';
import * as m0011 from './migrations/0011_command';
import * as m0012 from './migrations/0012_delivery';
import * as m0013 from './migrations/0013_musters_notices';
import * as m0014 from './migrations/0014_rate_limits';

/** Migrations are listed in code (no file-system scanning), so they run the same from tsx, tests and the CLI. */
const migrations: Record<string, Migration> = {
  '0001_registry': m0001,
  '0002_access': m0002,
  '0003_points': m0003,
  '0004_evidence': m0004,
  '0005_search_indexes': m0005,
  '0006_ledger_indexes': m0006,
  '0007_pg_trigram': m0007,
  '0008_points_history': m0008,
  '0009_core': m0009,
  '0010_points_finalise_jobs': m0010,
  '0011_command': m0011,
  '0012_delivery': m0012,
  '0013_musters_notices': m0013,
  '0014_rate_limits': m0014,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** With a PostgreSQL schema, name it: Kysely looks for its bookkeeping tables by name otherwise. */
/**
 * Kysely's migrator looks for its own table by listing the tables of every schema in the database;
 * on PostgreSQL a schema dropped meanwhile by another process (test schemas come and go) makes
 * that catalogue scan fail with "schema … does not exist" (3F000) naming the other schema. The
 * migration itself has not begun then: try again.
 */
const otherSchemaVanished = (e: unknown, schema?: string) =>
  (e as { code?: string }).code === '3F000' && !(schema && String((e as Error).message).includes(`"${schema}"`));

export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
    const { error, results } = await migrator.migrateToLatest();
    if (error && attempt < 5 && otherSchemaVanished(error, schema)) continue;
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}
