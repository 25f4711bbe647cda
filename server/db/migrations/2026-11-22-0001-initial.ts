import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const serial = postgres ? 'serial' : 'integer';

  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ticket_url_template', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('tenant', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('users_pk', ['tenant', 'id'])
    .execute();

  await db.schema
    .createTable('customers')
    .addColumn('tenant', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customers_pk', ['tenant', 'id'])
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('tenant', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tickets_pk', ['tenant', 'id'])
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('tenant', 'text', (c) => c.primaryKey().references('tenants.id'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();

  await db.schema
    .createTable('grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('ticket_url', 'text')
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('requester_name', 'text', (c) => c.notNull())
    .addColumn('requester_email', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('reason_vague', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('systems', 'text', (c) => c.notNull())
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('write_need', 'text')
    .addColumn('masked_data_checked', 'integer')
    .addColumn('emergency', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('emergency_justification', 'text')
    .addColumn('duration_minutes', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by_id', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .addColumn('start_by', 'text')
    .addColumn('started_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('ended_at', 'text')
    .addColumn('ended_by_id', 'text')
    .addColumn('end_note', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('record_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // close-check and the sweeper read open grants by ticket and by status.
  await db.schema.createIndex('grants_ticket_idx').on('grants').columns(['tenant', 'ticket_id', 'status']).execute();
  await db.schema
    .createIndex('grants_customer_idx')
    .on('grants')
    .columns(['tenant', 'customer_id', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('grants_requester_idx')
    .on('grants')
    .columns(['tenant', 'requester_id', 'requested_at'])
    .execute();
  await db.schema.createIndex('grants_status_expiry_idx').on('grants').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('grants_status_start_by_idx').on('grants').columns(['status', 'start_by']).execute();

  await db.schema
    .createTable('access_events')
    .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('record_count', 'integer')
    .addColumn('query_name', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('accepted', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('access_events_grant_idx').on('access_events').columns(['grant_id', 'id']).execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', serial, (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('ticket_id', 'text')
    .addColumn('customer_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_events_chain_uq', ['tenant', 'seq'])
    .execute();
  await db.schema.createIndex('audit_events_grant_idx').on('audit_events').columns(['grant_id', 'seq']).execute();

  // Append-only, enforced by the database itself rather than by the application's good manners.
  if (postgres) {
    await sql`
      create or replace function audit_events_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_events is append-only: % refused', tg_op using errcode = 'P0001';
      end $$`.execute(db);
    await sql`create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    await sql`create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function audit_events_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_events_no_update before update on audit_events
      begin select raise(abort, 'audit_events is append-only: UPDATE refused'); end`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit_events is append-only: DELETE refused'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'audit_events',
    'access_events',
    'grants',
    'settings',
    'tickets',
    'customers',
    'users',
    'tenants',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function if exists audit_events_append_only()`.execute(db);
  }
}
