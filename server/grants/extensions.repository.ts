import type { Kysely, Updateable } from 'kysely';
import type { Database, GrantsTable } from '../db/database.js';

/**
 * Changes an active grant only if nobody moved it meanwhile: still active, still expiring at the
 * time it was read (so two extensions never both add to the same expiry), not yet past it, and
 * with the pending extension it was read with. Returns whether this call made the change.
 */
export async function updateActiveGrant(
  db: Kysely<Database>,
  where: { tenant: string; id: string; expiresAt: string; pendingExtension: string | null; now: string },
  patch: Updateable<GrantsTable>,
): Promise<boolean> {
  let query = db
    .updateTable('grants')
    .set(patch)
    .where('tenant', '=', where.tenant)
    .where('id', '=', where.id)
    .where('status', '=', 'active')
    .where('expires_at', '=', where.expiresAt)
    .where('expires_at', '>', where.now);
  query =
    where.pendingExtension === null
      ? query.where('pending_extension', 'is', null)
      : query.where('pending_extension', '=', where.pendingExtension);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
