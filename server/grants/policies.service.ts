import { TRANSITIONS } from '../../shared/grant-rules.js';
import type { Flag } from '../../shared/grants.js';
import type { Settings } from '../../shared/settings.js';
import { addMinutes } from '../../shared/time.js';
import type { Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import type { GrantRow } from '../db/database.js';
import { flagReviewOverdue, mergeFlags } from './flags.js';
import { grantFlags } from './grant-view.js';
import { findGrant, grantFlagColumns, transitionGrant } from './grants.repository.js';

const event = (row: GrantRow, kind: string, at: string, data: Record<string, unknown>) => ({
  tenant: row.tenant,
  kind,
  occurredAt: at,
  actorId: null,
  grantId: row.id,
  ticketId: row.ticket_id,
  customerId: row.customer_id,
  data,
});

/**
 * Ends a request nobody decided within the admin's pending limit: `cancelled` with the cause
 * `pending_limit` on the record (the requester is told through the outbox). A compare-and-set, so
 * with several instances it happens once, and never to a request approved meanwhile.
 */
export async function timeOutPending(
  deps: Deps,
  candidate: GrantRow,
  settings: Settings,
  at: string,
): Promise<boolean> {
  const limit = settings.notifications.pendingLimitMinutes;
  if (addMinutes(candidate.requested_at, limit) > at) return false;
  return deps.db.transaction().execute(async (trx) => {
    const where = { tenant: candidate.tenant, id: candidate.id, from: TRANSITIONS.time_out };
    if (!(await transitionGrant(trx, where, { status: 'cancelled', cancelled_at: at, updated_at: at }))) return false;
    await appendAuditEvents(trx, [
      event(candidate, 'grant.cancelled', at, { cause: 'pending_limit', pendingLimitMinutes: limit }),
    ]);
    return true;
  });
}

/**
 * Flags an emergency session that no lead reviewed within the admin's limit `review_overdue`
 * (once: a grant already so flagged is left alone), with an audit row saying so.
 */
export async function flagOverdueReview(
  deps: Deps,
  candidate: GrantRow,
  settings: Settings,
  at: string,
): Promise<boolean> {
  const limit = settings.notifications.emergencyReviewLimitMinutes;
  if (!candidate.started_at || addMinutes(candidate.started_at, limit) > at) return false;
  return deps.db.transaction().execute(async (trx) => {
    const row = await findGrant(trx, candidate.tenant, candidate.id);
    if (!row || grantFlags(row).some((f) => f.code === 'review_overdue')) return false;
    const reviewed = await trx
      .selectFrom('reviews')
      .select('grant_id')
      .where('tenant', '=', row.tenant)
      .where('grant_id', '=', row.id)
      .executeTakeFirst();
    if (reviewed) return false;
    const flag: Flag = flagReviewOverdue(limit, at);
    const result = await trx
      .updateTable('grants')
      .set({ ...grantFlagColumns(mergeFlags(grantFlags(row), [flag])), updated_at: at })
      .where('tenant', '=', row.tenant)
      .where('id', '=', row.id)
      .where('flags', '=', row.flags)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await appendAuditEvents(trx, [event(row, 'grant.flagged', at, { flags: [flag] })]);
    return true;
  });
}
