import type { AuditEventRow, OutboxTable } from '../db/database.js';

export type Channel = OutboxTable['channel'];

/**
 * Which audit events are announced, and on which channels: people are told by email and Slack,
 * the ticket by its internal note. The rule lives here once; the outbox hook and the tests read it.
 */
export function channelsFor(kind: string, data: Record<string, unknown>): Channel[] {
  switch (kind) {
    case 'grant.requested':
      // An emergency request announces itself with its `grant.started` (leads, not approvers).
      return data.emergency ? [] : ['email', 'slack'];
    case 'grant.started':
      return data.emergency ? ['email', 'slack'] : [];
    case 'grant.approved':
    case 'grant.denied':
    case 'grant.revoked':
    case 'grant.approval_recorded':
      return ['email', 'slack'];
    case 'grant.cancelled':
      return data.cause === 'pending_limit' ? ['email', 'slack'] : [];
    case 'grant.ended':
      return data.outcome ? ['ticket_note'] : [];
    case 'grant.outcome_recorded':
      return ['ticket_note'];
    default:
      return [];
  }
}

/** Topics the scheduler raises without an audit event: nothing changed, someone must act. */
export const SCHEDULED_TOPICS = ['grant.reminder', 'grant.expiring'] as const;
export type ScheduledTopic = (typeof SCHEDULED_TOPICS)[number];
export const SCHEDULED_CHANNELS: Record<ScheduledTopic, Channel[]> = {
  'grant.reminder': ['email', 'slack'],
  'grant.expiring': ['email'],
};

/** The kinds `channelsFor` may announce; any other event (access events, settings…) is not even parsed. */
const ANNOUNCED = new Set([
  'grant.requested',
  'grant.started',
  'grant.approved',
  'grant.denied',
  'grant.revoked',
  'grant.approval_recorded',
  'grant.cancelled',
  'grant.ended',
  'grant.outcome_recorded',
]);

/** The outbox rows that announce `events` (nothing for kinds no one is told of). */
export function announcementsOf(events: readonly AuditEventRow[]) {
  const rows = [];
  for (const event of events) {
    if (!ANNOUNCED.has(event.kind)) continue;
    const data = event.data ? (JSON.parse(event.data) as Record<string, unknown>) : {};
    for (const channel of channelsFor(event.kind, data)) {
      rows.push({
        tenant: event.tenant,
        topic: event.kind,
        channel,
        dedupe_key: `audit:${event.tenant}:${event.seq}`,
        grant_id: event.grant_id,
        audit_event_id: event.id,
        payload: event.data,
        state: 'pending' as const,
        next_attempt_at: event.occurred_at,
        lease_until: null,
        lease_owner: null,
        last_error: null,
        created_at: event.occurred_at,
        delivered_at: null,
      });
    }
  }
  return rows;
}
