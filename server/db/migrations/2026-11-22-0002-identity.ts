import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen: never edit a migration that has shipped; add a new one.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  // How each host reaches a tenant: Zendesk subdomain or Jira cloudId → tenant, with its keys.
  await db.schema
    .createTable('tenant_hosts')
    .addColumn('host_key', 'text', (c) => c.primaryKey()) // `zendesk:<subdomain>` | `jira:<cloudId>`
    .addColumn('tenant', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // One-time host tokens already exchanged (replay protection), kept until they expire.
  await db.schema
    .createTable('used_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  // Server-held signing keys, shared by every instance on the database.
  await db.schema
    .createTable('signing_keys')
    .addColumn('purpose', 'text', (c) => c.primaryKey())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Refused sign-ins, for review; rate-limited per source and code so a flood cannot fill the disk.
  await db.schema
    .createTable('auth_failures')
    .addColumn('id', postgres ? 'serial' : 'integer', (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('auth_failures_source_idx')
    .on('auth_failures')
    .columns(['source', 'code', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['auth_failures', 'signing_keys', 'used_tokens', 'tenant_hosts']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
