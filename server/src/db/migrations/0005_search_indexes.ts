import type { Kysely } from 'kysely';

/** Exact look-ups from the search box: a resident by phone number. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('residents_village_phone').on('residents').columns(['village_id', 'phone']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('residents_village_phone').ifExists().execute();
}
