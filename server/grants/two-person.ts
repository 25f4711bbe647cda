import type { Kysely } from 'kysely';
import type { Settings } from '../../shared/settings.js';
import type { Actor } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import type { Database, GrantRow } from '../db/database.js';
import { isPostgres } from '../db/locks.js';
import { errors } from '../errors.js';

/**
 * Whether the admin's two-person rule covers this grant: write access (when switched on), or any
 * of the named systems.
 *
 * @example needsTwoApprovers({ write: true, systems: [] }, { access: 'write', systems: '["billing-db"]' }) // true
 */
export function needsTwoApprovers(
  rule: Settings['notifications']['twoApprovers'],
  row: Pick<GrantRow, 'access' | 'systems'>,
): boolean {
  if (rule.write && row.access === 'write') return true;
  const systems = JSON.parse(row.systems) as string[];
  return systems.some((s) => rule.systems.includes(s));
}

export interface FirstApproval {
  by: string;
  name: string;
  at: string;
}

/**
 * The two-person rule inside an approval (the caller has checked that `actor` may approve and is
 * not the requester). Returns `'recorded'` when this was the first of two approvals — it is kept,
 * audited (`grant.approval_recorded`, shown on the timeline) and the grant stays pending — or the
 * first approval by someone else when this one completes the pair (null when no rule applies).
 * The same approver twice is refused: two approvals mean two people.
 */
export async function twoPersonApproval(
  trx: Kysely<Database>,
  row: GrantRow,
  actor: Actor,
  settings: Settings,
  at: string,
  note: string | null,
): Promise<'recorded' | FirstApproval | null> {
  if (!needsTwoApprovers(settings.notifications.twoApprovers, row)) return null;
  // Two first approvals at once must not both stay "first": hold the grant row while deciding.
  if (isPostgres(trx)) {
    await trx
      .selectFrom('grants')
      .select('id')
      .where('tenant', '=', row.tenant)
      .where('id', '=', row.id)
      .forUpdate()
      .execute();
  }
  const given = await trx
    .selectFrom('grant_approvals')
    .selectAll()
    .where('tenant', '=', row.tenant)
    .where('grant_id', '=', row.id)
    .orderBy('approved_at')
    .execute();
  if (given.some((g) => g.approver_id === actor.id))
    throw errors.conflict(
      'approval_already_given',
      `You already approved grant ${row.id}; this access needs a second, different approver`,
    );
  const first = given[0];
  if (first) return { by: first.approver_id, name: first.approver_name, at: first.approved_at };
  await trx
    .insertInto('grant_approvals')
    .values({
      tenant: row.tenant,
      grant_id: row.id,
      approver_id: actor.id,
      approver_name: actor.name,
      note,
      approved_at: at,
    })
    .execute();
  await trx
    .updateTable('grants')
    .set({ updated_at: at })
    .where('tenant', '=', row.tenant)
    .where('id', '=', row.id)
    .execute();
  await appendAuditEvents(trx, [
    {
      tenant: row.tenant,
      kind: 'grant.approval_recorded',
      occurredAt: at,
      actorId: actor.id,
      grantId: row.id,
      ticketId: row.ticket_id,
      customerId: row.customer_id,
      data: { note, approvalsNeeded: 2, approvalsGiven: 1 },
    },
  ]);
  return 'recorded';
}
