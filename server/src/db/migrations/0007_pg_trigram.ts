import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect';

/**
 * PostgreSQL indexes for the household search box (registry/households.ts), measured with
 * `npm run bench -- search --backend postgres` and EXPLAIN ANALYZE on its 100,000-resident village.
 * SQLite: nothing (its search uses ranges over the existing indexes).
 *
 * - Prefixes (`number LIKE 'H12%'`, `name LIKE '王建%'`): a btree over `text_pattern_ops`, which
 *   LIKE can use as a range under any collation (the default opclass only under "C").
 * - Fragments (`address LIKE '%3组12%'`, unit `name LIKE '%…%'`): GIN trigram indexes from the
 *   pg_trgm extension (CJK characters count as word characters, so Chinese addresses get trigrams;
 *   fragments of fewer than three characters have none and are scanned, cheaply).
 *
 * The extension is created once per database, in `public`, and its operator class is named with
 * that schema: tests and tenants run with search_path set to a schema of their own, which does not
 * include `public`. Concurrent migrations (parallel test schemas) take an advisory lock first. Where
 * pg_trgm is not available (or may not be created), the trigram indexes are skipped: the search
 * still works, by scanning.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // Serialise `create extension` between concurrent migrations (held until this transaction ends).
  await sql`select pg_advisory_xact_lock(hashtext('wangge:pg_trgm'))`.execute(db);
  await sql`
    do $$
    begin
      if not exists (select 1 from pg_extension where extname = 'pg_trgm')
         and exists (select 1 from pg_available_extensions where name = 'pg_trgm') then
        create extension if not exists pg_trgm with schema public;
      end if;
    exception when others then
      raise notice 'pg_trgm could not be created (%): household search scans address fragments', sqlerrm;
    end
    $$`.execute(db);
  const ext = await sql<{
    schema: string;
  }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`.execute(
    db,
  );

  await sql`create index if not exists households_village_number_pattern on households (village_id, number text_pattern_ops)`.execute(
    db,
  );
  await sql`create index if not exists residents_village_name_pattern on residents (village_id, name text_pattern_ops)`.execute(
    db,
  );
  const schema = ext.rows[0]?.schema;
  if (schema) {
    const ops = sql`${sql.id(schema)}.gin_trgm_ops`;
    await sql`create index if not exists households_address_trgm on households using gin (address ${ops})`.execute(db);
    // Unit names: most households have none (a strict LIKE implies `is not null`, so the index serves it).
    await sql`create index if not exists households_name_trgm on households using gin (name ${ops}) where name is not null`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  // The extension stays: other schemas of the database may use it.
  for (const name of [
    'households_name_trgm',
    'households_address_trgm',
    'residents_village_name_pattern',
    'households_village_number_pattern',
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
