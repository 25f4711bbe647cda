import type { Flag, Grant, GrantStatus, Outcome, AccessEvent } from '../../shared/grants.js';
import { effectiveStatus as statusNow, isOpen } from '../../shared/grant-rules.js';
import { secondsBetween } from '../../shared/time.js';
import type { AccessEventRow, GrantRow } from '../db/database.js';

/** The grant rule's effective status (shared/grant-rules.ts) for a stored row. */
export function effectiveStatus(row: Pick<GrantRow, 'status' | 'expires_at' | 'start_by'>, nowIso: string): GrantStatus {
  return statusNow({ status: row.status, expiresAt: row.expires_at, startBy: row.start_by }, nowIso);
}

export { isOpen };

/** Database row → API shape, with expiry applied as of `nowIso`. */
export function toGrant(row: GrantRow, nowIso: string): Grant {
  const status = effectiveStatus(row, nowIso);
  const expiredUnswept = status === 'expired' && row.status === 'active';
  const endedAt = expiredUnswept ? row.expires_at : row.ended_at;
  const endKind = expiredUnswept ? 'expired' : (row.status === 'ended' || row.status === 'expired' || row.status === 'revoked' ? row.status : null);
  return {
    id: row.id,
    tenant: row.tenant,
    ticket: { id: row.ticket_id, url: row.ticket_url },
    requester: { id: row.requester_id, name: row.requester_name, email: row.requester_email },
    reason: row.reason,
    reasonVague: row.reason_vague === 1,
    customerId: row.customer_id,
    systems: JSON.parse(row.systems) as string[],
    access: row.access,
    writeNeed: row.write_need,
    maskedDataChecked: row.masked_data_checked === null ? null : row.masked_data_checked === 1,
    unmaskFields: JSON.parse(row.unmask_fields) as string[],
    emergency: row.emergency === 1 ? { justification: row.emergency_justification ?? '' } : null,
    durationMinutes: row.duration_minutes,
    status,
    open: isOpen(status),
    requestedAt: row.requested_at,
    decision:
      row.decided_at && row.decided_by_id
        ? {
            outcome: row.status === 'denied' ? 'denied' : 'approved',
            by: { id: row.decided_by_id, name: row.decided_by_name },
            at: row.decided_at,
            note: row.decision_note,
          }
        : null,
    startBy: row.start_by,
    startedAt: row.started_at,
    expiresAt: row.expires_at,
    endedAt,
    endedBy: expiredUnswept ? 'system' : row.ended_by_id,
    endKind,
    endNote: row.end_note,
    cancelledAt: row.cancelled_at,
    durationSeconds: row.started_at && endedAt ? secondsBetween(row.started_at, endedAt) : null,
    outcome: row.outcome ? (JSON.parse(row.outcome) as Outcome) : null,
    flags: JSON.parse(row.flags) as Flag[],
    eventCount: row.event_count,
    recordCount: row.record_count,
  };
}

export function toAccessEvent(row: AccessEventRow): AccessEvent {
  return {
    id: row.id,
    kind: row.kind,
    target: row.target,
    fields: JSON.parse(row.fields) as string[],
    recordCount: row.record_count,
    queryName: row.query_name,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    accepted: row.accepted === 1,
    source: row.source,
    maskedFields: JSON.parse(row.masked_fields) as string[],
    customerId: row.customer_id,
    parameters: row.parameters ? (JSON.parse(row.parameters) as Record<string, unknown>) : null,
  };
}
