import {
  zAccessEventSchema,
  zGrantSchema,
  zOutcomeSchema,
  zPendingExtensionSchema,
  zTimelineEntrySchema,
  type AccessEvent,
  type GrantExtension,
  type PendingExtension,
  type Flag,
  type Grant,
  type GrantStatus,
  type Outcome,
} from '../../shared/grants.js';
import {
  effectiveStatus as statusNow,
  isOpen,
  SESSION_END_STATUSES,
  type SessionEndStatus,
} from '../../shared/grant-rules.js';
import { secondsBetween } from '../../shared/time.js';
import type { AccessEventRow, AuditEventRow, GrantRow } from '../db/database.js';
import { parseJsonColumn } from '../db/json-column.js';

// The JSON columns of grants and access events, read with the contract's own schemas for them
// (parseJsonColumn: a bad stored value is a 500 naming the column), e.g. `grantFlags(row)`.
const grantColumn = zGrantSchema.shape;
const eventColumn = zAccessEventSchema.shape;

/** `grants.flags`, checked against the flag schema. */
export const grantFlags = (row: Pick<GrantRow, 'flags'>): Flag[] =>
  parseJsonColumn(grantColumn.flags, row.flags, 'grants.flags');
/** `grants.systems`. */
export const grantSystems = (row: Pick<GrantRow, 'systems'>): string[] =>
  parseJsonColumn(grantColumn.systems, row.systems, 'grants.systems');
/** `grants.unmask_fields`. */
export const grantUnmaskFields = (row: Pick<GrantRow, 'unmask_fields'>): string[] =>
  parseJsonColumn(grantColumn.unmaskFields, row.unmask_fields, 'grants.unmask_fields');
/** `grants.outcome`, null until the requester records it. */
export const grantOutcome = (row: Pick<GrantRow, 'outcome'>): Outcome | null =>
  row.outcome === null ? null : parseJsonColumn(zOutcomeSchema, row.outcome, 'grants.outcome');
/** `grants.extensions`: decided extensions, oldest first. */
export const grantExtensions = (row: Pick<GrantRow, 'extensions'>): GrantExtension[] =>
  parseJsonColumn(grantColumn.extensions, row.extensions, 'grants.extensions');
/** `grants.pending_extension`: the extension waiting for an approver. */
export const grantPendingExtension = (row: Pick<GrantRow, 'pending_extension'>): PendingExtension | null =>
  row.pending_extension === null
    ? null
    : parseJsonColumn(zPendingExtensionSchema, row.pending_extension, 'grants.pending_extension');
/** Minutes applied extensions added to the requested duration. */
export const extendedMinutes = (extensions: readonly GrantExtension[]): number =>
  extensions.reduce((sum, e) => sum + (e.outcome === 'denied' ? 0 : e.minutes), 0);
/** `audit_events.data` as a grant's timeline shows it. */
export const timelineData = (row: Pick<AuditEventRow, 'data'>): Record<string, unknown> =>
  parseJsonColumn(zTimelineEntrySchema.shape.data, row.data, 'audit_events.data');

const SESSION_ENDS = new Set<GrantStatus>(SESSION_END_STATUSES);
const isSessionEnd = (status: GrantStatus): status is SessionEndStatus => SESSION_ENDS.has(status);

/** The grant rule's effective status (shared/grant-rules.ts) for a stored row. */
export function effectiveStatus(
  row: Pick<GrantRow, 'status' | 'expires_at' | 'start_by'>,
  nowIso: string,
): GrantStatus {
  return statusNow({ status: row.status, expiresAt: row.expires_at, startBy: row.start_by }, nowIso);
}

export { isOpen };

/** Database row → API shape, with expiry applied as of `nowIso`. */
export function toGrant(row: GrantRow, nowIso: string): Grant {
  const status = effectiveStatus(row, nowIso);
  const expiredUnswept = status === 'expired' && row.status === 'active';
  const endedAt = expiredUnswept ? row.expires_at : row.ended_at;
  const endKind = expiredUnswept ? 'expired' : isSessionEnd(row.status) ? row.status : null;
  const extensions = grantExtensions(row);
  return {
    id: row.id,
    tenant: row.tenant,
    ticket: { id: row.ticket_id, url: row.ticket_url },
    requester: { id: row.requester_id, name: row.requester_name, email: row.requester_email },
    reason: row.reason,
    reasonVague: row.reason_vague === 1,
    customerId: row.customer_id,
    systems: grantSystems(row),
    access: row.access,
    writeNeed: row.write_need,
    maskedDataChecked: row.masked_data_checked === null ? null : row.masked_data_checked === 1,
    unmaskFields: grantUnmaskFields(row),
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
    endedByName: expiredUnswept ? null : row.ended_by_name,
    endKind,
    endNote: row.end_note,
    cancelledAt: row.cancelled_at,
    durationSeconds: row.started_at && endedAt ? secondsBetween(row.started_at, endedAt) : null,
    outcome: grantOutcome(row),
    flags: grantFlags(row),
    eventCount: row.event_count,
    recordCount: row.record_count,
    extensions,
    extendedMinutes: extendedMinutes(extensions),
    // Only an active grant can still be extended: a request left when it closed is moot.
    pendingExtension: status === 'active' ? grantPendingExtension(row) : null,
  };
}

export function toAccessEvent(row: AccessEventRow): AccessEvent {
  return {
    id: row.id,
    kind: row.kind,
    target: row.target,
    fields: parseJsonColumn(eventColumn.fields, row.fields, 'access_events.fields'),
    recordCount: row.record_count,
    queryName: row.query_name,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    accepted: row.accepted === 1,
    source: row.source,
    maskedFields: parseJsonColumn(eventColumn.maskedFields, row.masked_fields, 'access_events.masked_fields'),
    customerId: row.customer_id,
    parameters:
      row.parameters === null
        ? null
        : parseJsonColumn(eventColumn.parameters, row.parameters, 'access_events.parameters'),
  };
}
