import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  // Which canonical JSON a row is hashed over: rows written so far used the old rule (1); the
  // application writes RFC 8785 rows (2) from now on. Adding a column with a constant default
  // rewrites no row on either database, so the append-only triggers do not fire.
  await db.schema
    .alterTable('audit_events')
    .addColumn('canon', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // ENABLE ALWAYS: the triggers fire even under `SET session_replication_role = replica`, which
    // otherwise skips every ordinary trigger (and is how a DELETE slipped past them).
    await sql`alter table audit_events enable always trigger audit_events_no_update`.execute(db);
    await sql`alter table audit_events enable always trigger audit_events_no_truncate`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table audit_events enable trigger audit_events_no_update`.execute(db);
    await sql`alter table audit_events enable trigger audit_events_no_truncate`.execute(db);
  }
  await db.schema.alterTable('audit_events').dropColumn('canon').execute();
}
