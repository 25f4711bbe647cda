import type { Insertable, Kysely } from 'kysely';
import type { Database, IntegrationCredentialRow, IntegrationCredentialsTable } from '../db/database.js';

type Row = IntegrationCredentialRow;

/** By id alone: the bearer names its row, and the row names the tenant. */
export function findCredential(db: Kysely<Database>, id: string): Promise<Row | undefined> {
  return db.selectFrom('integration_credentials').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findTenantCredential(db: Kysely<Database>, tenant: string, id: string): Promise<Row | undefined> {
  return db
    .selectFrom('integration_credentials')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listCredentials(db: Kysely<Database>, tenant: string): Promise<Row[]> {
  return db
    .selectFrom('integration_credentials')
    .selectAll()
    .where('tenant', '=', tenant)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function insertCredential(db: Kysely<Database>, row: Insertable<IntegrationCredentialsTable>) {
  await db.insertInto('integration_credentials').values(row).execute();
}

/** Compare-and-set: only a credential not yet revoked is revoked (true when this call did it). */
export async function markRevoked(db: Kysely<Database>, tenant: string, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('integration_credentials')
    .set({ revoked_at: at })
    .where('tenant', '=', tenant)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markUsed(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('integration_credentials').set({ last_used_at: at }).where('id', '=', id).execute();
}
