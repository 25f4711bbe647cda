import type { Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

// The console dashboard counts what is open now (issue 14): pending (not the caller's own),
// approved with the start window still open, active with time left, and the flagged ones among
// them. One index holding every column the open counts read answers them from the index alone (the
// flagged ones among the open, few, are read from their rows),
// however many grants the tenant has.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('grants_open_counts_idx')
    .on('grants')
    .columns(['tenant', 'status', 'expires_at', 'start_by', 'requester_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('grants_open_counts_idx').execute();
}
