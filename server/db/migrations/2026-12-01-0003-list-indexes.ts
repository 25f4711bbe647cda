import { sql, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

// Each lead list reads `tenant = ? [and filter = ?] order by <time> desc, id desc limit n` and pages
// with `(<time>, id) < (cursor)`: an index on exactly those columns answers it by walking the
// index backwards, at any table size. Ascending columns serve a uniform `desc` order on both databases.
const LIST_INDEXES: Array<[name: string, columns: string[]]> = [
  ['grants_list_idx', ['tenant', 'requested_at', 'id']],
  ['grants_list_ticket_idx', ['tenant', 'ticket_id', 'requested_at', 'id']],
  ['grants_list_customer_idx', ['tenant', 'customer_id', 'requested_at', 'id']],
  ['grants_list_requester_idx', ['tenant', 'requester_id', 'requested_at', 'id']],
  ['grants_list_status_idx', ['tenant', 'status', 'requested_at', 'id']],
  // The review queue (newest change first) and the review summary (a requested_at range).
  ['grants_flagged_idx', ['tenant', 'flagged', 'updated_at', 'id']],
  ['grants_flagged_requested_idx', ['tenant', 'flagged', 'requested_at', 'id']],
];

// Superseded by the list indexes above (same leading columns, plus the id tie-break).
const REPLACED: Array<[name: string, columns: string[]]> = [
  ['grants_customer_idx', ['tenant', 'customer_id', 'requested_at']],
  ['grants_requester_idx', ['tenant', 'requester_id', 'requested_at']],
];

export async function up(db: Kysely<any>): Promise<void> {
  // `flags != '[]'` cannot use an index; a maintained 0/1 column can. The application writes it
  // with every `flags` (grantFlagColumns in server/grants/grants.repository.ts).
  await db.schema
    .alterTable('grants')
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update grants set flagged = 1 where flags <> '[]'`.execute(db);
  for (const [name, columns] of LIST_INDEXES) await db.schema.createIndex(name).on('grants').columns(columns).execute();
  for (const [name] of REPLACED) await db.schema.dropIndex(name).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of REPLACED) await db.schema.createIndex(name).on('grants').columns(columns).execute();
  for (const [name] of LIST_INDEXES) await db.schema.dropIndex(name).execute();
  await db.schema.alterTable('grants').dropColumn('flagged').execute();
}
