import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = postgres ? 'serial' : 'integer';
  // One row per announcement and channel, written in the transaction of the event it announces;
  // `dedupe_key` + `channel` is unique, so an event is queued once per channel whoever writes it.
  await db.schema
    .createTable('outbox')
    .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('audit_event_id', 'integer')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addUniqueConstraint('outbox_dedupe_channel', ['dedupe_key', 'channel'])
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_tenant_idx').on('outbox').columns(['tenant', 'state', 'id']).execute();
  await db.schema.createIndex('outbox_grant_idx').on('outbox').columns(['tenant', 'grant_id']).execute();

  // SIEM sinks read the audit chain itself, in seq order: one cursor per tenant and sink.
  await db.schema
    .createTable('siem_streams')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('sink_id', 'text', (c) => c.notNull())
    .addColumn('delivered_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('last_error', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('siem_streams_pk', ['tenant', 'sink_id'])
    .execute();

  // Where a tenant's notifications and its trail go; holds secrets, so it is not part of settings
  // (whose changes are audited with old and new values — and the audit trail is streamed out).
  await db.schema
    .createTable('delivery_channels')
    .addColumn('tenant', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  // The first of two approvals a two-person rule asks for; the second moves the grant.
  await db.schema
    .createTable('grant_approvals')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addColumn('approver_id', 'text', (c) => c.notNull())
    .addColumn('approver_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('approved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('grant_approvals_pk', ['tenant', 'grant_id', 'approver_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['grant_approvals', 'delivery_channels', 'siem_streams', 'outbox']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
