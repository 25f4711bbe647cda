import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

/**
 * Sealed archives of the audit trail and the one narrow path by which its oldest rows may leave
 * the database: a DELETE of an audit row passes the trigger only while a row of `audit_purges`
 * covers its (tenant, seq). The purge writes that row in the transaction that deletes; nothing
 * else may delete, and UPDATE stays refused as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('audit_archives')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('from_seq', 'integer', (c) => c.notNull())
    .addColumn('to_seq', 'integer', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('closing_hash', 'text', (c) => c.notNull())
    .addColumn('manifest_sha256', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_archives_pk', ['tenant', 'id'])
    .addUniqueConstraint('audit_archives_range_uq', ['tenant', 'from_seq'])
    .execute();

  await db.schema
    .createTable('audit_purges')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('from_seq', 'integer', (c) => c.notNull())
    .addColumn('to_seq', 'integer', (c) => c.notNull())
    .addColumn('anchor_hash', 'text', (c) => c.notNull())
    .addColumn('archives', 'text', (c) => c.notNull())
    .addColumn('cutoff', 'text', (c) => c.notNull())
    .addColumn('rows_deleted', 'integer', (c) => c.notNull())
    .addColumn('grants_deleted', 'integer', (c) => c.notNull())
    .addColumn('access_events_deleted', 'integer', (c) => c.notNull())
    .addColumn('purged_at', 'text', (c) => c.notNull())
    .addColumn('purged_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_purges_pk', ['tenant', 'to_seq'])
    .execute();

  if (postgres) {
    // UPDATE stays with the refusing function; DELETE gets its own, which lets a covered row go.
    await sql`drop trigger audit_events_no_update on audit_events`.execute(db);
    await sql`create trigger audit_events_no_update before update on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    await sql`
      create or replace function audit_events_purge_only() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from audit_purges p
                   where p.tenant = old.tenant and old.seq between p.from_seq and p.to_seq) then
          return old;
        end if;
        raise exception 'audit_events is append-only: DELETE refused' using errcode = 'P0001';
      end $$`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      for each row execute function audit_events_purge_only()`.execute(db);
    await sql`alter table audit_events enable always trigger audit_events_no_update`.execute(db);
    await sql`alter table audit_events enable always trigger audit_events_no_delete`.execute(db);
  } else {
    await sql`drop trigger audit_events_no_delete`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      when not exists (select 1 from audit_purges p
                       where p.tenant = old.tenant and old.seq between p.from_seq and p.to_seq)
      begin select raise(abort, 'audit_events is append-only: DELETE refused'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger audit_events_no_delete on audit_events`.execute(db);
    await sql`drop function if exists audit_events_purge_only()`.execute(db);
    await sql`drop trigger audit_events_no_update on audit_events`.execute(db);
    await sql`create trigger audit_events_no_update before update or delete on audit_events
      for each row execute function audit_events_append_only()`.execute(db);
    await sql`alter table audit_events enable always trigger audit_events_no_update`.execute(db);
  } else {
    await sql`drop trigger audit_events_no_delete`.execute(db);
    await sql`create trigger audit_events_no_delete before delete on audit_events
      begin select raise(abort, 'audit_events is append-only: DELETE refused'); end`.execute(db);
  }
  await db.schema.dropTable('audit_purges').execute();
  await db.schema.dropTable('audit_archives').execute();
}
