import { sql, type Kysely } from 'kysely';

/**
 * The live and durable core: the per-village event log (a gap-free sequence per village, kept in
 * `event_counters` so commit order is sequence order), durable jobs and timers, and one table of
 * idempotency keys for every retry-safe route.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_counters')
    .addColumn('village_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('events')
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('path', 'text') // the node path it concerns (scoping); null: village-wide
    .addColumn('household_id', 'text')
    .addColumn('account_id', 'text') // addressed to one account
    .addColumn('audience', 'text', (c) => c.notNull()) // staff | all
    .addColumn('payload', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['village_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_at').on('events').column('at').execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unique_key', 'text', (c) => c.notNull().unique())
    .addColumn('payload', 'text')
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | done | failed | cancelled
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('done_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('jobs_due')
    .on('jobs')
    .column('due_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text')
    .addColumn('account_id', 'text')
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('response', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idempotency_keys_at').on('idempotency_keys').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('jobs').execute();
  await db.schema.dropTable('events').execute();
  await db.schema.dropTable('event_counters').execute();
}
