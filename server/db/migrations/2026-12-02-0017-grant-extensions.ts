import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  // Extensions of an active grant: those decided (JSON list, applied or denied) and the one waiting
  // for an approver. The name of who ended a session, so "revoked by Lee Lead" needs no lookup.
  await db.schema
    .alterTable('grants')
    .addColumn('extensions', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('grants').addColumn('pending_extension', 'text').execute();
  await db.schema.alterTable('grants').addColumn('ended_by_name', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('grants').dropColumn('ended_by_name').execute();
  await db.schema.alterTable('grants').dropColumn('pending_extension').execute();
  await db.schema.alterTable('grants').dropColumn('extensions').execute();
}
