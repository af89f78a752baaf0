import type { Kysely } from 'kysely';

/**
 * Points (积分制): settings and periods per village, a versioned rule catalogue, accounts per
 * period (grid members and households), the append-only ledger with review, publication,
 * objections and appeals, villager reports, settlements, and the points shop.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('points_settings')
    .addColumn('village_id', 'text', (c) => c.primaryKey().references('villages.id'))
    .addColumn('member_base', 'integer', (c) => c.notNull())
    .addColumn('reward_cap', 'integer', (c) => c.notNull())
    .addColumn('yuan_per_point', 'integer', (c) => c.notNull())
    .addColumn('household_cap', 'integer', (c) => c.notNull())
    .addColumn('publication_days', 'integer', (c) => c.notNull())
    .addColumn('tiers', 'text', (c) => c.notNull()) // JSON [{min, zh, en}]
    .addColumn('chain_head', 'text') // hash of the last published entry (the board's hash chain)
    .addColumn('chain_length', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('points_periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | settled
    .addColumn('settled_at', 'bigint')
    .addColumn('settled_by', 'text')
    .execute();
  await db.schema
    .createIndex('points_periods_label')
    .on('points_periods')
    .columns(['village_id', 'label'])
    .unique()
    .execute();

  await db.schema
    .createTable('points_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('account_kind', 'text', (c) => c.notNull()) // member | household
    .addColumn('entry_kind', 'text', (c) => c.notNull()) // positive | bonus | deduction | redline
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('evidence_required', 'integer', (c) => c.notNull())
    .addColumn('period_limit', 'integer')
    .addColumn('proposers', 'text', (c) => c.notNull()) // JSON list of roles
    .addColumn('needs_review', 'integer', (c) => c.notNull())
    .addColumn('needs_publication', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('superseded_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('points_rules_code_version')
    .on('points_rules')
    .columns(['village_id', 'code', 'version'])
    .unique()
    .execute();

  await db.schema
    .createTable('points_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('period_id', 'text', (c) => c.notNull().references('points_periods.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // member | household
    .addColumn('person_id', 'text', (c) => c.references('people.id'))
    .addColumn('household_id', 'text', (c) => c.references('households.id'))
    .addColumn('balance', 'integer', (c) => c.notNull()) // earned, net of deductions, caps applied
    .addColumn('spent', 'integer', (c) => c.notNull()) // redeemed in the shop (households)
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('points_accounts_owner')
    .on('points_accounts')
    .columns(['period_id', 'kind', 'person_id', 'household_id'])
    .unique()
    .execute();
  await db.schema.createIndex('points_accounts_household').on('points_accounts').column('household_id').execute();
  await db.schema.createIndex('points_accounts_person').on('points_accounts').column('person_id').execute();

  await db.schema
    .createTable('points_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('period_id', 'text', (c) => c.notNull().references('points_periods.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('points_accounts.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // base | positive | bonus | deduction | redline | reversal | redemption | redemption_cancel
    .addColumn('rule_id', 'text', (c) => c.references('points_rules.id'))
    .addColumn('requested', 'integer', (c) => c.notNull())
    .addColumn('effective', 'integer', (c) => c.notNull())
    .addColumn('balance_after', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('proposed_by', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('review_note', 'text')
    .addColumn('reverses', 'text', (c) => c.references('points_entries.id'))
    .addColumn('report_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('payload_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('published_until', 'bigint')
    .addColumn('final_at', 'bigint')
    .addColumn('seq', 'integer') // position in the village's published hash chain
    .addColumn('prev_hash', 'text')
    .addColumn('hash', 'text')
    .execute();
  await db.schema
    .createIndex('points_entries_account')
    .on('points_entries')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema.createIndex('points_entries_status').on('points_entries').columns(['village_id', 'status']).execute();
  await db.schema
    .createIndex('points_entries_idem')
    .on('points_entries')
    .columns(['village_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('points_entries_seq')
    .on('points_entries')
    .columns(['village_id', 'seq'])
    .unique()
    .execute();

  await db.schema
    .createTable('points_objections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('points_entries.id'))
    .addColumn('by_account', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | upheld | overturned | appealed | appeal_upheld | appeal_overturned
    .addColumn('ruling', 'text')
    .addColumn('ruled_by', 'text')
    .addColumn('ruled_at', 'bigint')
    .addColumn('appeal_reason', 'text')
    .addColumn('appeal_by', 'text')
    .addColumn('appeal_ruling', 'text')
    .addColumn('appeal_ruled_by', 'text')
    .addColumn('appeal_ruled_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('points_objections_entry').on('points_objections').column('entry_id').execute();

  await db.schema
    .createTable('points_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('reporter_account', 'text', (c) => c.notNull())
    .addColumn('subject_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | substantiated | unfounded
    .addColumn('rule_id', 'text')
    .addColumn('ruling', 'text')
    .addColumn('ruled_by', 'text')
    .addColumn('ruled_at', 'bigint')
    .addColumn('entry_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('points_settlements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('period_id', 'text', (c) => c.notNull().unique().references('points_periods.id'))
    .addColumn('next_period_id', 'text', (c) => c.notNull())
    .addColumn('run_by', 'text')
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('payout_total', 'integer', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull()) // JSON: payouts, ranking, tiers
    .execute();

  await db.schema
    .createTable('shop_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('price', 'integer', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('shop_redemptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('points_accounts.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('shop_items.id'))
    .addColumn('price', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // reserved | picked_up | cancelled
    .addColumn('entry_id', 'text', (c) => c.notNull())
    .addColumn('cancel_entry_id', 'text')
    .addColumn('by_account', 'text', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('picked_up_by', 'text')
    .addColumn('picked_up_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .execute();
  await db.schema.createIndex('shop_redemptions_account').on('shop_redemptions').column('account_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'shop_redemptions',
    'shop_items',
    'points_settlements',
    'points_reports',
    'points_objections',
    'points_entries',
    'points_accounts',
    'points_rules',
    'points_periods',
    'points_settings',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
