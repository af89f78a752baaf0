import type { Kysely } from 'kysely';

/**
 * Musters (集结) and notices to every household (通知到户), issue #10 points 6 and 7. Each has one
 * row per person or household with its state, and counter rows per node of the structure kept in
 * the same transaction as every answer (the boards read them, never recount). Notice attempts
 * are facts: a second attempt at a household is its own row, numbered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('command_musters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('response_id', 'text', (c) => c.references('command_responses.id'))
    .addColumn('structure_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('place_name', 'text', (c) => c.notNull())
    .addColumn('place_lat', 'double precision')
    .addColumn('place_lng', 'double precision')
    .addColumn('token', 'text', (c) => c.notNull().unique()) // in the QR code posted at the place
    .addColumn('status', 'text', (c) => c.notNull()) // open | closed
    .addColumn('opened_by', 'text')
    .addColumn('opened_by_name', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('on_my_way', 'integer', (c) => c.notNull())
    .addColumn('cannot_come', 'integer', (c) => c.notNull())
    .addColumn('arrived', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('command_musters_village')
    .on('command_musters')
    .columns(['village_id', 'response_id'])
    .execute();

  await db.schema
    .createTable('command_muster_people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('muster_id', 'text', (c) => c.notNull().references('command_musters.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // called | on_my_way | cannot_come | arrived
    .addColumn('reason', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('arrived_at', 'bigint')
    .addColumn('arrived_via', 'text') // qr | leader
    .addColumn('recorded_by_name', 'text')
    .execute();
  await db.schema
    .createIndex('command_muster_people_person')
    .on('command_muster_people')
    .columns(['muster_id', 'person_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('command_muster_node_counts')
    .addColumn('muster_id', 'text', (c) => c.notNull().references('command_musters.id'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('on_my_way', 'integer', (c) => c.notNull())
    .addColumn('cannot_come', 'integer', (c) => c.notNull())
    .addColumn('arrived', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('command_muster_node_counts_pk', ['muster_id', 'node_id'])
    .execute();

  await db.schema
    .createTable('command_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('response_id', 'text', (c) => c.references('command_responses.id'))
    .addColumn('structure_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | closed
    .addColumn('opened_by', 'text')
    .addColumn('opened_by_name', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('reached', 'integer', (c) => c.notNull())
    .addColumn('unreachable', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('command_notices_village')
    .on('command_notices')
    .columns(['village_id', 'response_id'])
    .execute();

  await db.schema
    .createTable('command_notice_households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('command_notices.id'))
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull()) // the grid covering it when the notice went out
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull()) // pending | reached | unreachable
    .addColumn('method', 'text')
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('reached_at', 'bigint')
    .addColumn('last_at', 'bigint')
    .addColumn('by_name', 'text')
    .execute();
  await db.schema
    .createIndex('command_notice_households_household')
    .on('command_notice_households')
    .columns(['notice_id', 'household_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('command_notice_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('notice_id', 'text', (c) => c.notNull().references('command_notices.id'))
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull()) // 1, 2 (a second attempt), …
    .addColumn('outcome', 'text', (c) => c.notNull()) // reached | unreachable
    .addColumn('method', 'text')
    .addColumn('reason', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('by_account', 'text')
    .addColumn('by_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('command_notice_attempts_household')
    .on('command_notice_attempts')
    .columns(['notice_id', 'household_id', 'attempt'])
    .unique()
    .execute();

  await db.schema
    .createTable('command_notice_node_counts')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('command_notices.id'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('reached', 'integer', (c) => c.notNull())
    .addColumn('unreachable', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('command_notice_node_counts_pk', ['notice_id', 'node_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'command_notice_node_counts',
    'command_notice_attempts',
    'command_notice_households',
    'command_notices',
    'command_muster_node_counts',
    'command_muster_people',
    'command_musters',
  ])
    await db.schema.dropTable(t).execute();
}
