import type { Kysely } from 'kysely';

/**
 * Who wrote each version of a rule (its history names the author), when an appeal was made (the
 * chief's list is ordered by it), and the indexes behind "my proposals" and the village's
 * objections. Entries posted in batches carry no proposer, so the proposer index skips them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('points_rules').addColumn('created_by', 'text').execute();
  await db.schema.alterTable('points_objections').addColumn('appealed_at', 'bigint').execute();
  await db.schema
    .createIndex('points_entries_proposer')
    .on('points_entries')
    .column('proposed_by')
    .where((eb) => eb('proposed_by', 'is not', null))
    .execute();
  await db.schema
    .createIndex('points_objections_village')
    .on('points_objections')
    .columns(['village_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('points_objections_village').execute();
  await db.schema.dropIndex('points_entries_proposer').execute();
  await db.schema.alterTable('points_objections').dropColumn('appealed_at').execute();
  await db.schema.alterTable('points_rules').dropColumn('created_by').execute();
}
