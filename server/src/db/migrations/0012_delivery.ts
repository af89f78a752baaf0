import type { Kysely } from 'kysely';

/**
 * Delivery channels (issue #10, point 3): the outgoing message's lease and next attempt, each
 * village's channel settings (which channels, the webhook's URL and secret), the Web Push
 * subscriptions of accounts, and the server's VAPID key pair (generated once when not configured).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbound_messages').addColumn('next_attempt_at', 'bigint').execute();
  await db.schema.alterTable('outbound_messages').addColumn('lease_until', 'bigint').execute();
  await db.schema.alterTable('outbound_messages').addColumn('updated_at', 'bigint').execute();
  await db.schema.alterTable('outbound_messages').addColumn('path', 'text').execute();
  await db.schema
    .createIndex('outbound_messages_state')
    .on('outbound_messages')
    .columns(['village_id', 'state'])
    .execute();

  await db.schema
    .createTable('delivery_settings')
    .addColumn('village_id', 'text', (c) => c.primaryKey().references('villages.id'))
    .addColumn('channels', 'text', (c) => c.notNull()) // JSON: the outbound channels besides the app
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('webhook_idempotent', 'integer', (c) => c.notNull()) // the receiver honours Idempotency-Key
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('push_subscriptions_account').on('push_subscriptions').column('account_id').execute();

  await db.schema
    .createTable('vapid_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['vapid_keys', 'push_subscriptions', 'delivery_settings']) await db.schema.dropTable(t).execute();
  await db.schema.dropIndex('outbound_messages_state').execute();
  for (const c of ['path', 'updated_at', 'lease_until', 'next_attempt_at'])
    await db.schema.alterTable('outbound_messages').dropColumn(c).execute();
}
