import type { Kysely } from 'kysely';

/**
 * Emergency command (issue #10): responses, instructions with one row per recipient (their
 * states and times), per-node counters for the roll-up, the escalations made, and the outgoing
 * messages. Outgoing messages are one row per recipient per channel, so the outbound channels
 * (log, webhook, Web Push) add rows and states without reshaping the recipient.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('command_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull()) // the scope: a node of the active structure
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('opened_by', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('command_responses_village').on('command_responses').column('village_id').execute();

  await db.schema
    .createTable('command_instructions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull().references('villages.id'))
    .addColumn('response_id', 'text', (c) => c.references('command_responses.id'))
    .addColumn('structure_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull()) // the sender's scope node the targets lie in
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull()) // JSON, as sent
    .addColumn('schedule', 'text', (c) => c.notNull()) // JSON steps
    .addColumn('deadline_ms', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | cancelled
    .addColumn('round', 'integer', (c) => c.notNull()) // 1, +1 per amendment
    .addColumn('sender_account_id', 'text')
    .addColumn('sender_person_id', 'text')
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull()) // of the current round
    .addColumn('first_sent_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('delivered', 'integer', (c) => c.notNull())
    .addColumn('read', 'integer', (c) => c.notNull())
    .addColumn('acknowledged', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('command_instructions_response')
    .on('command_instructions')
    .columns(['village_id', 'response_id'])
    .execute();

  // The thread: the original text and each amendment.
  await db.schema
    .createTable('command_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instruction_id', 'text', (c) => c.notNull().references('command_instructions.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('command_messages_instruction').on('command_messages').column('instruction_id').execute();

  await db.schema
    .createTable('command_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instruction_id', 'text', (c) => c.notNull().references('command_instructions.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull()) // their post's node path: scoping and roll-up
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('delivered_channel', 'text')
    .addColumn('read_at', 'bigint')
    .addColumn('read_channel', 'text')
    .addColumn('acked_at', 'bigint')
    .addColumn('ack_channel', 'text')
    .addColumn('ack_text', 'text')
    .addColumn('ack_on_behalf_by', 'text') // the account that recorded it for them
    .addColumn('ack_on_behalf_name', 'text')
    .addColumn('ack_round', 'integer')
    .execute();
  await db.schema
    .createIndex('command_recipients_person')
    .on('command_recipients')
    .columns(['instruction_id', 'person_id'])
    .unique()
    .execute();
  await db.schema.createIndex('command_recipients_account').on('command_recipients').column('account_id').execute();

  // Counters per node of the structure (every ancestor of a recipient's node): the roll-up.
  await db.schema
    .createTable('command_node_counts')
    .addColumn('instruction_id', 'text', (c) => c.notNull().references('command_instructions.id'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('delivered', 'integer', (c) => c.notNull())
    .addColumn('read', 'integer', (c) => c.notNull())
    .addColumn('acknowledged', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('command_node_counts_pk', ['instruction_id', 'node_id'])
    .execute();

  // Every acknowledgement as a fact (the timeline's times to 50/90/100 % come from these).
  await db.schema
    .createTable('command_acks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instruction_id', 'text', (c) => c.notNull().references('command_instructions.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('on_behalf', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('command_acks_instruction')
    .on('command_acks')
    .columns(['instruction_id', 'round'])
    .execute();

  // Reminders and escalations made: one row per step per addressee.
  await db.schema
    .createTable('command_escalations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('instruction_id', 'text', (c) => c.notNull().references('command_instructions.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // reminder | escalation
    .addColumn('level', 'integer', (c) => c.notNull()) // 0: the recipient; 1: their leader; 2: the one above
    .addColumn('to_person_id', 'text', (c) => c.notNull())
    .addColumn('to_account_id', 'text')
    .addColumn('outstanding', 'text', (c) => c.notNull()) // JSON recipient ids
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('command_escalations_step')
    .on('command_escalations')
    .columns(['instruction_id', 'round', 'step', 'to_person_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('outbound_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull()) // app (now); log, webhook, webpush (next)
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('text_code', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique()) // never twice per recipient, channel, message
    .addColumn('state', 'text', (c) => c.notNull()) // pending | sending | sent | failed
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbound_messages_subject').on('outbound_messages').column('subject_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'outbound_messages',
    'command_escalations',
    'command_acks',
    'command_node_counts',
    'command_recipients',
    'command_messages',
    'command_instructions',
    'command_responses',
  ])
    await db.schema.dropTable(t).execute();
}
