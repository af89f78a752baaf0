import type { Kysely } from 'kysely';

/**
 * Leaner ledger indexes, for batch posting (measured with `npm run bench -- ledger`):
 *
 * An account's entries are found by `account_id` alone: rows of one account come back in rowid
 * (posting) order and an account holds at most a year of entries, so sorting them by time is
 * cheap, while a second key column made every posting touch a larger index.
 *
 * Only entries posted with an idempotency key (proposals and requests from phones) need the
 * uniqueness check; batch entries (year-opening bases, settlements, imports) carry none, so the
 * index skips them. Look-ups `idempotency_key = ?` imply `is not null` and still use it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('points_entries_account').execute();
  await db.schema.createIndex('points_entries_account').on('points_entries').column('account_id').execute();
  await db.schema.dropIndex('points_entries_idem').execute();
  await db.schema
    .createIndex('points_entries_idem')
    .on('points_entries')
    .columns(['village_id', 'idempotency_key'])
    .unique()
    .where((eb) => eb('idempotency_key', 'is not', null))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('points_entries_account').execute();
  await db.schema
    .createIndex('points_entries_account')
    .on('points_entries')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema.dropIndex('points_entries_idem').execute();
  await db.schema
    .createIndex('points_entries_idem')
    .on('points_entries')
    .columns(['village_id', 'idempotency_key'])
    .unique()
    .execute();
}
