import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  // Fields the grant's scope lets the agent see unmasked (JSON array of names).
  await db.schema
    .alterTable('grants')
    .addColumn('unmask_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();

  // Where an access event came from, which fields were shown masked, and a saved query's parameters.
  await db.schema
    .alterTable('access_events')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('session'))
    .execute();
  await db.schema
    .alterTable('access_events')
    .addColumn('masked_fields', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.alterTable('access_events').addColumn('parameters', 'text').execute();
  await db.schema.alterTable('access_events').addColumn('customer_id', 'text').execute();

  // A lead's verdict on a flagged session (the audit trail keeps every earlier verdict).
  await db.schema
    .createTable('reviews')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull())
    .addColumn('reviewer_name', 'text', (c) => c.notNull())
    .addColumn('reviewed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reviews_pk', ['tenant', 'grant_id'])
    .execute();

  // Admin-defined, parameterised, read-only queries the data gateway runs during a grant.
  await db.schema
    .createTable('saved_queries')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('saved_queries_pk', ['tenant', 'name'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_queries').ifExists().execute();
  await db.schema.dropTable('reviews').ifExists().execute();
  for (const column of ['customer_id', 'parameters', 'masked_fields', 'source']) {
    await db.schema.alterTable('access_events').dropColumn(column).execute();
  }
  await db.schema.alterTable('grants').dropColumn('unmask_fields').execute();
}
