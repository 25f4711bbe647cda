import type { Kysely } from 'kysely';
import { approversAt } from '../../shared/grant-rules.js';
import type { Database, GrantRow } from '../db/database.js';
import type { Logger } from '../errors.js';
import { readSettings } from '../settings/settings.repository.js';

const TO_APPROVERS = new Set(['grant.requested', 'grant.reminder', 'grant.approval_recorded']);
const TO_REQUESTER = new Set(['grant.approved', 'grant.denied', 'grant.revoked', 'grant.cancelled', 'grant.expiring']);

/**
 * The people a topic is for, as directory user ids: approvers who may decide *now* (the rota after
 * hours; never the requester, nor one who already gave the first of two approvals), the requester,
 * or the leads for an emergency session.
 */
export async function recipientIds(
  db: Kysely<Database>,
  logger: Logger,
  topic: string,
  grant: GrantRow,
  at: string,
): Promise<string[]> {
  if (TO_REQUESTER.has(topic)) return [grant.requester_id];
  if (TO_APPROVERS.has(topic)) {
    const settings = await readSettings(db, grant.tenant, logger);
    const already = await db
      .selectFrom('grant_approvals')
      .select('approver_id')
      .where('tenant', '=', grant.tenant)
      .where('grant_id', '=', grant.id)
      .execute();
    const skip = new Set([grant.requester_id, ...already.map((a) => a.approver_id)]);
    return approversAt(settings, new Date(at)).filter((id) => !skip.has(id));
  }
  if (topic === 'grant.started') {
    const leads = await db
      .selectFrom('users')
      .select('id')
      .where('tenant', '=', grant.tenant)
      .where('role', '=', 'lead')
      .execute();
    return leads.map((l) => l.id).filter((id) => id !== grant.requester_id);
  }
  return [];
}

/** Email addresses of those users that the directory knows (the requester's is on the grant). */
export async function emailsOf(db: Kysely<Database>, grant: GrantRow, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('tenant', '=', grant.tenant)
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r.email]));
  if (grant.requester_email) byId.set(grant.requester_id, byId.get(grant.requester_id) || grant.requester_email);
  return [...new Set(ids.map((id) => byId.get(id)).filter((e): e is string => Boolean(e?.includes('@'))))];
}
