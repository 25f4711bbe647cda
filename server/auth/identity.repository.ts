import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Actor } from '../app-env.js';
import type { AuthFailuresTable, Database, TenantHostsTable, TenantsTable, UsersTable } from '../db/database.js';

type UserRow = Selectable<UsersTable>;
type TenantHostRow = Selectable<TenantHostsTable>;
type TenantHostListing = Pick<TenantHostRow, 'host_key' | 'tenant' | 'created_at'>;

/**
 * The identity tables: the users directory (names of verified users), the one-time Zendesk tokens,
 * the tenants and the host installations that reach them, and the record of refused sign-ins.
 * Plain queries; the rules (what is refused, how often a refusal is kept) live in the services.
 */

export function findUser(db: Kysely<Database>, tenant: string, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('tenant', '=', tenant).where('id', '=', id).executeTakeFirst();
}

/** Remembers a verified user, so names show in lists and settings; the host stays the authority. */
export async function rememberUser(db: Kysely<Database>, actor: Actor, at: string): Promise<void> {
  const { tenant, id, name, email, role } = actor;
  await db
    .insertInto('users')
    .values({ tenant, id, name, email, role, created_at: at })
    .onConflict((oc) => oc.columns(['tenant', 'id']).doUpdateSet({ name, email, role }))
    .execute();
}

/** Compare-and-set on the token's hash: true only for the first use. */
export async function markTokenUsed(db: Kysely<Database>, tokenHash: string, expiresAt: string): Promise<boolean> {
  const inserted = await db
    .insertInto('used_tokens')
    .values({ token_hash: tokenHash, expires_at: expiresAt })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Forgets used tokens that expired before `before`: they could not be replayed anyway. */
export async function forgetUsedTokens(db: Kysely<Database>, before: string): Promise<void> {
  await db.deleteFrom('used_tokens').where('expires_at', '<', before).execute();
}

export async function tenantExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('tenants').select('id').where('id', '=', id).executeTakeFirst());
}

/** Creates the tenant unless it exists (its name and ticket link stay as they were). */
export async function insertTenantOnce(db: Kysely<Database>, row: Insertable<TenantsTable>): Promise<void> {
  await db
    .insertInto('tenants')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export function findTenantHostRow(
  db: Kysely<Database>,
  hostKey: string,
): Promise<Pick<TenantHostRow, 'tenant' | 'config'> | undefined> {
  return db.selectFrom('tenant_hosts').select(['tenant', 'config']).where('host_key', '=', hostKey).executeTakeFirst();
}

/** Adds a host installation, or points an existing one at `tenant` with the new config. */
export async function upsertTenantHost(db: Kysely<Database>, row: Insertable<TenantHostsTable>): Promise<void> {
  await db
    .insertInto('tenant_hosts')
    .values(row)
    .onConflict((oc) => oc.column('host_key').doUpdateSet({ tenant: row.tenant, config: row.config }))
    .execute();
}

export function listTenantHosts(db: Kysely<Database>): Promise<TenantHostListing[]> {
  return db.selectFrom('tenant_hosts').select(['host_key', 'tenant', 'created_at']).orderBy('host_key').execute();
}

/** How many refusals with this code from this source were kept after `since`. */
export async function countAuthFailuresSince(
  db: Kysely<Database>,
  source: string,
  code: string,
  since: string,
): Promise<number> {
  const recent = await db
    .selectFrom('auth_failures')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('source', '=', source)
    .where('code', '=', code)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(recent.n);
}

export async function insertAuthFailure(db: Kysely<Database>, row: Insertable<AuthFailuresTable>): Promise<void> {
  await db.insertInto('auth_failures').values(row).execute();
}
