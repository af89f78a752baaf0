import { type Kysely, sql } from 'kysely';

/**
 * The registry: places above villages, villages (tenants), versioned grid structures with their
 * node trees, posts and household assignments, households/units, residents, staff and the
 * coverage history. Every tenant row names its village.
 * Types follow STACK.md: text ids, bigint epoch-ms timestamps, integer booleans, JSON text lists.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('places')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('places.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('villages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text')
    .addColumn('place_id', 'text', (c) => c.references('places.id'))
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('structures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('coverage', 'text', (c) => c.notNull())
    .addColumn('size_min', 'integer', (c) => c.notNull())
    .addColumn('size_max', 'integer', (c) => c.notNull())
    .addColumn('based_on', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('activated_at', 'bigint')
    .addColumn('retired_at', 'bigint')
    .execute();
  // At most one active structure per village: a database fact, not a convention.
  await db.schema
    .createIndex('structures_one_active')
    .on('structures')
    .column('village_id')
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema
    .createTable('nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('structure_id', 'text', (c) => c.notNull().references('structures.id'))
    .addColumn('parent_id', 'text', (c) => c.references('nodes.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('nodes_structure_path').on('nodes').columns(['structure_id', 'path']).execute();
  await db.schema.createIndex('nodes_structure_code').on('nodes').columns(['structure_id', 'code']).unique().execute();

  await db.schema
    .createTable('households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('households_village_number')
    .on('households')
    .columns(['village_id', 'number'])
    .unique()
    .execute();
  await db.schema
    .createIndex('households_village_address')
    .on('households')
    .columns(['village_id', 'address'])
    .execute();

  await db.schema
    .createTable('residents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('residents_village_id_number')
    .on('residents')
    .columns(['village_id', 'id_number'])
    .unique()
    .execute();
  await db.schema.createIndex('residents_household').on('residents').column('household_id').execute();
  await db.schema.createIndex('residents_village_name').on('residents').columns(['village_id', 'name']).execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('resident_id', 'text', (c) => c.references('residents.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('gender', 'text')
    .addColumn('party_member', 'integer', (c) => c.notNull())
    .addColumn('duty_tags', 'text', (c) => c.notNull())
    .addColumn('reserve', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_village').on('people').column('village_id').execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('structure_id', 'text', (c) => c.notNull().references('structures.id'))
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'bigint')
    .addColumn('valid_to', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posts_structure_node').on('posts').columns(['structure_id', 'node_id']).execute();
  await db.schema.createIndex('posts_person').on('posts').column('person_id').execute();

  await db.schema
    .createTable('assignments')
    .addColumn('structure_id', 'text', (c) => c.notNull().references('structures.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addPrimaryKeyConstraint('assignments_pk', ['structure_id', 'household_id'])
    .execute();
  await db.schema
    .createIndex('assignments_structure_node')
    .on('assignments')
    .columns(['structure_id', 'node_id'])
    .execute();

  await db.schema
    .createTable('coverage')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('structure_id', 'text', (c) => c.notNull().references('structures.id'))
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('valid_to', 'bigint')
    .execute();
  // Exact cover as a database fact: a household has at most one open coverage row.
  await db.schema
    .createIndex('coverage_one_open')
    .on('coverage')
    .column('household_id')
    .unique()
    .where(sql.ref('valid_to'), 'is', null)
    .execute();
  await db.schema
    .createIndex('coverage_household_time')
    .on('coverage')
    .columns(['household_id', 'valid_from'])
    .execute();
  await db.schema.createIndex('coverage_node').on('coverage').columns(['node_id', 'valid_to']).execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_hash', 'text', (c) => c.notNull())
    .addColumn('rows', 'integer', (c) => c.notNull())
    .addColumn('households_created', 'integer', (c) => c.notNull())
    .addColumn('households_updated', 'integer', (c) => c.notNull())
    .addColumn('residents_created', 'integer', (c) => c.notNull())
    .addColumn('residents_updated', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'imports',
    'coverage',
    'assignments',
    'posts',
    'people',
    'residents',
    'households',
    'nodes',
    'structures',
    'villages',
    'places',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
