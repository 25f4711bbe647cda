import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  // Reporters give each event an id so a retried batch is stored once.
  await db.schema.alterTable('access_events').addColumn('client_event_id', 'text').execute();
  await db.schema
    .createIndex('access_events_client_id_uq')
    .on('access_events')
    .columns(['grant_id', 'client_event_id'])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('access_events_client_id_uq').execute();
  await db.schema.alterTable('access_events').dropColumn('client_event_id').execute();
}
